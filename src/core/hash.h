// core/hash.h — content fingerprints for cache-busting file names.
// Owns: the content hash (XXH3-64 from Debian's libxxhash, stable across versions and
// platforms), a small FNV-1a for short keys, and the short hex form. Not cryptographic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace agora {

inline uint64_t fnv1a64(std::string_view data) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// XXH3-64 of the content, seed 0: what output file names are derived from.
uint64_t content_hash(std::string_view data);

/// First `digits` hex digits of the content's hash: "style.<fingerprint>.css".
inline std::string fingerprint(std::string_view data, int digits = 10) {
  static const char* hex = "0123456789abcdef";
  uint64_t h = content_hash(data);
  std::string out;
  for (int i = 0; i < digits; ++i) out += hex[(h >> (60 - 4 * (i % 16))) & 15];
  return out;
}

}  // namespace agora
