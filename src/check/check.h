// check/check.h — checks over the generated site: every internal link and #anchor in every
// output HTML page (links written in Markdown and links templates produce), missing images and
// assets, and pages nothing links to. Reads the output with check/html_scan.h.
// Owns: the link checker and the diagnostic output formats (human, GitHub annotations, JSON).
// Does not own: building the pages (build/) or where they came from beyond what it is told.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace agora {

/// A generated HTML file to check. The views point into the build's own strings (no copy of
/// the site's HTML is made); they must outlive the check_links call.
struct CheckedPage {
  std::string path;              ///< output path, "docs/intro/index.html"
  std::string_view html;
  std::string source_path;       ///< the Markdown file it came from, or "" (lists, 404...)
  std::string_view source_text;  ///< that file's text, to quote lines in diagnostics
  /// Links the Markdown produced: final URL (as written into the HTML, before HTML and percent
  /// escaping — both sides are compared percent-decoded) → where it was written.
  std::multimap<std::string, SourceLoc> source_links;
};

struct LinkCheckOptions {
  std::string base_path = "/";  ///< "/repo/": internal URLs start with it
  bool orphans = true;          ///< warn about pages no other page links to
};

/// Checks links in `pages` against the set of all output file paths (HTML and others).
/// Broken links are errors at the Markdown position that produced them when known, else at
/// the output file; orphan pages are warnings at their source file. One problem at one place is
/// reported once, even when several output pages carry it (a section index and its pagination).
void check_links(const std::vector<CheckedPage>& pages, const std::vector<std::string>& all_files,
                 const LinkCheckOptions& options, unsigned jobs, Diagnostics& diags);

enum class DiagnosticFormat { Human, GitHub, Json };

/// Formats diagnostics for output: human (compiler style), GitHub workflow annotations
/// (`::error file=…,line=…,col=…::message`), or a JSON document.
std::string format_for(const Diagnostics& diags, DiagnosticFormat format, bool color);

}  // namespace agora
