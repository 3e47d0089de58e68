// content/content.h — from files under content/ to Page values.
// Owns: discovery of the source tree (the only disk reads of content), front-matter
// splitting and validation per page kind, and each page's URL and output path.
// Does not own: Markdown rendering (markdown/) or anything that needs other pages (site/).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/diagnostic.h"
#include "core/page.h"

namespace agora {

/// A file read from disk: its path relative to the site root and its bytes.
struct SourceFile {
  std::string path;  ///< "content/docs/intro.md"
  std::string text;
};

/// A non-Markdown file under content/ or static/, copied to the output as is.
struct StaticFile {
  std::string source_path;  ///< absolute or cwd-relative path to copy from
  std::string output_path;  ///< relative output path
};

struct DiscoveredSite {
  std::vector<SourceFile> pages;     ///< every .md under content/, sorted by path
  std::vector<StaticFile> statics;   ///< other files under content/ and static/, sorted
};

/// Walks `<root>/content` and `<root>/static`. Hidden files and folders (".x") are skipped.
/// Symlinks that leave the site root are errors. Reads Markdown files into memory.
DiscoveredSite discover(const std::string& root, Diagnostics& diags, unsigned jobs = 0);

struct ParseOptions {
  bool drafts = false;  ///< keep drafts and future-dated posts
  std::optional<Date> now;  ///< reference date for "future" (SOURCE_DATE_EPOCH); none = no cut-off
};

/// Splits front matter from the body, validates it for the page's kind and fills
/// kind, section, meta, url and output_path. Returns nullopt when the file has errors.
std::optional<Page> parse_page(SourceFile file, const SiteConfig& config, Diagnostics& diags);

/// True when the page is left out of this build (draft or future-dated) under `opts`.
bool excluded_from_build(const Page& page, const ParseOptions& opts);

/// Front-matter keys accepted for a kind, for "did you mean" and documentation.
std::vector<std::string> front_matter_keys(PageKind kind);

}  // namespace agora
