#include <catch2/catch.hpp>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/text.h"
#include "search/codec.h"
#include "search/search_index.h"
#include "search/search_json.h"
#include "search/search_query.h"

using namespace agora;

namespace {

/// Section texts are views: the tests keep the texts they point into here (a deque never moves
/// its elements).
std::deque<std::string>& texts() {
  static std::deque<std::string> store;
  return store;
}
std::string_view keep(std::string s) { return texts().emplace_back(std::move(s)); }

struct Sec {
  std::string anchor, heading, text;
};

SearchDocument doc(std::string url, std::string title, std::string body,
                   std::vector<Sec> more = {}, std::string section = "docs") {
  SearchDocument d;
  d.url = std::move(url);
  d.title = std::move(title);
  d.section = std::move(section);
  d.language = "en";
  d.summary = body.substr(0, 80);
  d.sections.push_back({"", "", keep(std::move(body))});
  for (auto& s : more) d.sections.push_back({s.anchor, s.heading, keep(std::move(s.text))});
  return d;
}

/// A small site: a few pages about caches, connection pools and deployment.
std::vector<SearchDocument> fixture() {
  std::vector<SearchDocument> docs;
  docs.push_back(doc("/docs/cache/", "Configuring the cache",
                     "The cache keeps rendered pages in memory.",
                     {{"eviction", "Eviction", "Old entries are evicted when the cache is full."},
                      {"sizing", "Sizing the cache", "Give the cache a quarter of memory."}}));
  docs.push_back(doc("/docs/pool/", "Connection pool",
                     "Each worker borrows a connection from the pool. The pool grows under load.",
                     {{"limits", "Limits", "A connection pool has a maximum size; the cache has none."}}));
  docs.push_back(doc("/docs/deploy/", "Deploying to production",
                     "Build the site, then copy the output folder. Running behind a CDN is common.",
                     {{"rollback", "Rolling back", "Keep the previous output to roll back quickly."}}));
  docs.push_back(doc("/blog/pool-party/", "Notes from the release",
                     "We talked about the pool connection and about memory pressure.", {}, "blog"));
  docs.push_back(doc("/blog/caching/", "Why we cache", "Latency matters. Pages render once.", {}, "blog"));
  SearchDocument plugin = doc("/plugins/redis/", "Redis adapter", "Stores sessions in Redis.", {}, "plugins");
  plugin.category = "storage";
  plugin.tags = {"database", "sessions"};
  docs.push_back(plugin);
  docs.push_back(doc("/docs/café/", "Café mode", "A relaxed résumé of the settings. 東京都の検索", {}));
  return docs;
}

struct Built {
  std::vector<SearchFile> files;
  std::map<std::string, std::string> by_path;  ///< relative to the index folder
  SearchIndexStats stats;
};

Built build(const std::vector<SearchDocument>& docs, SearchIndexOptions opt = {}) {
  Built b;
  Diagnostics diags;
  b.files = build_search_index(docs, opt, b.stats, diags);
  for (const auto& f : b.files) b.by_path[f.path.substr(opt.dir.size() + 1)] = f.content;
  return b;
}

IndexFileLoader loader(const Built& b) {
  return [&b](const std::string& path) -> std::optional<std::string> {
    auto it = b.by_path.find(path);
    if (it == b.by_path.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> urls(const Built& b, std::string_view q, size_t limit = 10) {
  Diagnostics diags;
  IndexReader reader(loader(b), diags);
  std::vector<std::string> out;
  for (const auto& h : reader.search(q, limit)) out.push_back(h.url);
  REQUIRE(diags.empty());
  return out;
}

}  // namespace

TEST_CASE("the root file is small and names every other file", "[search]") {
  Built b = build(fixture());
  REQUIRE(b.by_path.count("root.json"));
  CHECK(b.by_path["root.json"].size() < 600);
  auto root = parse_json(b.by_path["root.json"]);
  REQUIRE(root);
  CHECK(root->find("docs")->as_int() == 7);
  CHECK(root->find("stemmer")->as_string() == "english");
  for (auto name : split(root->find("t")->as_string(), ' ')) {
    INFO(name);
    CHECK(b.by_path.count("t/" + std::string(name) + ".json"));
  }
  size_t chunks = (7 + root->find("chunk")->as_int() - 1) / root->find("chunk")->as_int();
  for (size_t c = 0; c < chunks; ++c)
    CHECK(b.by_path.count("d/" + root->find("d")->as_string() + "-" + std::to_string(c) + ".json"));
  CHECK(b.by_path.count("f/" + root->find("f")->as_string() + ".json"));
  for (const auto& [path, content] : b.by_path) {
    INFO(path);
    CHECK(parse_json(content).has_value());
  }
  CHECK(b.stats.files == b.files.size());
  CHECK(b.stats.documents == 7);
  CHECK(b.stats.largest_shard > 0);
}

TEST_CASE("shards split the vocabulary into sorted ranges with lower bounds", "[search]") {
  SearchIndexOptions opt;
  opt.shard_bytes = 60;  // force many shards
  Built b = build(fixture(), opt);
  auto root = parse_json(b.by_path["root.json"]);
  auto bounds = split(root->find("shards")->as_string(), ' ');
  auto names = split(root->find("t")->as_string(), ' ');
  REQUIRE(bounds.size() > 4);
  REQUIRE(bounds.size() == names.size());
  CHECK(bounds[0].empty());
  for (size_t i = 0; i < bounds.size(); ++i) {
    auto shard = parse_json(b.by_path["t/" + std::string(names[i]) + ".json"]);
    REQUIRE(shard);
    for (auto w : split(shard->find("w")->as_string(), ' ')) {
      INFO(w << " in shard " << i);
      CHECK(w >= bounds[i]);
      if (i + 1 < bounds.size()) CHECK(w < bounds[i + 1]);
    }
  }
  // Every word is still found through its shard.
  CHECK(urls(b, "eviction ") == std::vector<std::string>{"/docs/cache/"});
  CHECK(urls(b, "redis ") == std::vector<std::string>{"/plugins/redis/"});
}

TEST_CASE("postings are capped; the tail is in the extra file", "[search]") {
  std::vector<SearchDocument> docs;
  for (int i = 0; i < 6; ++i)
    docs.push_back(doc("/p" + std::to_string(i) + "/", "Page " + std::to_string(i),
                       std::string("widget ") + (i == 4 ? "widget widget widget" : "")));
  SearchIndexOptions opt;
  opt.top_postings = 2;
  Built b = build(docs, opt);
  auto root = parse_json(b.by_path["root.json"]);
  auto shard = parse_json(b.by_path["t/" + root->find("t")->as_string() + ".json"]);
  auto words = split(shard->find("w")->as_string(), ' ');
  size_t wi = std::find(words.begin(), words.end(), "widget") - words.begin();
  REQUIRE(wi < words.size());
  // Each word here has one stem: the word's varint in "m" is its stem index * 2.
  std::string m = shard->find("m")->as_string();
  size_t at = 0;
  uint64_t v = 0;
  for (size_t i = 0; i <= wi; ++i) REQUIRE(search_codec::get_varint(m, at, v));
  size_t li = v / 2;
  CHECK(shard->find("n")->as_string()[li] == '2');  // two in the shard
  CHECK(shard->find("f")->as_string()[li] == '4');  // four in the tail
  auto extra = parse_json(b.by_path["x/" + shard->find("x")->as_string() + ".json"]);
  REQUIRE(extra);
  REQUIRE(extra->is_list());
  const Value& part = extra->as_list().at(shard->find("xi")->as_int());
  CHECK(part.find("d")->as_string().size() >= 4);  // four tail page ids
  CHECK(!part.find("p")->as_string().empty());      // positions of the top postings
  // The page with the most "widget"s is in the top list, so it ranks first.
  CHECK(urls(b, "widget ", 1) == std::vector<std::string>{"/p4/"});
  // Excluding reads the tail: nothing is left.
  CHECK(urls(b, "page -widget").empty());
}

TEST_CASE("the index is deterministic: same bytes across runs and thread counts", "[search]") {
  SearchIndexOptions one, two;
  one.jobs = 1;
  two.jobs = 2;
  one.shard_bytes = two.shard_bytes = 200;
  Built a = build(fixture(), one), b = build(fixture(), two), c = build(fixture(), two);
  REQUIRE(a.files.size() == b.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    INFO(a.files[i].path);
    CHECK(a.files[i].path == b.files[i].path);
    CHECK(a.files[i].content == b.files[i].content);
    CHECK(b.files[i].content == c.files[i].content);
  }
  // Names are content hashes: changing one page changes some names, not the root's.
  auto docs = fixture();
  docs[2].title = "Deploying to staging";
  Built d = build(docs, one);
  CHECK(d.by_path.count("root.json"));
  CHECK(d.by_path != a.by_path);
}

TEST_CASE("a bigger index is the same with one thread or two", "[search]") {
  // Enough pages that the per-thread tokenising and top-N heaps really split the work.
  std::vector<SearchDocument> docs;
  const char* words[] = {"cache", "pool", "shard", "index", "query", "token", "stem", "phrase",
                         "plugin", "theme", "build", "deploy", "release", "merge", "branch"};
  uint32_t x = 12345;
  auto next = [&] { return (x = x * 1103515245 + 12345) >> 16; };
  for (int i = 0; i < 900; ++i) {
    std::string title = std::string(words[next() % 15]) + " " + words[next() % 15];
    std::string body;
    for (int w = 0; w < 60; ++w) body += std::string(words[next() % 15]) + (w % 9 == 8 ? ". " : " ");
    docs.push_back(doc("/p/" + std::to_string(i) + "/", title, body,
                       {{"h", "Heading " + std::string(words[next() % 15]), body.substr(0, 120)}}));
  }
  SearchIndexOptions one, two;
  one.jobs = 1;
  two.jobs = 2;
  one.top_postings = two.top_postings = 50;
  Built a = build(docs, one), b = build(docs, two);
  REQUIRE(a.files.size() == b.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    INFO(a.files[i].path);
    CHECK(a.files[i].content == b.files[i].content);
  }
}

TEST_CASE("ranking: a title match beats a body match", "[search]") {
  Built b = build(fixture());
  auto r = urls(b, "pool ");
  REQUIRE(r.size() >= 2);
  CHECK(r[0] == "/docs/pool/");
  CHECK(std::find(r.begin(), r.end(), "/blog/pool-party/") != r.end());
}

TEST_CASE("ranking: pages matching more terms come first, none are dropped", "[search]") {
  Built b = build(fixture());
  auto r = urls(b, "memory pressure ");
  REQUIRE(r.size() >= 2);
  CHECK(r[0] == "/blog/pool-party/");  // both words
  CHECK(std::find(r.begin(), r.end(), "/docs/cache/") != r.end());  // only "memory"
  // A word nothing contains does not empty the results.
  CHECK(urls(b, "cache zebra ").size() >= 2);
}

TEST_CASE("ranking: -exclusion removes pages", "[search]") {
  Built b = build(fixture());
  auto all = urls(b, "cache ");
  auto without = urls(b, "cache -memory");
  CHECK(std::find(all.begin(), all.end(), "/docs/cache/") != all.end());
  CHECK(std::find(without.begin(), without.end(), "/docs/cache/") == without.end());
  CHECK(std::find(without.begin(), without.end(), "/blog/caching/") != without.end());
}

TEST_CASE("ranking: quoted phrases need the words in order", "[search]") {
  Built b = build(fixture());
  CHECK(urls(b, "\"connection pool\"") == std::vector<std::string>{"/docs/pool/"});
  CHECK(urls(b, "\"pool connection\"") == std::vector<std::string>{"/blog/pool-party/"});
  CHECK(urls(b, "\"roll back\"") == std::vector<std::string>{"/docs/deploy/"});
  CHECK(urls(b, "\"cache pool\"").empty());
}

TEST_CASE("ranking: stems, prefixes, typos, accents and CJK", "[search]") {
  Built b = build(fixture());
  CHECK(urls(b, "evicting ")[0] == "/docs/cache/");   // stem guess: "evict" is a stem
  CHECK(urls(b, "run ")[0] == "/docs/deploy/");       // "running" → "run"
  CHECK(urls(b, "evic")[0] == "/docs/cache/");        // prefix while typing
  CHECK(urls(b, "evic ").empty());                    // a finished word is not a prefix
  CHECK(urls(b, "conection ")[0] == "/docs/pool/");   // one edit away
  CHECK(urls(b, "evictoin ")[0] == "/docs/cache/");   // a swap, not the stem "evict"
  CHECK(urls(b, "cafe ")[0] == "/docs/café/");        // accents folded
  CHECK(urls(b, "RÉSUMÉ ")[0] == "/docs/café/");
  CHECK(urls(b, "京都 ")[0] == "/docs/café/");
  CHECK(urls(b, "東")[0] == "/docs/café/");           // one CJK character completes
  CHECK(urls(b, "storage ")[0] == "/plugins/redis/"); // plugin category is indexed
  CHECK(urls(b, "sessions ")[0] == "/plugins/redis/");
}

TEST_CASE("hits carry the best heading as a sub-result", "[search]") {
  Built b = build(fixture());
  Diagnostics diags;
  IndexReader reader(loader(b), diags);
  auto hits = reader.search("evicted ", 5);
  REQUIRE(!hits.empty());
  CHECK(hits[0].url == "/docs/cache/");
  CHECK(hits[0].title == "Configuring the cache");
  CHECK(hits[0].section == "docs");
  CHECK(hits[0].heading == "Eviction");
  CHECK(hits[0].anchor == "eviction");
  hits = reader.search("redis", 5);
  REQUIRE(!hits.empty());
  CHECK(hits[0].category == "storage");
  CHECK(hits[0].anchor.empty());
  // One-word queries read the root, one shard and one display chunk.
  Diagnostics d2;
  IndexReader fresh(loader(b), d2);
  fresh.search("pool ", 3);
  CHECK(fresh.fetched().size() == 3);
}

TEST_CASE("display chunks shorten URLs that end in the title's slug", "[search]") {
  std::vector<SearchDocument> docs = {doc("/repo/docs/tune-the-pool/", "Tune the Pool", "pool sizes"),
                                      doc("/repo/docs/other/", "Tune the pool", "pool limits")};
  Built b = build(docs);
  auto root = parse_json(b.by_path["root.json"]);
  const std::string& chunk = b.by_path["d/" + root->find("d")->as_string() + "-0.json"];
  CHECK(chunk.find("\"/repo/docs/~\"") != std::string::npos);
  CHECK(chunk.find("\"/repo/docs/other/\"") != std::string::npos);
  auto r = urls(b, "tune pool ");
  std::sort(r.begin(), r.end());
  CHECK(r == std::vector<std::string>{"/repo/docs/other/", "/repo/docs/tune-the-pool/"});
}

TEST_CASE("parse_query: words, phrases, exclusions and the prefix", "[search]") {
  auto t = parse_query("Cache \"Connection Pool\" -memory runn", true);
  REQUIRE(t.size() == 4);
  CHECK(t[0].keys == std::vector<std::string>{"cache"});
  CHECK_FALSE(t[0].prefix);
  CHECK(t[1].phrase);
  CHECK(t[1].keys == std::vector<std::string>{"connection", "pool"});
  CHECK(t[1].offsets == std::vector<uint32_t>{0, 1});
  CHECK(t[2].keys == std::vector<std::string>{"runn"});
  CHECK(t[2].prefix);
  CHECK(t[3].exclude);
  CHECK(t[3].keys == std::vector<std::string>{"memory"});
  CHECK_FALSE(parse_query("cache ", true)[0].prefix);
  CHECK(parse_query("\"don't panic\"", true)[0].offsets == std::vector<uint32_t>{0, 2});
  CHECK(parse_query("\"single\"", true)[0].phrase == false);
  CHECK(parse_query("a", true).empty());
}

TEST_CASE("search_built_site reads an index from disk", "[search]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "agora-search-test";
  fs::remove_all(dir);
  Built b = build(fixture());
  for (const auto& f : b.files) {
    fs::create_directories((dir / f.path).parent_path());
    std::ofstream(dir / f.path, std::ios::binary) << f.content;
  }
  Diagnostics diags;
  auto hits = search_built_site(dir.string(), "deploy production", 5, diags);
  CHECK(diags.empty());
  REQUIRE(!hits.empty());
  CHECK(hits[0].url == "/docs/deploy/");
  CHECK(hits[0].matched == 2);

  Diagnostics missing;
  CHECK(search_built_site((dir / "nope").string(), "x", 5, missing).empty());
  REQUIRE(missing.error_count() == 1);
  CHECK(missing.items()[0].message == "no search index in " + (dir / "nope").string());

  // A damaged shard is an error naming the file, not a crash.
  auto root = parse_json(b.by_path["root.json"]);
  std::string shard = "search/t/" + std::string(split(root->find("t")->as_string(), ' ')[0]) + ".json";
  std::ofstream(dir / shard, std::ios::binary) << "{\"w\":\"a b\",\"m\":\"!\"}";
  Diagnostics broken;
  CHECK(search_built_site(dir.string(), "deploy", 5, broken).empty());
  REQUIRE(broken.error_count() == 1);
  CHECK(broken.items()[0].loc.file == (dir / shard).string());
  CHECK(broken.items()[0].message == "search index shard is malformed");
  fs::remove_all(dir);
}

TEST_CASE("search_document takes a page's fields and splits its text", "[search]") {
  Page p;
  p.section = "docs";
  p.meta.title = "Install";
  p.meta.tags = {"setup"};
  p.summary = "First paragraph.";
  p.plain_text = "First paragraph.\nOn Linux\napt install agora";
  p.headings = {{2, "On Linux", "on-linux", 5}};
  SearchDocument d = search_document(p, "/repo/docs/install/", "en");
  CHECK(d.url == "/repo/docs/install/");
  CHECK(d.title == "Install");
  CHECK(d.section == "docs");
  CHECK(d.tags == std::vector<std::string>{"setup"});
  CHECK(d.summary == "First paragraph.");
  REQUIRE(d.sections.size() == 2);
  CHECK(d.sections[1].anchor == "on-linux");
  CHECK(d.sections[1].text == "apt install agora");
  p.meta.description = "How to install.";
  CHECK(search_document(p, "/x/", "en").summary == "How to install.");
}

TEST_CASE("format_search_hits prints hits for people and as JSON", "[search]") {
  SearchHit h;
  h.url = "/docs/cache/";
  h.title = "Configuring the \"cache\"";
  h.section = "docs";
  h.anchor = "eviction";
  h.heading = "Eviction";
  h.excerpt = "The cache keeps pages.";
  h.score = 812;
  h.matched = 1;
  CHECK(format_search_hits({h}, false) ==
        "1. Configuring the \"cache\" — /docs/cache/#eviction\n"
        "   docs · Eviction\n"
        "   The cache keeps pages.\n");
  CHECK(format_search_hits({h}, true) ==
        "[{\"url\":\"/docs/cache/\",\"title\":\"Configuring the \\\"cache\\\"\",\"section\":\"docs\","
        "\"category\":\"\",\"anchor\":\"eviction\",\"heading\":\"Eviction\",\"excerpt\":"
        "\"The cache keeps pages.\",\"score\":812,\"matched\":1}]\n");
  CHECK(format_search_hits({}, true) == "[]\n");
  CHECK(format_search_hits({}, false).empty());
}

TEST_CASE("sections_from_plain_text splits at h2/h3 headings", "[search]") {
  std::vector<Heading> hs = {{2, "Install", "install", 3}, {3, "On Linux", "on-linux", 5},
                             {4, "Deep", "deep", 7}, {2, "Missing", "missing", 9}};
  auto s = sections_from_plain_text("Intro line\nInstall\nRun it.\nOn Linux\napt install\nDeep\nmore", hs);
  REQUIRE(s.size() == 3);
  CHECK(s[0].anchor.empty());
  CHECK(s[0].text == "Intro line");
  CHECK(s[1].anchor == "install");
  CHECK(s[1].text == "Run it.");
  CHECK(s[2].heading == "On Linux");
  CHECK(s[2].text == "apt install\nDeep\nmore");
  CHECK(sections_from_plain_text("", hs).size() == 1);
  auto only = sections_from_plain_text("Install", hs);
  REQUIRE(only.size() == 2);
  CHECK(only[0].text.empty());
  CHECK(only[1].text.empty());
}

TEST_CASE("an empty site has an index that finds nothing", "[search]") {
  Built b = build({});
  CHECK(b.by_path.count("root.json"));
  CHECK(urls(b, "anything").empty());
  Built words_only = build({doc("/a/", "", "")});
  CHECK(urls(words_only, "anything").empty());
}

TEST_CASE("an unknown language is a warning and indexes words unstemmed", "[search]") {
  SearchIndexOptions opt;
  opt.language = "xx";
  SearchIndexStats stats;
  Diagnostics diags;
  build_search_index(fixture(), opt, stats, diags);
  CHECK(stats.stemmer == "none");
  REQUIRE(diags.warning_count() == 1);
  CHECK(diags.items()[0].message == "search: no stemmer for language 'xx'; words are indexed as written");
}
