// The listing model: the newest version compatible with a host, and staleness.
#include <catch2/catch.hpp>

#include "catalogue/catalogue_test_support.h"

using namespace agora;
using namespace agora::catalogue_testing;

TEST_CASE("newest_compatible picks the newest stable version for a host", "[catalogue]") {
  PluginListing l = parse_ok(R"(name: SARIF Export
summary: s
category: reporters
authors: [Ada]
repository: https://github.com/example/sarif-export
license: MIT
added: 2023-01-01
versions:
  - { version: 3.0.0-rc.1, released: 2024-09-01, compatible: ">=2.3" }
  - { version: 2.4.1, released: 2024-05-01, compatible: ^2.3 }
  - { version: 2.2.0, released: 2024-01-01, compatible: "^2.0" }
  - { version: 1.9.0, released: 2023-06-01, compatible: "1.x || 2.0" }
)");
  auto host = [](const char* s) { return *parse_host_version(s); };
  CHECK(newest_compatible(l, host("2.3"))->version.str() == "2.4.1");
  CHECK(newest_compatible(l, host("2.3"), true)->version.str() == "3.0.0-rc.1");
  CHECK(newest_compatible(l, host("2.1"))->version.str() == "2.2.0");
  CHECK(newest_compatible(l, host("2.0"))->version.str() == "2.2.0");
  CHECK(newest_compatible(l, host("1.4"))->version.str() == "1.9.0");
  CHECK(newest_compatible(l, host("0.9")) == nullptr);
}

TEST_CASE("lifecycle: stale from the most recent release and the reference date", "[catalogue]") {
  PluginListing l = parse_ok(with("released: 2024-06-01", "released: 2024-02-29"));
  Date ref = *parse_date("2025-08-31");
  // 18 months before 2025-08-31 is 2024-02-29 (the day is clamped to the month).
  CHECK_FALSE(is_stale(l, ref, 18));
  CHECK(is_stale(l, *parse_date("2025-09-01"), 18));
  CHECK(is_stale(l, ref, 17));
  std::vector<PluginListing> v{l};
  mark_stale(v, *parse_date("2026-01-01"), 18);
  CHECK(v[0].stale);
  CHECK(v[0].lifecycle() == Lifecycle::Stale);
  v[0].status = ListingStatus::Archived;
  CHECK(v[0].lifecycle() == Lifecycle::Archived);
  CHECK(newest_catalogue_date(v)->ymd() == "2024-02-29");
}
