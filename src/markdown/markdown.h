// markdown/markdown.h — the only user of cmark-gfm. Turns one page's Markdown body into HTML
// plus what later stages need from it: headings with unique ids, every link with its source
// position, plain text, a summary and a word count.
// Owns: GFM parsing and rendering (tables, strikethrough, autolinks, task lists, footnotes),
// heading ids and anchors, GitHub alerts, the URL scheme policy for links and images, and the
// per-file cost limits that keep hostile Markdown from stalling a build.
// Does not own: what a link points to (the caller's LinkRewriter resolves "guide.md" to a
// page URL), front matter (content/), templates (theme/), search tokenising (search/).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/page.h"

namespace agora {

/// What one Markdown file may do and cost. Every limit is an error when exceeded, reported at
/// the position where it was exceeded.
struct MarkdownOptions {
  bool unsafe_html = false;            ///< raw HTML is omitted unless the site opts in
  size_t max_input_bytes = 1 << 20;    ///< bigger files are an error
  int max_nesting = 32;                ///< block quotes / lists nested deeper: error
  size_t max_table_cells = 10000;      ///< rows x columns over all tables of the page
  size_t max_output_bytes = 8 << 20;   ///< rendered HTML of one page
  size_t max_link_definitions = 1000;  ///< `[label]: url` reference definitions
};

/// Called for every link/image destination that has no scheme, e.g. "../guide/install.md#usage".
/// Returns the URL to write instead, or nullopt to keep it. May report diagnostics (e.g. a
/// missing .md target). Called from the thread that called render().
using LinkRewriter = std::function<std::optional<std::string>(std::string_view url,
                                                              const SourceLoc& at, bool image)>;

/// Everything the Markdown stage produces for one page.
struct MarkdownResult {
  std::string html;
  std::vector<Heading> headings;  ///< in document order, each with the id written on its element
  std::vector<LinkRef> links;     ///< every link/image destination as written (before rewriting)
  std::string plain_text;         ///< text only, blocks separated by newlines, code included
  std::string summary;            ///< plain text of the first paragraph, cut near 300 characters
  size_t word_count = 0;
};

/// Renders Markdown pages. One per build; render() keeps no state between calls and may run on
/// several threads at once.
class MarkdownRenderer {
 public:
  explicit MarkdownRenderer(MarkdownOptions options = {});

  /// `body` is the Markdown; `file` names it in diagnostics; `first_line` is the 1-based line of
  /// body's first line in the whole file (front matter comes before); `whole_source` is the whole
  /// file text (diagnostics quote lines from it; may be empty, then lines are quoted from body).
  /// Returns nullopt when an error was reported (size/nesting/table/output bounds, disallowed URL
  /// scheme...).
  std::optional<MarkdownResult> render(std::string_view body, const std::string& file,
                                       int first_line, std::string_view whole_source,
                                       const LinkRewriter& rewrite, Diagnostics& diags) const;

  const MarkdownOptions& options() const { return options_; }

 private:
  MarkdownOptions options_;
};

/// Where a Markdown body sits in its file, for diagnostics.
struct MarkdownSource {
  std::string_view body;
  const std::string& file;
  int first_line = 1;             ///< file line of body's first line
  std::string_view whole_source;  ///< may be empty

  /// The location of 1-based `body_line`:`col` of body in the file.
  SourceLoc loc(int body_line, int col) const;
  /// Reports an error at body_line:col, quoting the line (long lines are shortened).
  void error(Diagnostics& diags, int body_line, int col, std::string message,
             std::string hint) const;
};

/// The checks render() makes on the raw text before cmark-gfm sees it: the size limit, then one
/// linear scan for the shapes that Debian's cmark-gfm 0.29.0.gfm.6 parses in quadratic time or
/// expands while parsing — list/quote markers nested on one line (CVE-2023-24824), `![` openers
/// before many links, tables whose short rows are padded to the header's width, one long
/// reference definition used many times, '@' for the email autolinker — and the
/// link-definition count. The scan over-counts on purpose (it does not know about code blocks),
/// so a limit can trip early on an unusual page, never late on a hostile one. Reports each
/// exceeded limit once; returns false if any was. Exposed for tests; render() calls it.
bool prescan_markdown(const MarkdownSource& src, const MarkdownOptions& options,
                      Diagnostics& diags);

}  // namespace agora
