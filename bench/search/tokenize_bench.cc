// tokenize_bench — how fast the search index's text pipeline runs, step by step, against
// Xapian's own TermGenerator on the same text. Run by bench/search/run.sh; prints MB/s.
//
//   tokenize_bench DOCS.json [--runs N] [--only-build]
//
// DOCS.json is what bench/search/md_to_docs.py writes. Each variant is run N times (default 5)
// on one thread; the best run is reported (ninja's perf tests do the same).
#include <xapian.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/search_index.h"
#include "search/search_json.h"
#include "search/stemmer.h"
#include "search/tokenizer.h"

using namespace agora;

namespace {

using Clock = std::chrono::steady_clock;

template <class Fn>
double best_ms(int runs, Fn&& fn) {
  double best = 1e30;
  for (int r = 0; r < runs; ++r) {
    auto t0 = Clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tokenize_bench DOCS.json [--runs N]\n");
    return 2;
  }
  int runs = 5;
  bool only_build = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--only-build") == 0) only_build = true;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto json = parse_json(ss.str());
  if (!json || !json->is_list()) {
    std::fprintf(stderr, "%s: not a JSON array\n", argv[1]);
    return 1;
  }
  std::vector<std::string> texts;  // one per page: title, headings and text
  std::vector<SearchDocument> docs;
  std::deque<std::string> store;  // the section texts the documents point into
  size_t bytes = 0;
  for (const Value& d : json->as_list()) {
    SearchDocument doc;
    auto str = [&](const Value& v, std::string_view k) {
      const Value* x = v.find(k);
      return x && x->is_string() ? x->as_string() : std::string();
    };
    doc.url = str(d, "url");
    doc.title = str(d, "title");
    doc.section = str(d, "section");
    doc.summary = str(d, "summary");
    std::string all = doc.title + "\n";
    if (const Value* s = d.find("sections"); s && s->is_list())
      for (const Value& x : s->as_list()) {
        doc.sections.push_back({str(x, "anchor"), str(x, "heading"), store.emplace_back(str(x, "text"))});
        all += doc.sections.back().heading + "\n" + std::string(doc.sections.back().text) + "\n";
      }
    bytes += all.size();
    texts.push_back(std::move(all));
    docs.push_back(std::move(doc));
  }
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("%zu pages, %.1f MB of text, best of %d runs, one thread\n", docs.size(), mb, runs);
  auto report = [&](const char* what, double ms) {
    std::printf("  %-44s %8.1f ms  %7.1f MB/s\n", what, ms, mb / (ms / 1000.0));
  };

  size_t sink = 0;
  if (!only_build) {
  report("tokenize (agora)", best_ms(runs, [&] {
           for (const auto& t : texts)
             tokenize(t, 0, [&](std::string_view w, uint32_t, size_t, size_t, bool) { sink += w.size(); });
         }));
  report("tokenize + fold accents", best_ms(runs, [&] {
           std::string key;
           for (const auto& t : texts)
             tokenize(t, 0, [&](std::string_view w, uint32_t, size_t, size_t, bool) {
               key.clear();
               append_folded(key, w);
               sink += key.size();
             });
         }));
  const std::string lang = stemmer_name_for_language("en");
  report("tokenize + Xapian::Stem, no cache", best_ms(1, [&] {
           Stemmer st(lang);
           for (const auto& t : texts)
             tokenize(t, 0, [&](std::string_view w, uint32_t, size_t, size_t, bool) { sink += st.stem_uncached(w).size(); });
         }));
  report("tokenize + Xapian::Stem, per-thread cache", best_ms(runs, [&] {
           Stemmer st(lang);
           for (const auto& t : texts)
             tokenize(t, 0, [&](std::string_view w, uint32_t, size_t, size_t, bool) { sink += st.stem(w).size(); });
         }));
  report("Xapian::TermGenerator (stem some, positions)", best_ms(std::min(runs, 2), [&] {
           Xapian::TermGenerator tg;
           tg.set_stemmer(Xapian::Stem("english"));
           tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
           for (const auto& t : texts) {
             Xapian::Document doc;
             tg.set_document(doc);
             tg.index_text(t);
             sink += doc.termlist_count();
           }
         }));
  report("Xapian::TermGenerator + in-memory database", best_ms(1, [&] {
           Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
           Xapian::TermGenerator tg;
           tg.set_stemmer(Xapian::Stem("english"));
           for (const auto& t : texts) {
             Xapian::Document doc;
             tg.set_document(doc);
             tg.index_text(t);
             db.add_document(doc);
           }
           sink += db.get_doccount();
         }));
  }
  for (unsigned jobs : {2u, 1u}) {  // the first run pays for fresh memory, as a real build does
    SearchIndexStats stats;
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    double ms = best_ms(std::min(runs, 3), [&] {
      Diagnostics diags;
      SearchIndexOptions opt;
      opt.jobs = jobs;
      auto files = build_search_index(docs, opt, stats, diags);
      sink += files.size();
    });
    char what[64];
    std::snprintf(what, sizeof what, "build_search_index, %u thread%s", jobs, jobs > 1 ? "s" : "");
    report(what, ms);
    std::printf("      ");
    for (const auto& [name, pms] : stats.phases) std::printf(" %s %.0f", name.c_str(), pms);
    getrusage(RUSAGE_SELF, &after);
    std::printf("  (ms, last run); %ld page faults\n", after.ru_minflt - before.ru_minflt);
  }
  return sink == 42 ? 1 : 0;
}
