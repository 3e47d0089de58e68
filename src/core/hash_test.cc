#include <catch2/catch.hpp>

#include "core/hash.h"

using namespace agora;

TEST_CASE("content_hash is XXH3-64 with seed 0, stable across builds", "[hash]") {
  // Reference value of XXH3_64bits("") from the xxHash specification's test vectors.
  CHECK(content_hash("") == 0x2D06800538D394C2ull);
  CHECK(content_hash("abc") != content_hash("abd"));
  CHECK(fingerprint("") == "2d06800538");
  CHECK(fingerprint("", 16) == "2d06800538d394c2");
  CHECK(fingerprint("body { color: red }").size() == 10);
}
