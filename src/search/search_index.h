// search/search_index.h — full-text search for a built site, with no server: a static index
// written at build time and the same ranking the browser client runs.
// Owns: the search index files under search/ in the output (format: src/search/README.md),
// tokenising, per-language Snowball stemming (the only user of Xapian), BM25F scoring with
// field boosts, and answering queries from the files of a built site (`agora search`).
// Does not own: where the documents come from (build/ makes SearchDocument values from pages
// and plugin listings), writing files (output/), or the browser client's UI (the default
// theme's static/search/search.js; its ranking half, search-core.js, mirrors search_query.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/page.h"

namespace agora {

/// Part of a page under one h2/h3 heading: a sub-result links to url#anchor.
struct SearchSection {
  std::string anchor;     ///< heading id; "" for the text before the first heading
  std::string heading;    ///< heading text ("" for the first section)
  std::string_view text;  ///< plain text of the section: a view into the page's text (no copy
                          ///< of a site's worth of text), which must outlive the index build
};

/// One page (or plugin listing) as the index sees it.
struct SearchDocument {
  std::string url;       ///< with the base path, e.g. "/repo/docs/intro/"
  std::string title;
  std::string section;   ///< "docs", "blog", "plugins", ...
  std::string category;  ///< plugin category, or ""
  std::string language;  ///< "en"; informational (the index has one language)
  std::vector<std::string> tags;
  std::string summary;   ///< shown as the excerpt; indexed too when the body does not contain it
  std::vector<SearchSection> sections;  ///< body by heading; the first is the text before any
};

/// The document for a content page: its title, section folder ("" for pages outside one), tags,
/// description (else its first paragraph) as the excerpt, and its plain text split at its h2/h3
/// headings. `url` is the page's URL with the base path. The section texts point into
/// page.plain_text: keep the page alive while the index is built.
SearchDocument search_document(const Page& page, std::string url, std::string language);

/// One file of the index, relative to the output root ("search/root.json").
struct SearchFile {
  std::string path;
  std::string content;
};

/// Tuning knobs; the defaults are the measured choices (bench/search/README.md).
struct SearchIndexOptions {
  std::string language = "en";  ///< site language: "en", "fr", "pt-BR", "none"...
  unsigned jobs = 0;            ///< threads; 0 = one per core
  bool fold_accents = true;     ///< "café" and "cafe" are the same word
  size_t top_postings = 150;    ///< pages per stem in its shard (and every page with it in its
                                ///< title, up to 4×); the rest go to the tail file
  size_t results_per_stem = 8;  ///< a stem's best pages are placed in one display chunk
  size_t shard_bytes = 9000;    ///< target size of a term shard before gzip
  size_t chunk_docs = 0;        ///< pages per display chunk; 0 = chosen from max_files
  size_t max_files = 500;       ///< aim: at most this many index files
  std::string dir = "search";   ///< folder of the index in the output
};

/// What build_search_index made, for `agora build --stats` and the bench.
struct SearchIndexStats {
  size_t files = 0;
  uint64_t bytes = 0;
  uint64_t largest_shard = 0;  ///< bytes of the largest term shard
  size_t terms = 0;            ///< distinct indexed words (after folding)
  size_t stems = 0;
  size_t documents = 0;
  std::string stemmer;         ///< the Xapian stemmer used ("english", "none", ...)
  double build_ms = 0;
  std::vector<std::pair<std::string, double>> phases;  ///< milliseconds per build step
};

/// Builds the static index of `docs`. Deterministic: the same documents give the same bytes.
/// An unknown language is a warning (no stemming); nothing else is reported.
std::vector<SearchFile> build_search_index(const std::vector<SearchDocument>& docs,
                                           const SearchIndexOptions& options,
                                           SearchIndexStats& stats, Diagnostics& diags);
/// The same with default options apart from the language and the thread count.
std::vector<SearchFile> build_search_index(const std::vector<SearchDocument>& docs,
                                           const std::string& language, unsigned jobs,
                                           SearchIndexStats& stats);

/// "search index: 312 files, 4.1 MB, largest shard 9.2 KB, 48211 words, 61 ms (english)"
std::string search_stats_line(const SearchIndexStats& stats);

/// Splits a page's plain text (markdown/ output: one block per line, headings included as
/// their own lines) into sections at its h2/h3 headings. Headings are matched in order by
/// text; a heading not found in the text is skipped. The sections' text views point into
/// `plain_text`.
std::vector<SearchSection> sections_from_plain_text(std::string_view plain_text,
                                                    const std::vector<Heading>& headings,
                                                    int max_level = 3);

/// One result: a page, and the heading (if any) where the query matched best.
struct SearchHit {
  std::string url, title, section, category;
  std::string anchor, heading;  ///< "" when the best match is the page as a whole
  std::string excerpt;          ///< the page summary
  double score = 0;             ///< the integer ranking score
  size_t matched = 0;           ///< how many query terms the page matched
};

/// Answers a query from the index files of a built site (`out_dir`/search/), with exactly the
/// ranking of the browser client: quoted phrases, -exclusions, prefix completion of the last
/// word (when the query does not end in a space), stem guesses and one-edit typo tolerance.
/// Missing or unreadable index files are errors in `diags`.
std::vector<SearchHit> search_built_site(const std::string& out_dir, std::string_view query,
                                         size_t limit, Diagnostics& diags);

/// `agora search` output. Human:
///   1. Configuring the cache — /docs/cache/#eviction
///      docs · Eviction
///      The cache keeps rendered pages in memory.
/// JSON (--json): [{"url", "title", "section", "category", "anchor", "heading", "excerpt",
/// "score", "matched"}, ...] on one line.
std::string format_search_hits(const std::vector<SearchHit>& hits, bool json);

}  // namespace agora
