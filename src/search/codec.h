// search/codec.h — the small encodings inside the static index files, shared by the writer
// (index_builder.cc) and the reader (query.cc); search-core.js decodes the same.
// Owns: the 64-character alphabet, base-64 varints, the quantised score scale and the
// integer factors that weight exact, prefix, stem-guess and fuzzy matches.
// Internal to search/.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agora::search_codec {

/// JSON-safe digits: index 0..63.
inline constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Value of an alphabet character, or -1.
inline int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

/// Varint: 5 bits per character, least significant first; digits 32..63 mean "more follow".
inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 32) {
    out += kAlphabet[32 + (v & 31)];
    v >>= 5;
  }
  out += kAlphabet[v];
}

/// Reads one varint at `i` (advancing it); returns false at the end or on a bad character.
inline bool get_varint(std::string_view s, size_t& i, uint64_t& v) {
  v = 0;
  for (int shift = 0; i < s.size() && shift < 64; shift += 5) {
    int d = digit_value(s[i++]);
    if (d < 0) return false;
    v |= static_cast<uint64_t>(d & 31) << shift;
    if (d < 32) return true;
  }
  return false;
}

/// Number of score levels: one alphabet character each.
inline constexpr int kLevels = 64;

/// Integer weight of each score level: w[0] = 8, w[q+1] = w[q] + max(1, w[q] / 8) — about
/// 12.5% apart, 8..8679. Integers so that JavaScript and C++ add up identical totals.
inline const std::array<uint32_t, kLevels>& level_weights() {
  static const std::array<uint32_t, kLevels> w = [] {
    std::array<uint32_t, kLevels> t{};
    t[0] = 8;
    for (int q = 1; q < kLevels; ++q) t[q] = t[q - 1] + std::max<uint32_t>(1, t[q - 1] >> 3);
    return t;
  }();
  return w;
}

/// Match factors in eighths: a term's score for a page is level_weight * factor / 8.
inline constexpr uint32_t kExact = 8;      ///< the word itself
inline constexpr uint32_t kStemGuess = 7;  ///< a stem the word starts with ("runs" → "run")
inline constexpr uint32_t kPrefix = 6;     ///< a completion of the word being typed
inline constexpr uint32_t kFuzzy = 5;      ///< one edit away (words of 5+ characters)

}  // namespace agora::search_codec
