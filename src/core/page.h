// core/page.h — the values a build passes between stages: a content page, its front matter,
// its rendered Markdown. Owns: PageKind, Heading, FrontMatter, Page.
// Does not own: how they are parsed (content/), rendered (markdown/) or arranged (site/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/diagnostic.h"

namespace agora {

/// What a section holds; decides layout, listing and feeds.
enum class PageKind { Doc, Post, Tutorial, CaseStudy, Event, Page };

const char* page_kind_name(PageKind k);                       ///< "docs", "blog", ...
std::optional<PageKind> page_kind_from_name(std::string_view s);

/// A heading found in a page's Markdown, with the id written on its element.
struct Heading {
  int level = 0;
  std::string text;  ///< plain text of the heading
  std::string id;    ///< unique within the page
  int line = 0;      ///< source line (in the whole file)
};

/// A link or image destination found in Markdown, at its source position.
struct LinkRef {
  std::string url;
  SourceLoc loc;
  bool image = false;
};

struct Quote {
  std::string text, author, role;
};

/// Front matter: the YAML block at the top of a content file. Kind-specific fields are empty
/// unless the page is of that kind.
struct FrontMatter {
  std::string title, description, slug, layout;
  std::optional<Date> date, updated;
  std::optional<int64_t> weight;
  std::vector<std::string> tags, authors, aliases;
  bool draft = false;
  // tutorials
  std::string difficulty, duration;
  std::vector<std::string> prerequisites;
  // case studies
  std::string organization, challenge, solution, results;
  std::optional<Quote> quote;
  // events
  std::optional<Date> event_end;
  std::string location, registration;
  bool online = false;
  /// Where each key was written, for later diagnostics (slug clashes, bad aliases...).
  std::map<std::string, SourceLoc> key_locs;
};

/// One content page from discovery to output.
struct Page {
  std::string source_path;  ///< e.g. "content/docs/guide/install.md" (site-root relative)
  std::string rel_path;     ///< relative to content/: "docs/guide/install.md"
  std::string source;       ///< the whole file text
  size_t body_offset = 0;   ///< where the Markdown body starts in `source`
  int body_line = 1;        ///< 1-based line of the body's first line

  PageKind kind = PageKind::Page;
  std::string section;      ///< top-level folder under content/ ("" for root pages)
  bool is_index = false;    ///< _index.md / index.md: the section's or folder's own page
  FrontMatter meta;

  std::string url;          ///< site-relative pretty URL, "/docs/guide/install/"
  std::string output_path;  ///< "docs/guide/install/index.html"

  // Filled by the Markdown stage.
  std::string html;
  std::vector<Heading> headings;
  std::vector<LinkRef> links;
  std::string plain_text;
  std::string summary;      ///< first paragraph as plain text, for lists and feeds
  size_t word_count = 0;
  int reading_minutes = 1;
};

}  // namespace agora
