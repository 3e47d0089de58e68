// The invalid catalogue fixture sites (tests/fixtures/catalogue-invalid/<rule>/) hold one
// mistake each and the exact text `agora build` prints for it (expected-stderr.txt). This test
// runs the module's own steps (catalogue config, listings, cross-file checks, reviews) on the
// fixture files and compares the diagnostics with the expected text, so a module change that
// alters a message fails here, next to the code; tests/e2e/catalogue_test.cc runs the same
// fixtures through `agora build` and `agora check`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "catalogue/catalogue.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

fs::path repo_root() { return fs::path(__FILE__).parent_path().parent_path().parent_path(); }

fs::path fixtures_root() { return repo_root() / "tests" / "fixtures" / "catalogue-invalid"; }

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A site's catalogue, loaded the way the pipeline's catalogue stage loads it: the `catalogue:`
/// block of site-config.yaml, plugins-index/*.yaml (sorted), cross-file checks, then
/// reviews/<id>/*.md.
struct LoadedCatalogue {
  std::optional<CatalogueConfig> config;
  std::vector<PluginListing> listings;
};

LoadedCatalogue load_site(const fs::path& site, Diagnostics& d) {
  LoadedCatalogue out;
  std::string cfg_text = read(site / "site-config.yaml");
  YamlSource src{"site-config.yaml", cfg_text, 0};
  auto root = parse_yaml(src, d);
  REQUIRE(root);
  const YamlNode* block = root->get("catalogue");
  REQUIRE(block);
  out.config = parse_catalogue_config(*block, src, d);
  if (!out.config) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(site / "plugins-index"))
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  auto exists = [&](std::string_view p) { return fs::is_regular_file(site / std::string(p)); };
  for (const auto& f : files) {
    std::string rel = "plugins-index/" + f.filename().string();
    if (auto l = parse_listing(rel, read(f), *out.config, exists, d)) out.listings.push_back(std::move(*l));
  }
  check_listings(out.listings, d);
  std::vector<Review> reviews;
  if (fs::exists(site / "reviews")) {
    std::vector<fs::path> rfiles;
    for (const auto& e : fs::recursive_directory_iterator(site / "reviews"))
      if (e.is_regular_file() && e.path().extension() == ".md") rfiles.push_back(e.path());
    std::sort(rfiles.begin(), rfiles.end());
    for (const auto& f : rfiles) {
      std::string rel = fs::relative(f, site).generic_string();
      if (auto r = parse_review(rel, read(f), d)) reviews.push_back(std::move(*r));
    }
  }
  attach_reviews(out.listings, std::move(reviews), d);
  return out;
}

/// What the catalogue stage reports for a site folder, formatted like the CLI prints it.
std::string run_stage(const fs::path& site) {
  Diagnostics d;
  load_site(site, d);
  std::string out = format_diagnostics(d);
  out += std::to_string(d.error_count()) + (d.error_count() == 1 ? " error, " : " errors, ") +
         std::to_string(d.warning_count()) + (d.warning_count() == 1 ? " warning\n" : " warnings\n");
  out += "agora: build failed; the output folder 'public' was left as it was\n";
  return out;
}

}  // namespace

TEST_CASE("invalid catalogue fixtures report their exact diagnostics", "[catalogue][fixtures]") {
  fs::path root = fixtures_root();
  REQUIRE(fs::is_directory(root));
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 25);
  for (const std::string& name : names) {
    SECTION(name) {
      fs::path expected = root / name / "expected-stderr.txt";
      REQUIRE(fs::exists(expected));
      CHECK(run_stage(root / name) == read(expected));
    }
  }
}

TEST_CASE("the demo hub's catalogue is valid and exercises every field", "[catalogue][fixtures]") {
  Diagnostics d;
  LoadedCatalogue c = load_site(repo_root() / "examples" / "demo-hub", d);
  INFO(format_diagnostics(d));
  CHECK(d.empty());
  REQUIRE(c.config);
  CHECK(c.config->categories.size() >= 4);
  REQUIRE(c.listings.size() >= 40);
  Date ref = *newest_catalogue_date(c.listings);
  mark_stale(c.listings, ref, c.config->stale_after_months);
  size_t reviewed = 0, stale = 0, archived = 0, deprecated = 0, local_icons = 0, remote_icons = 0,
         shots = 0, sha = 0, pre = 0, ids = 0, official = 0, verified = 0, stats = 0, short_authors = 0;
  for (const auto& l : c.listings) {
    reviewed += !l.reviews.empty();
    stale += l.lifecycle() == Lifecycle::Stale;
    archived += l.status == ListingStatus::Archived;
    deprecated += l.status == ListingStatus::Deprecated;
    local_icons += l.icon && l.icon->is_local();
    remote_icons += l.icon && !l.icon->is_local();
    shots += !l.screenshots.empty();
    ids += l.locs.count("id");
    official += l.official;
    verified += l.verified;
    stats += l.stars.has_value();
    for (const auto& v : l.versions) {
      sha += !v.sha256.empty();
      pre += v.version.is_prerelease();
    }
    for (const auto& a : l.authors) short_authors += a.url.empty() && a.github.empty();
  }
  CHECK(reviewed >= 12);
  CHECK(stale > 0);
  CHECK(archived > 0);
  CHECK(deprecated > 0);
  CHECK(local_icons > 0);
  CHECK(remote_icons > 0);
  CHECK(shots > 0);
  CHECK(sha > 0);
  CHECK(pre > 0);
  CHECK(ids > 0);
  CHECK(official > 0);
  CHECK(verified > 0);
  CHECK(stats > 0);
  CHECK(short_authors > 0);
}
