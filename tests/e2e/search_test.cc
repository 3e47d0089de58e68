// End-to-end: the search index a build writes, the /search/ page, and `agora search` answering
// from the built files (the same ranking as the browser client; tests/search checks that half).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "harness.h"

using namespace e2e;
using nlohmann::json;

namespace {

struct BuiltSite {
  TempDir dir;
  fs::path out;
  RunResult run;
  BuiltSite() {
    dir.copy_fixture("basic");
    out = dir.path() / "public";
    run = run_agora({"build", "--source", dir.path().string(), "--out", out.string(), "--base-url",
                     "https://org.github.io/repo/"},
                    {}, {{"SOURCE_DATE_EPOCH", "1735689600"}});
  }
  json search(const std::string& query, const std::string& limit = "10") const {
    RunResult r = run_agora({"search", "--out", out.string(), "--json", "--limit", limit, query});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  }
};

}  // namespace

TEST_CASE("a build writes the search index and says how big it is", "[e2e][search]") {
  BuiltSite b;
  INFO(b.run.err);
  REQUIRE(b.run.exit_code == 0);
  CHECK(b.run.out.find("\nsearch index: ") != std::string::npos);
  json root = json::parse(read_file(b.out / "search/root.json"));
  CHECK(root["lang"] == "en");
  CHECK(root["stemmer"] == "english");
  // Term shards are named by their content's hash: a CDN may cache them forever.
  std::string first_shard = root["t"].get<std::string>().substr(0, root["t"].get<std::string>().find(' '));
  CHECK(first_shard.size() >= 8);
  CHECK(fs::exists(b.out / "search/t" / (first_shard + ".json")));

  // The search page: a search landmark whose form submits to itself, under the subpath.
  Doc page = Doc::html(read_file(b.out / "search/index.html"));
  CHECK(page.one("//div[@id='search-page']/@data-index") == "/repo/search/");
  CHECK(page.one("//div[@id='search-page']//form[@role='search']/@action") == "/repo/search/");
  CHECK(page.one("//meta[@name='robots']/@content") == "noindex");
}

TEST_CASE("agora search ranks the page about a word first and points into its heading", "[e2e][search]") {
  BuiltSite b;
  REQUIRE(b.run.exit_code == 0);
  json hits = b.search("install");
  REQUIRE(hits.is_array());
  REQUIRE(!hits.empty());
  CHECK(hits[0]["url"] == "/repo/docs/guide/install/");
  CHECK(hits[0]["title"] == "Install");
  CHECK(hits[0]["section"] == "docs");

  // A prefix finds the same page (search-as-you-type), and --limit bounds the list.
  json prefix = b.search("instal", "1");
  REQUIRE(prefix.size() == 1);
  CHECK(prefix[0]["url"] == "/repo/docs/guide/install/");

  // A word under an h2 gives a sub-result at that heading.
  json req = b.search("requirements");
  REQUIRE(!req.empty());
  CHECK(req[0]["url"] == "/repo/docs/guide/install/");
  CHECK(req[0]["anchor"] == "requirements");
  CHECK(req[0]["heading"] == "Requirements");

  // Exclusion removes the page.
  for (const json& h : b.search("install -requirements")) CHECK(h["url"] != "/repo/docs/guide/install/");
}

TEST_CASE("agora search on a folder with no index says how to make one", "[e2e][search]") {
  TempDir empty;
  RunResult r = run_agora({"search", "--out", empty.path().string(), "anything"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == (empty.path() / "search/root.json").string() + ": error: no search index in " +
                     empty.path().string() + "\n  hint: build the site first (agora build), or pass " +
                     "the output folder with --out\n1 error, 0 warnings\n");
}
