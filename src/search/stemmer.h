// search/stemmer.h — word stems for a site language, through Xapian's Snowball stemmers.
// Owns: mapping a site language ("en", "pt-BR", "German") to a Xapian stemmer, and Stemmer,
// a per-thread stemming object with a cache of the stems it has made.
// Does not own: splitting text into words (tokenizer.h).
// Internal to search/: other modules include only search/search_index.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <functional>
#include <unordered_map>

namespace agora {

/// The Xapian stemmer name for a language code or name: "en", "en-US", "English" → "english";
/// "pt_BR" → "portuguese". Returns "none" for languages Xapian has no stemmer for (and for
/// "", "none", "zh", "ja", "ko").
std::string stemmer_name_for_language(std::string_view language);

/// Every stemmer Xapian ships, by name ("arabic armenian basque ...").
std::string available_stemmers();

/// Stems lowercase words. Not thread-safe: make one per thread (they are cheap). Caches every
/// stem it has computed, so a word is stemmed once per Stemmer.
class Stemmer {
 public:
  /// `name` as returned by stemmer_name_for_language; "none" stems nothing.
  explicit Stemmer(const std::string& name);
  ~Stemmer();
  Stemmer(Stemmer&&) noexcept;
  Stemmer& operator=(Stemmer&&) noexcept;

  /// The stem of a lowercase word. Words that start with a digit are returned unchanged.
  const std::string& stem(std::string_view lower_word);
  /// The same without the cache (for measuring the cache's worth).
  std::string stem_uncached(std::string_view lower_word) const;
  bool is_none() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> cache_;
};

}  // namespace agora
