// End-to-end: each invalid fixture site (tests/fixtures/invalid/<name>/) holds one mistake and
// the exact text agora must print for it (expected-stderr.txt). The build must fail with exit
// code 1 and write nothing.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace e2e;

TEST_CASE("invalid fixture sites fail with their exact diagnostics", "[e2e][diagnostics]") {
  fs::path root = fs::path(AGORA_FIXTURES) / "invalid";
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 10);
  for (const std::string& name : names) {
    SECTION(name) {
      TempDir dir;
      dir.copy_fixture("invalid/" + name);
      fs::path expected_file = dir.path() / "expected-stderr.txt";
      REQUIRE(fs::exists(expected_file));
      std::string expected = read_file(expected_file);
      fs::remove(expected_file);
      RunResult r = run_agora({"build"}, dir.path(), {{"SOURCE_DATE_EPOCH", "1735689600"}});
      CHECK(r.exit_code == 1);
      CHECK(r.err == expected);
      CHECK_FALSE(fs::exists(dir.path() / "public"));
    }
  }
}
