#include <catch2/catch.hpp>

#include "catalogue/registry.h"
#include "catalogue/stats.h"

using namespace agora;

namespace {

CatalogueConfig config() {
  const char* text = R"(categories:
  - { id: reporters, title: Reporters }
  - { id: languages, title: Languages }
  - { id: rules, title: Rule packs }
host_versions: ["1.0", "2.0", "2.3"]
)";
  Diagnostics d;
  YamlSource src{"site-config.yaml", text, 0};
  auto cfg = parse_catalogue_config(*parse_yaml(src, d), src, d);
  REQUIRE(cfg);
  return *cfg;
}

PluginListing listing(const std::string& id, const std::string& category, const std::string& added,
                      const std::string& released, const std::string& authors,
                      const std::string& extra = "") {
  std::string text = "name: Plugin " + id + "\nsummary: S\ncategory: " + category +
                     "\nauthors: " + authors + "\nrepository: https://example.org/" + id +
                     "\nlicense: MIT\nadded: " + added + "\n" + extra +
                     "versions:\n  - { version: 1.0.0, released: " + released +
                     ", compatible: \"^1.0 || ^2.0\" }\n";
  Diagnostics d;
  auto l = parse_listing("plugins-index/" + id + ".yaml", text, config(),
                         [](std::string_view) { return true; }, d);
  INFO(format_diagnostics(d));
  REQUIRE(l);
  return *l;
}

}  // namespace

TEST_CASE("catalogue_stats counts categories, quarters, lifecycle and authors", "[catalogue][stats]") {
  std::vector<PluginListing> ls;
  ls.push_back(listing("a", "reporters", "2023-01-10", "2023-02-01", "[{name: Ada, github: Ada-X}]"));
  ls.push_back(listing("b", "reporters", "2023-08-01", "2025-01-01", "[{name: Ada L., github: ada-x}, Bo]"));
  ls.push_back(listing("c", "rules", "2024-02-01", "2025-01-01", "[Bo]", "status: archived\n"));
  ls.push_back(listing("d", "rules", "2024-03-31", "2025-01-01", "[Cy]", "status: deprecated\n"));
  mark_stale(ls, *parse_date("2025-06-01"), 18);
  CatalogueStats s = catalogue_stats(ls, config());
  CHECK(s.total == 4);
  REQUIRE(s.per_category.size() == 3);
  CHECK(s.per_category[0].count == 2);
  CHECK(s.per_category[1].count == 0);
  CHECK(s.per_category[2].label == "Rule packs");
  CHECK(s.per_category[2].count == 2);

  std::vector<std::string> quarters;
  for (const auto& r : s.per_quarter) quarters.push_back(r.key + "=" + std::to_string(r.count));
  CHECK(quarters == std::vector<std::string>{"2023-Q1=1", "2023-Q2=0", "2023-Q3=1", "2023-Q4=0", "2024-Q1=2"});
  CHECK(s.per_quarter[0].label == "2023 Q1");

  REQUIRE(s.lifecycle.size() == 4);
  CHECK(s.lifecycle[0].key == "active");
  CHECK(s.lifecycle[0].count == 1);
  CHECK(s.lifecycle[1].key == "stale");
  CHECK(s.lifecycle[1].count == 1);  // "a": last release 2023-02-01
  CHECK(s.lifecycle[2].count == 1);
  CHECK(s.lifecycle[3].count == 1);

  // Ada counted once per listing under her GitHub handle (case-insensitive); ties by name.
  REQUIRE(s.top_authors.size() == 3);
  CHECK(s.top_authors[0].label == "Ada");
  CHECK(s.top_authors[0].key == "ada-x");
  CHECK(s.top_authors[0].count == 2);
  CHECK(s.top_authors[1].label == "Bo");
  CHECK(s.top_authors[1].count == 2);
  CHECK(s.top_authors[2].label == "Cy");
  CHECK(catalogue_stats(ls, config(), 1).top_authors.size() == 1);

  auto shares = share_data(s.lifecycle, s.total);
  CHECK(shares[0] == std::pair<std::string, double>{"Active", 25.0});
  CHECK(share_data(s.lifecycle, 0)[0].second == 0.0);
}

TEST_CASE("bar_chart_svg draws an accessible, escaped, deterministic chart", "[catalogue][stats]") {
  std::string svg = bar_chart_svg("Listings per category", "How many plugins each category has",
                                  {{"Reporters", 12}, {"Rules & <checks>", 3}},
                                  ChartOptions{"", "", 400, 120});
  CHECK(svg ==
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"agora-chart\" role=\"img\" "
        "aria-labelledby=\"chart-listings-per-category-title chart-listings-per-category-desc\" "
        "viewBox=\"0 0 400 100\" width=\"400\" height=\"100\">\n"
        "<title id=\"chart-listings-per-category-title\">Listings per category</title>\n"
        "<desc id=\"chart-listings-per-category-desc\">How many plugins each category has. "
        "Reporters: 12; Rules &amp; &lt;checks&gt;: 3.</desc>\n"
        "<text class=\"chart-title\" x=\"0\" y=\"20\" font-size=\"16\" font-weight=\"bold\" "
        "fill=\"currentColor\">Listings per category</text>\n"
        "<g class=\"chart-row\"><title>Reporters: 12</title>"
        "<text class=\"chart-label\" x=\"112\" y=\"50\" text-anchor=\"end\" font-size=\"13\" "
        "fill=\"currentColor\">Reporters</text>"
        "<rect class=\"chart-bar\" x=\"120\" y=\"37\" width=\"216\" height=\"18\" fill=\"#3d6fb6\"/>"
        "<text class=\"chart-value\" x=\"342\" y=\"50\" font-size=\"13\" fill=\"currentColor\">12</text>"
        "</g>\n"
        "<g class=\"chart-row\"><title>Rules &amp; &lt;checks&gt;: 3</title>"
        "<text class=\"chart-label\" x=\"112\" y=\"78\" text-anchor=\"end\" font-size=\"13\" "
        "fill=\"currentColor\">Rules &amp; &lt;check\xE2\x80\xA6</text>"
        "<rect class=\"chart-bar\" x=\"120\" y=\"65\" width=\"54\" height=\"18\" fill=\"#3d6fb6\"/>"
        "<text class=\"chart-value\" x=\"180\" y=\"78\" font-size=\"13\" fill=\"currentColor\">3</text>"
        "</g>\n"
        "</svg>\n");
  // Same input, same bytes.
  CHECK(svg == bar_chart_svg("Listings per category", "How many plugins each category has",
                             {{"Reporters", 12}, {"Rules & <checks>", 3}}, ChartOptions{"", "", 400, 120}));

  std::string pct = bar_chart_svg("Lifecycle", "", {{"Active", 62.5}, {"Stale", 0}},
                                  ChartOptions{"life\"<x>", "%"});
  CHECK(pct.find("aria-labelledby=\"life-x-title life-x-desc\"") != std::string::npos);
  CHECK(pct.find("<desc id=\"life-x-desc\">Active: 62.5%; Stale: 0%.</desc>") != std::string::npos);
  CHECK(pct.find("width=\"0\" height=\"18\"") != std::string::npos);  // zero draws no bar

  std::string empty = bar_chart_svg("Top authors", "Nobody yet", {});
  CHECK(empty.find("<desc id=\"chart-top-authors-desc\">Nobody yet. No data.</desc>") != std::string::npos);
  CHECK(empty.find(">No data</text>") != std::string::npos);
}

TEST_CASE("format_chart_number is locale-independent", "[catalogue][stats]") {
  CHECK(format_chart_number(12) == "12");
  CHECK(format_chart_number(37.5) == "37.5");
  CHECK(format_chart_number(33.333) == "33.3");
  CHECK(format_chart_number(0.04) == "0");
  CHECK(format_chart_number(1.0 / 0.0) == "0");
}

TEST_CASE("registry documents have a stable shape", "[catalogue][registry]") {
  std::vector<PluginListing> ls;
  ls.push_back(listing("zeta", "rules", "2024-01-01", "2024-05-01", "[{name: Zed, github: zed}]",
                       "icon: icons/z.svg\nstats: { stars: 3 }\n"));
  ls.push_back(listing("alpha", "reporters", "2023-01-01", "2023-02-01", "[Ada]"));
  ls[0].versions[0].sha256 = std::string(64, 'a');
  mark_stale(ls, *parse_date("2025-06-01"), 18);
  CatalogueConfig cfg = config();

  Value idx = registry_index(ls, cfg, "https://lumen.example.org/");
  CHECK(idx.find("schema_version")->as_int() == 1);
  CHECK(idx.find("count")->as_int() == 2);
  CHECK(idx.find("host_versions")->as_list().size() == 3);
  const auto& cats = idx.find("categories")->as_list();
  REQUIRE(cats.size() == 3);
  CHECK(cats[2].find("count")->as_int() == 1);
  const auto& plugins = idx.find("plugins")->as_list();
  REQUIRE(plugins.size() == 2);
  const Value& a = plugins[0];
  CHECK(a.find("id")->as_string() == "alpha");  // sorted by id
  CHECK(a.find("lifecycle")->as_string() == "stale");
  CHECK(a.find("record_url")->as_string() == "https://lumen.example.org/api/v1/plugins/alpha.json");
  CHECK(a.find("html_url")->as_string() == "https://lumen.example.org/plugins/alpha/");
  CHECK(a.find("icon")->is_null());
  CHECK(a.find("compatible_hosts")->find("2.3")->as_string() == "1.0.0");
  CHECK(a.find("rating")->find("count")->as_int() == 0);
  CHECK(a.find("rating")->find("average")->is_null());
  CHECK(a.find("latest_version")->as_string() == "1.0.0");
  const Value& z = plugins[1];
  CHECK(z.find("icon")->as_string() == "https://lumen.example.org/plugins/assets/icons/z.svg");
  CHECK(z.find("stats")->find("stars")->as_int() == 3);
  CHECK(z.find("stats")->find("downloads")->is_null());
  CHECK(z.find("authors")->as_list()[0].as_string() == "Zed");

  std::vector<std::string> keys;
  for (const auto& [k, v] : a.as_object()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"added", "authors", "category", "compatible_hosts", "html_url",
                                         "icon", "id", "latest_prerelease", "latest_version", "license",
                                         "licenses", "lifecycle", "name", "official", "rating", "record_url",
                                         "repository", "stats", "status", "summary", "tags",
                                         "updated", "verified"});

  Value rec = registry_record(ls[0], cfg);
  CHECK(rec.find("schema_version")->as_int() == 1);
  CHECK(rec.find("html_url")->as_string() == "/plugins/zeta/");
  const auto& versions = rec.find("versions")->as_list();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].find("compatible")->as_string() == "^1.0 || ^2.0");
  CHECK(versions[0].find("sha256")->as_string() == std::string(64, 'a'));
  CHECK(versions[0].find("download")->is_null());
  CHECK(versions[0].find("prerelease")->as_bool() == false);
  CHECK(rec.find("authors")->as_list()[0].find("github")->as_string() == "zed");
  CHECK(rec.find("install")->is_null());
  keys.clear();
  for (const auto& [k, v] : rec.as_object()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{
                    "added", "authors", "category", "compatible_hosts", "description", "documentation",
                    "homepage", "html_url", "icon", "id", "install", "latest_prerelease", "latest_version", "license",
                    "licenses", "lifecycle", "name", "official", "rating", "repository",
                    "schema_version", "screenshots", "stats", "status", "summary", "tags", "updated",
                    "verified", "versions"});
  CHECK(registry_index_path() == "api/v1/plugins.json");
  CHECK(registry_record_path("zeta") == "api/v1/plugins/zeta.json");
}
