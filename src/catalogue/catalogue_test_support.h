// catalogue/catalogue_test_support.h — shared by the catalogue module's unit tests (not part
// of the library): a site's catalogue config, a valid base listing and helpers that parse a
// variant of it and return its diagnostics as `agora build` prints them.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "catalogue/catalogue.h"
#include "core/text.h"

namespace agora::catalogue_testing {

inline const char* kConfig = R"(categories:
  - { id: reporters, title: Reporters, description: Output formats }
  - { id: languages, title: Languages }
  - { id: rules, title: Rule packs }
stale_after_months: 18
host_versions: ["1.0", "2.0", "2.3"]
)";

inline CatalogueConfig test_config() {
  Diagnostics d;
  YamlSource src{"site-config.yaml", kConfig, 0};
  auto node = parse_yaml(src, d);
  REQUIRE(node);
  auto cfg = parse_catalogue_config(*node, src, d);
  INFO(format_diagnostics(d));
  REQUIRE(cfg);
  return *cfg;
}

inline const char* kBase = R"(name: SARIF Export
summary: Writes Lumen findings as SARIF 2.1 for code scanning.
category: reporters
authors:
  - name: Ada Example
    github: ada-example
repository: https://github.com/example/sarif-export
license: MIT
added: 2024-01-15
versions:
  - version: 1.2.0
    released: 2024-06-01
    compatible: ">=2.0 <3"
)";

/// The base listing with one substring replaced.
inline std::string with(std::string_view from, std::string_view to) {
  std::string s = kBase;
  size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

inline bool exists(std::string_view p) {
  return p == "plugins-index/icons/sarif.svg" || p == "plugins-index/shots/one.png";
}

/// Everything parse_listing reports for `text`, formatted; "" when the listing is valid.
inline std::string errors(const std::string& text, std::string path = "plugins-index/sarif-export.yaml") {
  CatalogueConfig cfg = test_config();
  Diagnostics d;
  auto l = parse_listing(path, text, cfg, exists, d);
  CHECK(l.has_value() == !d.has_errors());
  return format_diagnostics(d);
}

inline PluginListing parse_ok(const std::string& text, std::string path = "plugins-index/sarif-export.yaml") {
  CatalogueConfig cfg = test_config();
  Diagnostics d;
  auto l = parse_listing(path, text, cfg, exists, d);
  INFO(format_diagnostics(d));
  REQUIRE(l);
  REQUIRE(d.empty());
  return *l;
}

}  // namespace agora::catalogue_testing
