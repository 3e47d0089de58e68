// search/search_query.h — answering a query from the static index files, step for step as the
// browser client (search-core.js) does, so `agora search` and the browser rank alike.
// Owns: query parsing (words, "phrases", -exclusions, the prefix being typed), resolving
// words to stems (exact, completion, stem guess, one-edit typo), integer scoring and ranking,
// and which index files a query reads.
// Does not own: building the files (index_builder.cc) or their encodings (codec.h).
// Internal to search/: other modules call search_built_site() in search_index.h.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "search/search_index.h"

namespace agora {

/// One term of a parsed query.
struct QueryTerm {
  std::vector<std::string> keys;  ///< folded words; several for a phrase
  std::vector<uint32_t> offsets;  ///< phrase: each word's position after the first word's
  bool phrase = false;
  bool prefix = false;   ///< the word being typed: completions count too
  bool exclude = false;  ///< -word
};

/// Splits a query into terms (see src/search/README.md, "Queries").
std::vector<QueryTerm> parse_query(std::string_view query, bool fold_accents);

/// Reads an index file by its path relative to the index folder ("root.json", "t/ab12.json").
using IndexFileLoader = std::function<std::optional<std::string>(const std::string& path)>;

/// A ranked page before its display data is read.
struct RankedPage {
  uint32_t doc = 0;
  uint32_t matched = 0;
  uint64_t score = 0;
  uint32_t section = 0;  ///< best section (0 = the page as a whole)
};

/// Queries one index. Keeps every file it has read (like the browser's cache), so a reader can
/// answer several queries; fetched() lists the files read, in order.
class IndexReader {
 public:
  /// `where` prefixes file names in diagnostics (e.g. "public/search/").
  IndexReader(IndexFileLoader load, Diagnostics& diags, std::string where = {});
  ~IndexReader();

  /// The best `limit` pages for `query`, with display data.
  std::vector<SearchHit> search(std::string_view query, size_t limit);
  /// Ranking only: every matching page, best first; `total` pages matched.
  std::vector<RankedPage> rank(std::string_view query);

  const std::vector<std::string>& fetched() const { return fetched_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> fetched_;
};

}  // namespace agora
