// agora_search_tool — builds a search index from documents given as JSON and queries an index
// from disk, so node tests and the bench can drive the C++ side without a whole site build.
//
//   agora_search_tool index DOCS.json OUT_DIR [--language L] [--jobs N] [--top N]
//                                             [--chunk N] [--shard-bytes N] [--no-fold]
//       DOCS.json: [{url, title, section, category, tags: [], summary,
//                    sections: [{anchor, heading, text}]}, ...]
//       writes OUT_DIR/search/... and prints the stats line (and "ms <index build ms>").
//   agora_search_tool query OUT_DIR [--limit N] QUERY...
//       prints one JSON array of hits per query, one per line.
//   agora_search_tool tokens TEXT...
//       prints each text's words as a JSON array of [word, folded, position], one per line.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "search/search_index.h"
#include "search/search_json.h"
#include "search/tokenizer.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

std::string str(const Value& v, std::string_view key) {
  const Value* x = v.find(key);
  return x && x->is_string() ? x->as_string() : std::string();
}

int usage() {
  std::fprintf(stderr,
               "usage: agora_search_tool index DOCS.json OUT_DIR [options]\n"
               "       agora_search_tool query OUT_DIR [--limit N] QUERY...\n"
               "       agora_search_tool tokens TEXT...\n");
  return 2;
}

int index_cmd(int argc, char** argv) {
  if (argc < 4) return usage();
  SearchIndexOptions opt;
  for (int i = 4; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--language") opt.language = next();
    else if (a == "--jobs") opt.jobs = static_cast<unsigned>(std::stoul(next()));
    else if (a == "--top") opt.top_postings = std::stoul(next());
    else if (a == "--chunk") opt.chunk_docs = std::stoul(next());
    else if (a == "--shard-bytes") opt.shard_bytes = std::stoul(next());
    else if (a == "--no-fold") opt.fold_accents = false;
    else return usage();
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[2]);
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto json = parse_json(ss.str());
  if (!json || !json->is_list()) {
    std::fprintf(stderr, "%s: not a JSON array\n", argv[2]);
    return 1;
  }
  std::vector<SearchDocument> docs;
  std::deque<std::string> texts;  // section texts are views: they live here
  for (const Value& d : json->as_list()) {
    SearchDocument doc;
    doc.url = str(d, "url");
    doc.title = str(d, "title");
    doc.section = str(d, "section");
    doc.category = str(d, "category");
    doc.summary = str(d, "summary");
    if (const Value* t = d.find("tags"); t && t->is_list())
      for (const Value& x : t->as_list())
        if (x.is_string()) doc.tags.push_back(x.as_string());
    if (const Value* s = d.find("sections"); s && s->is_list())
      for (const Value& x : s->as_list())
        doc.sections.push_back({str(x, "anchor"), str(x, "heading"), texts.emplace_back(str(x, "text"))});
    docs.push_back(std::move(doc));
  }
  SearchIndexStats stats;
  Diagnostics diags;
  auto files = build_search_index(docs, opt, stats, diags);
  std::fputs(format_diagnostics(diags).c_str(), stderr);
  fs::path out(argv[3]);
  fs::remove_all(out / opt.dir);
  for (const auto& f : files) {
    fs::path p = out / f.path;
    fs::create_directories(p.parent_path());
    std::ofstream o(p, std::ios::binary);
    o << f.content;
  }
  std::printf("%s\n", search_stats_line(stats).c_str());
  std::printf("ms %.1f\n", stats.build_ms);
  for (const auto& [name, ms] : stats.phases) std::printf("  %-12s %8.1f ms\n", name.c_str(), ms);
  return diags.has_errors() ? 1 : 0;
}

int query_cmd(int argc, char** argv) {
  if (argc < 3) return usage();
  size_t limit = 10;
  int i = 3;
  if (i + 1 < argc && std::strcmp(argv[i], "--limit") == 0) {
    limit = std::stoul(argv[i + 1]);
    i += 2;
  }
  int rc = 0;
  for (; i < argc; ++i) {
    Diagnostics diags;
    auto hits = search_built_site(argv[2], argv[i], limit, diags);
    if (diags.has_errors()) {
      std::fputs(format_diagnostics(diags).c_str(), stderr);
      rc = 1;
    }
    std::string out = "[";
    for (size_t h = 0; h < hits.size(); ++h) {
      const SearchHit& x = hits[h];
      if (h) out += ',';
      out += "{\"url\":";
      append_json_string(out, x.url);
      out += ",\"title\":";
      append_json_string(out, x.title);
      out += ",\"section\":";
      append_json_string(out, x.section);
      out += ",\"category\":";
      append_json_string(out, x.category);
      out += ",\"anchor\":";
      append_json_string(out, x.anchor);
      out += ",\"heading\":";
      append_json_string(out, x.heading);
      out += ",\"score\":" + std::to_string(static_cast<long long>(x.score));
      out += ",\"matched\":" + std::to_string(x.matched) + "}";
    }
    out += "]";
    std::printf("%s\n", out.c_str());
  }
  return rc;
}

int tokens_cmd(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    std::string out = "[";
    tokenize(argv[i], 0, [&](std::string_view w, uint32_t pos, size_t, size_t, bool) {
      if (out.size() > 1) out += ',';
      out += '[';
      append_json_string(out, w);
      out += ',';
      append_json_string(out, fold_accents(w));
      out += ',' + std::to_string(pos) + ']';
    });
    std::printf("%s]\n", out.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  if (std::strcmp(argv[1], "index") == 0) return index_cmd(argc, argv);
  if (std::strcmp(argv[1], "query") == 0) return query_cmd(argc, argv);
  if (std::strcmp(argv[1], "tokens") == 0) return tokens_cmd(argc, argv);
  return usage();
}
