// End-to-end: the plugin catalogue. The invalid catalogue fixtures (one mistake each) fail
// `agora build` with their exact diagnostics; the demo hub (examples/demo-hub, 40+ listings)
// builds a catalogue whose HTML, Atom feed, SVG stats and /api/v1/ JSON are checked by parsing
// them (libxml2 XPath, nlohmann::json), never by string search.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness.h"

using namespace e2e;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kEnv = {{"SOURCE_DATE_EPOCH", "1748736000"}};  // 2025-06-01

/// Builds a copy of examples/demo-hub into dir/public.
void build_demo(const TempDir& dir, const std::map<std::string, std::string>& env = kEnv) {
  fs::copy(fs::path(AGORA_SOURCE_DIR) / "examples" / "demo-hub", dir.path(), fs::copy_options::recursive);
  RunResult r = run_agora({"build", "--quiet", "--base-url", "https://demo.example.org/hub/"}, dir.path(), env);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());
}

json read_json(const fs::path& p) {
  REQUIRE(fs::exists(p));
  return json::parse(read_file(p));
}

/// The listing files of the demo hub: plugins-index/*.yaml, by id.
std::vector<std::string> demo_ids(const fs::path& site) {
  std::vector<std::string> ids;
  for (const auto& e : fs::directory_iterator(site / "plugins-index"))
    if (e.is_regular_file() && e.path().extension() == ".yaml") ids.push_back(e.path().stem().string());
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("invalid catalogue fixtures fail the build with their exact diagnostics", "[e2e][catalogue]") {
  fs::path root = fs::path(AGORA_FIXTURES) / "catalogue-invalid";
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 25);
  for (const std::string& name : names) {
    SECTION(name) {
      TempDir dir;
      dir.copy_fixture("catalogue-invalid/" + name);
      fs::path expected_file = dir.path() / "expected-stderr.txt";
      REQUIRE(fs::exists(expected_file));
      std::string expected = read_file(expected_file);
      fs::remove(expected_file);
      RunResult r = run_agora({"build"}, dir.path(), kEnv);
      CHECK(r.exit_code == 1);
      CHECK(r.err == expected);
      CHECK_FALSE(fs::exists(dir.path() / "public"));
      // `agora check` reports the same problem (it runs every stage but writing).
      RunResult c = run_agora({"check", "--format", "github"}, dir.path(), kEnv);
      CHECK(c.exit_code == 1);
      CHECK(c.out.find("::error file=") != std::string::npos);
    }
  }
}

TEST_CASE("the demo hub's registry API is canonical, complete and resolvable", "[e2e][catalogue]") {
  TempDir dir;
  build_demo(dir);
  fs::path out = dir.path() / "public";
  std::vector<std::string> ids = demo_ids(dir.path());
  REQUIRE(ids.size() >= 40);

  std::string index_text = read_file(out / "api/v1/plugins.json");
  json index = json::parse(index_text);
  // Canonical: sorted keys, no insignificant whitespace — re-serialising changes nothing.
  std::string canon = index.dump();
  CHECK((index_text == canon || index_text == canon + "\n"));
  CHECK(index["schema_version"] == 1);
  CHECK(index["count"] == ids.size());
  REQUIRE(index["plugins"].size() == ids.size());
  std::vector<std::string> listed;
  for (const json& p : index["plugins"]) listed.push_back(p["id"]);
  CHECK(listed == ids);  // every listing, sorted by id

  std::set<std::string> categories;
  for (const json& c : index["categories"]) categories.insert(c["id"].get<std::string>());
  for (const json& p : index["plugins"]) {
    INFO(p["id"]);
    CHECK(categories.count(p["category"].get<std::string>()) == 1);
    CHECK(p["html_url"] == "https://demo.example.org/hub/plugins/" + p["id"].get<std::string>() + "/");
    CHECK(p["record_url"] == "https://demo.example.org/hub/api/v1/plugins/" + p["id"].get<std::string>() + ".json");
    std::string lifecycle = p["lifecycle"];
    CHECK((lifecycle == "active" || lifecycle == "stale" || lifecycle == "deprecated" || lifecycle == "archived"));
    // The full record exists, is canonical, and agrees with the index.
    std::string rec_text = read_file(out / "api/v1/plugins" / (p["id"].get<std::string>() + ".json"));
    json rec = json::parse(rec_text);
    CHECK((rec_text == rec.dump() || rec_text == rec.dump() + "\n"));
    CHECK(rec["name"] == p["name"]);
    CHECK(rec["latest_version"] == p["latest_version"]);
    REQUIRE(rec["versions"].is_array());
    CHECK_FALSE(rec["versions"].empty());
    for (const json& v : rec["versions"]) {
      CHECK(v.contains("version"));
      CHECK(v.contains("released"));
      CHECK(v.contains("compatible"));
    }
  }

  // lang-rust: 2.2.0 (^2.0), 2.5.1 (^2.3 || ^3.0), 3.0.0-beta.2 (pre-release, ^3.0).
  json rust = read_json(out / "api/v1/plugins/lang-rust.json");
  CHECK(rust["compatible_hosts"]["2.0"] == "2.2.0");
  CHECK(rust["compatible_hosts"]["2.3"] == "2.5.1");
  CHECK(rust["compatible_hosts"]["3.0"] == "2.5.1");  // the beta is not a stable answer
  CHECK(rust["compatible_hosts"]["1.0"].is_null());
  CHECK(rust["latest_version"] == "2.5.1");
  CHECK(rust["latest_prerelease"] == "3.0.0-beta.2");
  bool has_sha = false;
  for (const json& v : rust["versions"])
    if (v["version"] == "2.2.0") {
      CHECK(v["sha256"] == "d4658ef47c3d7c2cd2a1e310563bfbc2d1f9a88ef4401013662ee19df957e195");
      has_sha = true;
    }
  CHECK(has_sha);
}

TEST_CASE("the demo hub's catalogue pages", "[e2e][catalogue]") {
  TempDir dir;
  build_demo(dir);
  fs::path out = dir.path() / "public";
  json index = read_json(out / "api/v1/plugins.json");
  const size_t n = index["plugins"].size();

  SECTION("/plugins/ lists every listing without JavaScript, paginated") {
    Doc first = Doc::html(read_file(out / "plugins/index.html"));
    size_t cards = first.count("//li[contains(@class,'plugin-card')]");
    CHECK(cards > 0);
    CHECK(cards < n);  // more than one page
    std::string next = first.one("//link[@rel='next']/@href");
    CHECK(next == "/hub/plugins/page/2/");
    size_t total = cards;
    for (int page = 2; fs::exists(out / "plugins/page" / std::to_string(page) / "index.html"); ++page)
      total += Doc::html(read_file(out / "plugins/page" / std::to_string(page) / "index.html"))
                   .count("//li[contains(@class,'plugin-card')]");
    CHECK(total == n);
    // The filter form is there for catalogue.js, hidden until the script shows it.
    CHECK(first.count("//form[@id='catalogue-filters'][@hidden]") == 1);
    for (const char* field : {"category", "tag", "host", "license", "status"})
      CHECK(first.count(std::string("//form[@id='catalogue-filters']//select[@name='") + field + "']") == 1);
  }

  SECTION("every listing has a page with badges, versions, install snippet and JSON-LD") {
    for (const json& p : index["plugins"]) {
      std::string id = p["id"];
      INFO(id);
      Doc d = Doc::html(read_file(out / "plugins" / id / "index.html"));
      CHECK(d.one("//h1") == p["name"].get<std::string>());
      CHECK(d.one("//link[@rel='canonical']/@href") == p["html_url"].get<std::string>());
      json rec = read_json(out / "api/v1/plugins" / (id + ".json"));
      CHECK(d.count("//section[contains(@class,'plugin-versions')]//tbody/tr") == rec["versions"].size());
      json ld = json::parse(d.one("//script[@type='application/ld+json']"));
      CHECK(ld["@type"] == "SoftwareApplication");
      CHECK(ld["name"] == p["name"]);
      CHECK(ld["license"] == p["license"]);
      CHECK(d.one("//span[contains(@class,'badge-license')]") == p["license"].get<std::string>());
      std::string lifecycle = p["lifecycle"];
      CHECK(d.count("//span[contains(@class,'badge-stale')]") == (lifecycle == "stale" ? 1u : 0u));
      CHECK(d.count("//span[contains(@class,'badge-archived')]") == (lifecycle == "archived" ? 1u : 0u));
      CHECK(d.count("//span[contains(@class,'badge-official')]") == (p["official"] == true ? 1u : 0u));
      if (p["rating"]["count"].get<int>() > 0) {
        CHECK(ld["aggregateRating"]["ratingCount"] == p["rating"]["count"]);
        CHECK(d.count("//section[contains(@class,'plugin-reviews')]//article") == p["rating"]["count"].get<size_t>());
      }
    }
    Doc rust = Doc::html(read_file(out / "plugins/lang-rust/index.html"));
    CHECK(rust.one("//code[@id='install-snippet']") == "lumen plugin add lumen-lang-rust");
    CHECK(rust.count("//button[@data-copy-target='install-snippet']") == 1);
    // A local icon is copied and linked under the base URL's path.
    CHECK(rust.one("//header//img[contains(@class,'plugin-icon')]/@src") ==
          "/hub/plugins/assets/icons/lang-rust.svg");
    CHECK(fs::exists(out / "plugins/assets/icons/lang-rust.svg"));
  }

  SECTION("category, tag and author pages list exactly their listings") {
    for (const json& c : index["categories"]) {
      std::string id = c["id"];
      INFO(id);
      fs::path page = out / "plugins/category" / id / "index.html";
      REQUIRE(fs::exists(page));
      size_t expected = 0;
      for (const json& p : index["plugins"]) expected += p["category"] == id;
      CHECK(c["count"] == expected);
      CHECK(Doc::html(read_file(page)).count("//li[contains(@class,'plugin-card')]") == std::min<size_t>(expected, 30));
    }
    Doc rust_tag = Doc::html(read_file(out / "plugins/tags/rust/index.html"));
    std::vector<std::string> tagged = rust_tag.all("//li[contains(@class,'plugin-card')]/@data-id");
    CHECK(std::find(tagged.begin(), tagged.end(), "lang-rust") != tagged.end());
    CHECK(fs::exists(out / "plugins/authors/demo-eunji/index.html"));
    Doc author = Doc::html(read_file(out / "plugins/authors/demo-eunji/index.html"));
    std::vector<std::string> by = author.all("//li[contains(@class,'plugin-card')]/@data-id");
    CHECK(std::find(by.begin(), by.end(), "lang-rust") != by.end());
  }

  SECTION("new and recently updated lists, and their Atom feed") {
    CHECK(Doc::html(read_file(out / "plugins/new/index.html")).count("//li[contains(@class,'plugin-card')]") > 0);
    Doc updated = Doc::html(read_file(out / "plugins/updated/index.html"));
    std::vector<std::string> dates = updated.all("//li[contains(@class,'plugin-card')]//time/@datetime");
    REQUIRE(dates.size() > 1);
    CHECK(std::is_sorted(dates.rbegin(), dates.rend()));  // newest first
    Doc feed = Doc::xml(read_file(out / "plugins/atom.xml"));
    REQUIRE(feed.ok());
    CHECK(feed.count("//*[local-name()='entry']") > 0);
    for (const std::string& link : feed.all("//*[local-name()='entry']/*[local-name()='link']/@href"))
      CHECK(link.rfind("https://demo.example.org/hub/plugins/", 0) == 0);
  }

  SECTION("the stats page draws accessible SVG charts at build time") {
    Doc stats = Doc::html(read_file(out / "plugins/stats/index.html"));
    size_t charts = stats.count("//svg[@role='img']");
    CHECK(charts >= 4);
    CHECK(stats.count("//svg[@role='img'][title]") == charts);
    CHECK(stats.count("//script[not(@type='application/ld+json')][not(@src)]") == 0);
  }
}

TEST_CASE("staleness is computed from committed dates and the reference date", "[e2e][catalogue]") {
  TempDir a;
  build_demo(a);
  json at_2025 = read_json(a.path() / "public/api/v1/plugins.json");
  TempDir b;
  build_demo(b, {{"SOURCE_DATE_EPOCH", "1893456000"}});  // 2030-01-01: every active listing is stale
  json at_2030 = read_json(b.path() / "public/api/v1/plugins.json");
  size_t stale_2025 = 0, stale_2030 = 0, active_2030 = 0;
  for (const json& p : at_2025["plugins"]) stale_2025 += p["lifecycle"] == "stale";
  for (const json& p : at_2030["plugins"]) {
    stale_2030 += p["lifecycle"] == "stale";
    active_2030 += p["lifecycle"] == "active";
  }
  CHECK(stale_2025 > 0);
  CHECK(stale_2030 > stale_2025);
  CHECK(active_2030 == 0);
  // Without SOURCE_DATE_EPOCH the reference is the newest committed date (2025-05-30 in the
  // demo hub), never the wall clock: the build equals one made with that date set.
  TempDir c, d;
  build_demo(c, {{"SOURCE_DATE_EPOCH", ""}});  // set but empty: ignored, as if unset
  build_demo(d, {{"SOURCE_DATE_EPOCH", "1748563200"}});  // 2025-05-30T00:00:00Z
  CHECK(snapshot(c.path() / "public") == snapshot(d.path() / "public"));
}

TEST_CASE("the catalogue build is deterministic and listings are searchable", "[e2e][catalogue]") {
  TempDir a, b;
  build_demo(a);
  build_demo(b);
  CHECK(snapshot(a.path() / "public") == snapshot(b.path() / "public"));
  RunResult r = run_agora({"search", "rust frontend", "--json", "--limit", "3"}, a.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json hits = json::parse(r.out);
  REQUIRE(hits.is_array());
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0]["url"] == "/hub/plugins/lang-rust/");
  CHECK(hits[0]["section"] == "plugins");
}

TEST_CASE("listing text from a contributor is escaped wherever it lands", "[e2e][catalogue]") {
  TempDir dir;
  dir.write("site-config.yaml",
            "title: Hub\nbase_url: https://hub.example.org/\n"
            "catalogue:\n  categories:\n    - id: tools\n      title: Tools\n"
            "  host_versions: [\"1.0\"]\n");
  dir.write("content/_index.md", "---\ntitle: Home\n---\nHello.\n");
  dir.write("plugins-index/evil.yaml",
            "name: \"Evil </script><b>bold</b>\"\n"
            "summary: \"Tries <img src=x onerror=alert(1)> and \\\"quotes\\\"\"\n"
            "description: |\n  <script>alert(1)</script> and [a link](javascript:alert(1)).\n"
            "category: tools\nauthors: [Mallory]\nlicense: MIT\n"
            "repository: https://git.example.org/evil\n"
            "added: 2024-01-01\nversions:\n  - version: 1.0.0\n    released: 2024-01-01\n"
            "    compatible: \"^1.0\"\n");
  RunResult r = run_agora({"build", "--quiet"}, dir.path(), kEnv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  fs::path out = dir.path() / "public";
  std::string page = read_file(out / "plugins/evil/index.html");
  Doc d = Doc::html(page);
  CHECK(d.one("//h1") == "Evil </script><b>bold</b>");  // text, not markup
  CHECK(d.count("//h1/b") == 0);
  CHECK(d.count("//img[@onerror]") == 0);
  CHECK(d.count("//div[contains(@class,'plugin-description')]//script") == 0);
  CHECK(d.count("//a[starts-with(@href,'javascript:')]") == 0);
  // JSON-LD is one script element whose text is the whole, parseable JSON.
  json ld = json::parse(d.one("//script[@type='application/ld+json']"));
  CHECK(ld["name"] == "Evil </script><b>bold</b>");
  json rec = read_json(out / "api/v1/plugins/evil.json");
  CHECK(rec["summary"] == "Tries <img src=x onerror=alert(1)> and \"quotes\"");
}

TEST_CASE("build --stats times the catalogue stage's steps under its line", "[e2e][catalogue]") {
  TempDir dir;
  fs::copy(fs::path(AGORA_SOURCE_DIR) / "examples" / "demo-hub", dir.path(), fs::copy_options::recursive);
  RunResult r = run_agora({"build", "--stats"}, dir.path(), kEnv);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  // Rows: "name ms count", the steps indented by two spaces right after "catalogue".
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  std::istringstream in(r.out + r.err);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string x; words >> x;) w.push_back(x);
    if (w.size() == 3 && std::isdigit(static_cast<unsigned char>(w[1][0]))) rows.push_back({line, w});
  }
  auto at = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.second[0] == "catalogue"; });
  REQUIRE(at != rows.end());
  size_t listings = demo_ids(dir.path()).size();
  CHECK(at->second[2] == std::to_string(listings));
  const std::vector<std::string> steps = {"read", "listings", "reviews", "markdown",
                                          "templates", "registry", "feed"};
  double sum = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    REQUIRE(at + 1 + static_cast<long>(i) < rows.end());
    const auto& row = *(at + 1 + static_cast<long>(i));
    CHECK(row.second[0] == "catalogue/" + steps[i]);
    CHECK(row.first.rfind("  catalogue/", 0) == 0);
    sum += std::stod(row.second[1]);
  }
  CHECK((at + 2)->second[2] == std::to_string(listings));      // listings: one per file
  CHECK((at + 6)->second[2] == std::to_string(listings + 1));  // registry: records + index
  CHECK(sum <= std::stod(at->second[1]) + 1.0);                // the steps are inside the stage
  CHECK((at + 8)->second[0] == "search_index");                // then the next stage
}
