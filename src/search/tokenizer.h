// search/tokenizer.h — the words of a text, as the index and every query see them.
// Owns: splitting UTF-8 text into words (Unicode letters, marks and digits), lowercasing,
// CJK text as overlapping character bigrams, and the accent folding that makes "café" and
// "cafe" one key. The browser client (themes/default/static/search/search-core.js) repeats
// these rules exactly; src/search/README.md states them once for both.
// Does not own: stemming (stemmer.h) or what the words are used for (index/query).
// Internal to search/: other modules include only search/search_index.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"

namespace agora {

/// How one code point takes part in a word.
enum class CharClass : uint8_t {
  Separator,  ///< ends a word (spaces, punctuation, symbols, '_', apostrophes)
  Word,       ///< a letter or digit: part of a word
  Mark,       ///< a combining mark: part of the word it follows
  Cjk,        ///< Han, Hiragana, Katakana, Hangul: indexed as character bigrams
};

/// Longest word kept, in bytes; longer runs (hashes, base64) are skipped.
inline constexpr size_t kMaxWordBytes = 64;

/// The class of a non-ASCII code point (ASCII is handled inline by the tokenizer).
CharClass char_class(char32_t cp);
/// Simple (one-to-one) lowercase mapping of a code point.
char32_t lower_char(char32_t cp);

/// Appends `lower` with accents folded: combining marks U+0300–U+036F dropped, letters of
/// Latin-1, Latin Extended-A/B and Latin Extended Additional mapped to ASCII ("é" → "e",
/// "ß" → "ss", "ø" → "o"). Other characters are kept.
void append_folded(std::string& out, std::string_view lower);
std::string fold_accents(std::string_view lower);
/// True when fold_accents would return its input unchanged (ASCII, most non-Latin text).
bool fold_is_identity(std::string_view lower);

/// Splits `text` into words. Calls fn(word, position, begin, end, cjk) for each word kept,
/// where `word` is the lowercased (not folded) word, valid only during the call, `position`
/// its token position and [begin, end) its bytes in `text`. Every word — kept or skipped
/// (single letters, words longer than kMaxWordBytes) — takes one position, starting at `pos`.
/// A run of CJK characters gives its overlapping bigrams, or the character itself when alone.
/// Returns the next free position. `scratch` is a reusable buffer for the word.
template <class Fn>
uint32_t tokenize(std::string_view text, uint32_t pos, Fn&& fn, std::string& scratch);
template <class Fn>
uint32_t tokenize(std::string_view text, uint32_t pos, Fn&& fn) {
  std::string scratch;
  return tokenize(text, pos, fn, scratch);
}

// ---- implementation -------------------------------------------------------------------------

namespace tokenizer_detail {

/// ASCII classes: 0 separator, 1 digit, 2 lowercase letter, 3 uppercase letter.
inline constexpr uint8_t ascii_class(unsigned char c) {
  return (c >= '0' && c <= '9') ? 1 : (c >= 'a' && c <= 'z') ? 2 : (c >= 'A' && c <= 'Z') ? 3 : 0;
}

}  // namespace tokenizer_detail

template <class Fn>
uint32_t tokenize(std::string_view text, uint32_t pos, Fn&& fn, std::string& word) {
  using namespace tokenizer_detail;
  size_t i = 0, n = text.size();
  const char* p = text.data();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    // Skip separators quickly.
    if (c < 0x80) {
      if (ascii_class(c) == 0) { ++i; continue; }
    } else {
      size_t j = i;
      char32_t cp = decode_utf8(text, j);
      CharClass cc = char_class(cp);
      if (cc == CharClass::Separator) { i = j; continue; }
      if (cc == CharClass::Cjk) {
        // A run of CJK characters: its overlapping bigrams, or the character when alone.
        size_t prev = i, k = j;
        bool alone = true;
        while (k < n) {
          size_t next = k;
          char32_t cp2 = decode_utf8(text, next);
          if (cp2 < 0x80 || char_class(cp2) != CharClass::Cjk) break;
          word.assign(p + prev, next - prev);
          fn(std::string_view(word), pos++, prev, next, true);
          alone = false;
          prev = k;
          k = next;
        }
        if (alone) {
          word.assign(p + i, j - i);
          fn(std::string_view(word), pos++, i, j, true);
        }
        i = k;
        continue;
      }
    }
    // A word: letters, digits and marks until a separator or a CJK character.
    size_t begin = i;
    size_t chars = 0;  // letters and digits (marks not counted)
    bool digit_only = true;
    word.clear();
    while (i < n) {
      c = static_cast<unsigned char>(p[i]);
      if (c < 0x80) {
        // A run of ASCII letters and digits, lowercased in one go.
        size_t j = i;
        bool letters = false;
        while (j < n) {
          uint8_t k = ascii_class(static_cast<unsigned char>(p[j]));
          if (k == 0) break;
          letters |= k != 1;
          ++j;
        }
        if (j == i) break;
        size_t at = word.size();
        word.append(p + i, j - i);
        for (size_t k = at; k < word.size(); ++k)
          if (word[k] >= 'A' && word[k] <= 'Z') word[k] = static_cast<char>(word[k] + 32);
        if (letters) digit_only = false;
        chars += j - i;
        i = j;
        continue;
      }
      size_t j = i;
      char32_t cp = decode_utf8(text, j);
      CharClass cc = char_class(cp);
      if (cc == CharClass::Separator || cc == CharClass::Cjk) break;
      if (cc == CharClass::Word) ++chars;
      digit_only = false;
      append_utf8(word, lower_char(cp));
      i = j;
    }
    bool skip = word.size() > kMaxWordBytes || (chars <= 1 && !digit_only);
    if (!skip) fn(std::string_view(word), pos, begin, i, false);
    ++pos;
  }
  return pos;
}

}  // namespace agora
