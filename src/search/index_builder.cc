// Builds the static search index:
//   1. tokenise every document in parallel; each thread keeps a table word → stem, so a word
//      is stemmed once per thread, and counts per (stem, field) with positions;
//   2. merge the threads' stems and words into one sorted vocabulary;
//   3. score (stem, page) pairs with per-field BM25 (recomputed where needed, not stored);
//   4. keep each stem's top N pages by score (the rest is its tail);
//   5. split the sorted words into term shards;
//   6. lay out display chunks so that each stem's best pages sit in one chunk;
//   7. list postings in that page order, and 8-10. write shards, extras, chunks and the root.
// The format is described in src/search/README.md; the numbers behind the choices in
// bench/search/README.md.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <numeric>

#include "core/hash.h"
#include "core/parallel.h"
#include "core/text.h"
#include "search/codec.h"
#include "search/search_index.h"
#include "search/search_json.h"
#include "search/stemmer.h"
#include "search/tokenizer.h"

namespace agora {

namespace {

namespace codec = search_codec;

// ---- scoring constants ------------------------------------------------------------------------

enum Field : uint8_t { kTitle = 0, kHeading = 1, kTags = 2, kBody = 3 };
constexpr int kFields = 4;
/// Each field is scored as BM25 with its own saturation and its own document frequencies, then
/// weighted: one title match outweighs many body matches (a plain BM25F sum saturates both
/// towards the same ceiling), and a word rare in titles counts most where it is in one.
constexpr double kFieldWeight[kFields] = {3.0, 1.5, 1.5, 1.0};
constexpr double kFieldB[kFields] = {0.75, 0.5, 0.0, 0.75};
constexpr double kK1 = 1.2;
/// Positions skipped between fields and sections so that a phrase never spans two.
constexpr uint32_t kGap = 2;
/// Weight of an occurrence when choosing a stem's best section in a page.
constexpr uint16_t kSectionWeight[kFields] = {0, 3, 0, 1};
constexpr size_t kSummaryChars = 100;   ///< excerpt length in display chunks (a line or two)
constexpr size_t kHeadingChars = 60;    ///< longer headings are shortened in display chunks
constexpr size_t kMaxHeadings = 32;     ///< sub-results only point at the first ones
constexpr size_t kMinChunkDocs = 8;
constexpr uint16_t kNoSection = 0xFFFF;
/// Term shards sharing one extra file (tails and positions are read only for phrases and
/// exclusions, so bigger extra files cost little and save file count for display chunks).
constexpr size_t kShardsPerExtra = 8;
/// Display-chunk layout: stems' best pages are grouped (most frequent stems first) until this
/// share of all pages is placed; the rest follow in title order, so pages whose titles start
/// alike (what readers type for a page they know) share chunks. Measured: bench/search/README.md.
constexpr double kGroupedShare = 0.3;

// ---- per-thread dictionaries ------------------------------------------------------------------

/// A fast, seedless 64-bit string hash (8 bytes at a time) for the dictionaries below.
inline uint64_t word_hash(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t v = 0;
  std::memcpy(&v, s.data() + i, s.size() - i);
  h = (h ^ v) * 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

/// Open-addressing map from a string to a dense id; strings live in one arena.
class WordDict {
 public:
  WordDict() : slots_(4096, 0) {}

  /// The id of `w`, adding it when new (`added` tells).
  uint32_t intern(std::string_view w, bool& added) {
    uint64_t h = word_hash(w);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t s = slots_[i];
      if (s == 0) {
        uint32_t id = static_cast<uint32_t>(spans_.size());
        spans_.push_back({static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(w.size())});
        arena_.append(w);
        hashes_.push_back(h);
        slots_[i] = id + 1;
        if (spans_.size() * 2 > slots_.size()) grow();
        added = true;
        return id;
      }
      if (hashes_[s - 1] == h && word(s - 1) == w) {
        added = false;
        return s - 1;
      }
    }
  }
  size_t size() const { return spans_.size(); }
  std::string_view word(uint32_t id) const {
    return std::string_view(arena_).substr(spans_[id].first, spans_[id].second);
  }

 private:
  void grow() {
    std::vector<uint32_t> bigger(slots_.size() * 2, 0);
    size_t mask = bigger.size() - 1;
    for (uint32_t id = 0; id < spans_.size(); ++id) {
      size_t i = hashes_[id] & mask;
      while (bigger[i]) i = (i + 1) & mask;
      bigger[i] = id + 1;
    }
    slots_.swap(bigger);
  }
  std::vector<uint32_t> slots_;
  std::vector<std::pair<uint32_t, uint32_t>> spans_;
  std::vector<uint64_t> hashes_;
  std::string arena_;
};

/// A thread's cache of stems: lowercase word → thread-local stem id, in one open-addressing
/// table whose 16-byte slots hold everything a lookup needs (one cache line per probe).
class StemCache {
 public:
  StemCache() : slots_(8192) {}

  /// The stem id of `w`, or kMissing.
  static constexpr uint32_t kMissing = 0xFFFFFFFF;
  uint32_t find(std::string_view w, uint64_t h) const {
    size_t mask = slots_.size() - 1;
    uint32_t h32 = static_cast<uint32_t>(h >> 32) | 1;  // never 0: 0 marks an empty slot
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return kMissing;
      if (s.hash == h32 && s.len == w.size() && std::memcmp(arena_.data() + s.off, w.data(), w.size()) == 0)
        return s.stem;
    }
  }
  void add(std::string_view w, uint64_t h, uint32_t stem) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    uint32_t h32 = static_cast<uint32_t>(h >> 32) | 1;
    size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    while (slots_[i].hash) i = (i + 1) & mask;
    slots_[i] = {h32, stem, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(w.size()), h};
    arena_.append(w);
    ++count_;
  }
  /// Calls fn(word, stem id) for every word.
  template <class Fn>
  void each(Fn&& fn) const {
    for (const Slot& s : slots_)
      if (s.hash) fn(std::string_view(arena_).substr(s.off, s.len), s.stem);
  }

 private:
  struct Slot {
    uint32_t hash, stem, off, len;
    uint64_t full;  ///< the whole hash, for growing
  };
  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    size_t mask = bigger.size() - 1;
    for (const Slot& s : slots_) {
      if (!s.hash) continue;
      size_t i = s.full & mask;
      while (bigger[i].hash) i = (i + 1) & mask;
      bigger[i] = s;
    }
    slots_.swap(bigger);
  }
  std::vector<Slot> slots_;
  std::string arena_;
  size_t count_ = 0;
};

/// One stem of one document.
struct DocTerm {
  uint32_t id;          ///< thread-local stem id, then global stem id
  uint8_t tf[kFields];  ///< occurrences per field (saturating)
  uint16_t sec;         ///< best section
  uint16_t pos;         ///< positions kept (low 15 bits; they follow the previous term's);
                        ///< the high bit marks a posting among the stem's top N pages
  uint32_t pos_count() const { return pos & 0x7FFF; }
  bool top() const { return pos & 0x8000; }
};
static_assert(sizeof(DocTerm) == 12, "12 bytes: there are millions of them");

/// Token positions are 16-bit: words after the 65535th of a page keep their counts but no
/// positions (phrases are not verified that deep into a page).
using Pos = uint16_t;
constexpr uint32_t kMaxPos = 0xFFFF;

struct DocData {
  uint32_t worker = 0;
  uint32_t len[kFields] = {0, 0, 0, 0};
  std::vector<DocTerm> terms;
  std::vector<Pos> positions;  ///< each term's positions in turn
};

/// State of one tokenising thread.
struct Worker {
  explicit Worker(const std::string& stemmer) : stem(stemmer) {}
  Stemmer stem;
  bool fold = true;
  StemCache words;                 ///< lowercase words seen by this thread → stem id
  WordDict stems;                  ///< folded stems seen by this thread
  struct Acc {
    uint32_t stamp = 0;
    uint8_t tf[kFields];
    uint16_t cur_sec, best_sec;
    uint16_t cur_w, best_w;  ///< section weights (small integers)
    uint32_t count, fill;
  };
  std::vector<Acc> acc;            ///< per stem id, for the current document
  std::vector<uint32_t> touched;   ///< stem ids of the current document
  std::vector<uint32_t> tok_stem;
  std::vector<Pos> tok_pos;
  uint32_t stamp = 0;
  std::string scratch;

  /// The thread-local stem id of a lowercase word (stemming it on first sight).
  uint32_t stem_of(std::string_view word, bool cjk) {
    uint64_t h = word_hash(word);
    uint32_t sid = words.find(word, h);
    if (sid != StemCache::kMissing) return sid;
    std::string s = cjk ? std::string(word) : stem.stem_uncached(word);
    if (s.empty()) s.assign(word);
    if (fold && !fold_is_identity(s)) s = fold_accents(s);
    bool added;
    sid = stems.intern(s, added);
    words.add(word, h, sid);
    return sid;
  }
};

bool contains_summary(const SearchDocument& d) {
  if (d.summary.empty()) return true;
  // Compare a prefix cut at a UTF-8 boundary: the summary may be shortened with "…".
  size_t n = std::min<size_t>(d.summary.size(), 60);
  while (n > 0 && n < d.summary.size() && (static_cast<unsigned char>(d.summary[n]) & 0xC0) == 0x80) --n;
  std::string_view head(d.summary.data(), n);
  for (const auto& s : d.sections)
    if (s.text.find(head) != std::string::npos) return true;
  return false;
}

void tokenize_doc(const SearchDocument& d, Worker& w, DocData& out) {
  ++w.stamp;
  w.touched.clear();
  w.tok_stem.clear();
  w.tok_pos.clear();
  uint32_t pos = 0;
  uint32_t len[kFields] = {0, 0, 0, 0};  // local: `out` may share a cache line with another thread's
  auto add = [&](std::string_view text, Field field, uint16_t sec) {
    pos = tokenize(text, pos, [&](std::string_view word, uint32_t p, size_t, size_t, bool cjk) {
      uint32_t id = w.stem_of(word, cjk);
      if (id >= w.acc.size()) w.acc.resize(std::max<size_t>(id + 1, w.acc.size() * 2));
      Worker::Acc& a = w.acc[id];
      if (a.stamp != w.stamp) {
        a.stamp = w.stamp;
        std::memset(a.tf, 0, sizeof a.tf);
        a.cur_sec = a.best_sec = kNoSection;
        a.cur_w = a.best_w = 0;
        a.count = 0;
        w.touched.push_back(id);
      }
      if (a.tf[field] < 255) ++a.tf[field];
      if (sec != kNoSection) {
        if (a.cur_sec != sec) {
          if (a.cur_w > a.best_w) { a.best_w = a.cur_w; a.best_sec = a.cur_sec; }
          a.cur_sec = sec;
          a.cur_w = 0;
        }
        if (a.cur_w < 60000) a.cur_w += kSectionWeight[field];
      }
      if (p <= kMaxPos && a.count < 0x7FFF) {
        ++a.count;
        w.tok_stem.push_back(id);
        w.tok_pos.push_back(static_cast<Pos>(p));
      }
      ++len[field];
    }, w.scratch);
    pos += kGap;
  };
  add(d.title, kTitle, kNoSection);
  for (const auto& t : d.tags) add(t, kTags, kNoSection);
  if (!d.category.empty()) add(d.category, kTags, kNoSection);
  if (!contains_summary(d)) add(d.summary, kBody, 0);
  for (size_t s = 0; s < d.sections.size() && s < kNoSection; ++s) {
    uint16_t sec = static_cast<uint16_t>(s);
    if (!d.sections[s].heading.empty()) add(d.sections[s].heading, kHeading, sec);
    add(d.sections[s].text, kBody, sec);
  }
  std::memcpy(out.len, len, sizeof len);
  // Terms in first-seen order; positions grouped by term (a counting sort).
  out.terms.resize(w.touched.size());
  out.positions.resize(w.tok_pos.size());
  uint32_t offset = 0;
  for (size_t t = 0; t < w.touched.size(); ++t) {
    Worker::Acc& a = w.acc[w.touched[t]];
    if (a.cur_w > a.best_w) { a.best_w = a.cur_w; a.best_sec = a.cur_sec; }
    DocTerm& dt = out.terms[t];
    dt.id = w.touched[t];
    std::memcpy(dt.tf, a.tf, sizeof dt.tf);
    dt.sec = a.best_sec == kNoSection ? 0 : a.best_sec;
    dt.pos = static_cast<uint16_t>(a.count);
    a.fill = offset;
    offset += a.count;
  }
  for (size_t k = 0; k < w.tok_pos.size(); ++k) out.positions[w.acc[w.tok_stem[k]].fill++] = w.tok_pos[k];
}

// ---- output helpers ---------------------------------------------------------------------------

/// The shortest prefix of `b` (whole code points) that sorts after `a` (a < b).
std::string boundary_between(std::string_view a, std::string_view b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  while (i > 0 && i < b.size() && (static_cast<unsigned char>(b[i]) & 0xC0) == 0x80) --i;
  size_t end = i;
  if (end < b.size()) decode_utf8(b, end);
  return std::string(b.substr(0, end));
}

/// `text` cut at a word boundary near `max_chars` characters, with "…" when cut.
std::string shorten(std::string_view text, size_t max_chars) {
  size_t i = 0, chars = 0;
  while (i < text.size() && chars < max_chars) {
    decode_utf8(text, i);
    ++chars;
  }
  if (i >= text.size()) return std::string(text);
  size_t cut = text.rfind(' ', i);
  if (cut == std::string_view::npos || cut < i / 2) cut = i;
  std::string out(text.substr(0, cut));
  while (!out.empty() && std::string_view(" ,;:-").find(out.back()) != std::string_view::npos)
    out.pop_back();
  return out + "…";
}

/// Content-hashed file names, lengthened on the (unlikely) clash of two different contents.
class Namer {
 public:
  std::string name(const std::string& content) {
    uint64_t full = fnv1a64(content);
    for (int digits = 8; digits < 16; digits += 2) {
      std::string h = fingerprint(content, digits);
      auto [it, fresh] = seen_.emplace(h, full);
      if (fresh || it->second == full) return h;
    }
    return fingerprint(content, 16);
  }

 private:
  std::map<std::string, uint64_t> seen_;  ///< name → full 64-bit hash of its content
};

}  // namespace

// ---- build ------------------------------------------------------------------------------------

std::vector<SearchFile> build_search_index(const std::vector<SearchDocument>& docs,
                                           const SearchIndexOptions& opt,
                                           SearchIndexStats& stats, Diagnostics& diags) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  stats = {};
  auto lap_start = t0;
  auto lap = [&](const char* name) {
    auto now = Clock::now();
    stats.phases.emplace_back(name, std::chrono::duration<double, std::milli>(now - lap_start).count());
    lap_start = now;
  };
  const unsigned jobs = opt.jobs ? opt.jobs : default_jobs();
  const size_t n = docs.size();
  stats.documents = n;
  const std::string stemmer = stemmer_name_for_language(opt.language);
  stats.stemmer = stemmer;
  {
    std::string lang = ascii_lower(trim(opt.language));
    bool cjk = starts_with(lang, "zh") || starts_with(lang, "ja") || starts_with(lang, "ko");
    if (stemmer == "none" && !lang.empty() && lang != "none" && !cjk)
      diags.warning({"site-config.yaml", 0, 0},
                    "search: no stemmer for language '" + opt.language + "'; words are indexed as written",
                    "Xapian stems: " + available_stemmers());
  }

  // 1. Tokenise and stem, one dictionary per thread.
  std::vector<DocData> data(n);
  const unsigned workers = static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(jobs, n)));
  std::vector<Worker> ws;
  for (unsigned i = 0; i < workers; ++i) {
    ws.emplace_back(stemmer);
    ws.back().fold = opt.fold_accents;
  }
  {
    // Pages are handed out in blocks so that threads do not write next to each other.
    constexpr size_t kBlock = 16;
    std::atomic<size_t> next{0};
    parallel_for(workers, workers, [&](size_t wi) {
      for (size_t b; (b = next.fetch_add(kBlock, std::memory_order_relaxed)) < n;) {
        for (size_t i = b; i < std::min(n, b + kBlock); ++i) {
          data[i].worker = static_cast<uint32_t>(wi);
          tokenize_doc(docs[i], ws[wi], data[i]);
        }
      }
      ws[wi].acc = {};
      ws[wi].tok_stem = {};
      ws[wi].tok_pos = {};
    });
  }
  lap("tokenize");

  // 2. One sorted vocabulary: stems (global ids = sorted order) and keys (folded words).
  std::vector<std::string_view> stems;
  for (const Worker& w : ws)
    for (uint32_t id = 0; id < w.stems.size(); ++id) stems.push_back(w.stems.word(id));
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  const size_t n_stems = stems.size();
  std::vector<std::vector<uint32_t>> stem_gid(workers);
  std::vector<std::pair<std::string, uint32_t>> key_stem;  // (key, global stem id)
  for (unsigned wi = 0; wi < workers; ++wi) {
    const Worker& w = ws[wi];
    stem_gid[wi].resize(w.stems.size());
    for (uint32_t id = 0; id < w.stems.size(); ++id)
      stem_gid[wi][id] = static_cast<uint32_t>(std::lower_bound(stems.begin(), stems.end(), w.stems.word(id)) - stems.begin());
    w.words.each([&](std::string_view word, uint32_t sid) {
      std::string key = opt.fold_accents && !fold_is_identity(word) ? fold_accents(word) : std::string(word);
      key_stem.emplace_back(std::move(key), stem_gid[wi][sid]);
    });
  }
  std::sort(key_stem.begin(), key_stem.end());
  key_stem.erase(std::unique(key_stem.begin(), key_stem.end()), key_stem.end());
  std::vector<std::string> keys;
  std::vector<std::vector<uint32_t>> key_stems;
  for (auto& [k, s] : key_stem) {
    if (keys.empty() || keys.back() != k) {
      keys.push_back(k);
      key_stems.emplace_back();
    }
    key_stems.back().push_back(s);
  }
  key_stem = {};
  stats.terms = keys.size();
  stats.stems = n_stems;
  lap("vocabulary");

  // 3. Statistics and scores. Each field has its own document frequency: a word common in
  // bodies but rare in titles weighs a lot where it is in a title (known-item queries).
  std::vector<uint32_t> df(n_stems, 0);
  std::vector<std::array<uint32_t, kFields>> field_df(n_stems, {0, 0, 0, 0});
  double avg_len[kFields] = {0, 0, 0, 0};
  for (DocData& d : data) {
    const auto& gid = stem_gid[d.worker];
    for (DocTerm& t : d.terms) {
      ++df[t.id = gid[t.id]];
      for (int f = 0; f < kFields; ++f) field_df[t.id][f] += t.tf[f] > 0;
    }
    for (int f = 0; f < kFields; ++f) avg_len[f] += d.len[f];
  }
  stem_gid.clear();
  for (double& a : avg_len) a = n ? std::max(1.0, a / static_cast<double>(n)) : 1.0;
  // Scores are recomputed where needed rather than stored: millions of floats cost more in
  // fresh memory than the arithmetic.
  std::vector<std::array<float, kFields>> fidf(n_stems);
  for (size_t s = 0; s < n_stems; ++s)
    for (int f = 0; f < kFields; ++f)
      fidf[s][f] = static_cast<float>(kFieldWeight[f] * (kK1 + 1) *
                                      std::log(1.0 + (static_cast<double>(n) - field_df[s][f] + 0.5) / (field_df[s][f] + 0.5)));
  struct Norms {
    float v[kFields];
  };
  auto norms_of = [&](const DocData& d) {
    Norms nm;
    for (int f = 0; f < kFields; ++f)
      nm.v[f] = static_cast<float>(kK1 * (1 - kFieldB[f] + kFieldB[f] * d.len[f] / avg_len[f]));
    return nm;
  };
  auto score_of = [&](const Norms& nm, const DocTerm& t) {
    float sum = 0;
    for (int f = 0; f < kFields; ++f)
      if (t.tf[f]) sum += fidf[t.id][f] * t.tf[f] / (t.tf[f] + nm.v[f]);
    return sum;
  };
  std::vector<float> doc_max(n, 0);
  parallel_for(n, jobs, [&](size_t i) {
    Norms nm = norms_of(data[i]);
    for (const DocTerm& t : data[i].terms) doc_max[i] = std::max(doc_max[i], score_of(nm, t));
  });
  double max_score = 0;
  for (float m : doc_max) max_score = std::max<double>(max_score, m);
  const auto& levels = codec::level_weights();
  const double scale = max_score > 0 ? levels[codec::kLevels - 1] / max_score : 1.0;
  auto level_of = [&](float score) {
    double v = score * scale;
    int q = static_cast<int>(std::lower_bound(levels.begin(), levels.end(), v) - levels.begin());
    if (q >= codec::kLevels) q = codec::kLevels - 1;
    else if (q > 0 && (v - levels[q - 1]) < (levels[q] - v)) --q;
    return static_cast<uint8_t>(q);
  };
  lap("score");

  // 4. Each stem's top N pages by score (best first); the rest is its tail.
  std::vector<uint64_t> post_begin(n_stems + 1, 0);
  for (size_t s = 0; s < n_stems; ++s) post_begin[s + 1] = post_begin[s] + df[s];
  const size_t top_n = std::max<size_t>(1, opt.top_postings);
  // A stem keeps every page that has it in its title, up to 4N: a known-item query must
  // find its page even when a word is in more titles than N.
  auto top_count = [&](size_t s) {
    return std::min<size_t>(df[s], std::max<size_t>(top_n, std::min<size_t>(field_df[s][kTitle], 4 * top_n)));
  };
  std::vector<uint64_t> top_begin(n_stems + 1, 0);
  for (size_t s = 0; s < n_stems; ++s) top_begin[s + 1] = top_begin[s] + top_count(s);
  std::vector<uint32_t> top_docs(top_begin[n_stems]);  ///< per stem, best first
  {
    // Each thread keeps one bounded heap per stem (its worst kept posting on top) for its range
    // of pages; the heaps are then merged per stem. The order is total, so the result does not
    // depend on the split.
    struct Scored {
      uint32_t doc, term;
      float score;
    };
    auto better = [](const Scored& a, const Scored& b) {
      return a.score != b.score ? a.score > b.score : a.doc < b.doc;
    };
    const size_t parts = std::max<size_t>(1, std::min<size_t>(jobs, n / 256 + 1));
    std::vector<std::vector<Scored>> heaps(parts);
    std::vector<std::vector<uint32_t>> fills(parts);
    parallel_for(parts, jobs, [&](size_t part) {
      auto& hs = heaps[part];
      auto& fill = fills[part];
      hs.resize(top_begin[n_stems]);
      fill.assign(n_stems, 0);
      for (uint32_t i = static_cast<uint32_t>(n * part / parts); i < n * (part + 1) / parts; ++i) {
        const auto& terms = data[i].terms;
        Norms nm = norms_of(data[i]);
        for (uint32_t t = 0; t < terms.size(); ++t) {
          uint32_t s = terms[t].id;
          Scored* h = hs.data() + top_begin[s];
          uint32_t cap = static_cast<uint32_t>(top_begin[s + 1] - top_begin[s]);
          Scored x{i, t, score_of(nm, terms[t])};
          if (fill[s] < cap) {
            h[fill[s]++] = x;
            if (fill[s] == cap && df[s] > cap) std::make_heap(h, h + cap, better);
          } else if (better(x, h[0])) {
            std::pop_heap(h, h + cap, better);
            h[cap - 1] = x;
            std::push_heap(h, h + cap, better);
          }
        }
      }
    });
    parallel_for(n_stems, jobs, [&](size_t s) {
      std::vector<Scored> all;
      for (size_t part = 0; part < parts; ++part)
        all.insert(all.end(), heaps[part].begin() + top_begin[s], heaps[part].begin() + top_begin[s] + fills[part][s]);
      size_t cap = top_begin[s + 1] - top_begin[s];
      std::partial_sort(all.begin(), all.begin() + cap, all.end(), better);
      for (size_t i = 0; i < cap; ++i) {
        top_docs[top_begin[s] + i] = all[i].doc;
        data[all[i].doc].terms[all[i].term].pos |= 0x8000;
      }
    });
  }
  lap("top");

  // 5. Term shards: consecutive keys until the estimated size passes the target.
  std::vector<size_t> shard_first;
  {
    std::vector<uint32_t> seen(n_stems, 0);
    uint32_t shard_no = 1;
    size_t size = 0;
    for (size_t k = 0; k < keys.size(); ++k) {
      auto cost = [&](bool fresh_shard) {
        size_t c = keys[k].size() + 2;
        for (uint32_t s : key_stems[k])
          if (fresh_shard || seen[s] != shard_no) c += 4 + stems[s].size() + top_count(s) * 3;
        return c;
      };
      size_t add = cost(false);
      if (k == 0 || (size > 0 && size + add > opt.shard_bytes)) {
        shard_first.push_back(k);
        ++shard_no;
        size = 0;
        add = cost(true);
      }
      size += add;
      for (uint32_t s : key_stems[k]) seen[s] = shard_no;
    }
  }
  const size_t n_shards = shard_first.size();

  // 6. Display chunks: each stem's best pages together, so a one-word query reads few.
  size_t chunk = opt.chunk_docs;
  if (!chunk) {
    size_t fixed = n_shards + (n_shards + kShardsPerExtra - 1) / kShardsPerExtra + 2;
    size_t budget = opt.max_files > fixed ? opt.max_files - fixed : 1;
    chunk = std::max(kMinChunkDocs, (n + budget - 1) / budget);
  }
  const size_t n_chunks = n ? (n + chunk - 1) / chunk : 0;
  std::vector<uint32_t> new_id(n, 0);
  {
    std::vector<size_t> free_slots(n_chunks, chunk);
    if (n_chunks) free_slots.back() = n - (n_chunks - 1) * chunk;
    std::vector<std::vector<uint32_t>> members(n_chunks);
    std::vector<char> placed(n, 0);
    std::vector<uint32_t> order(n_stems);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return df[a] > df[b]; });
    size_t first_open = 0;
    std::vector<uint32_t> group;
    size_t placed_count = 0;
    const size_t max_placed = static_cast<size_t>(n * kGroupedShare);
    for (uint32_t s : order) {
      if (df[s] < 2 || placed_count >= max_placed) break;
      group.clear();
      size_t k = std::min<size_t>(top_count(s), opt.results_per_stem);
      for (size_t i = 0; i < k; ++i) {
        uint32_t d = top_docs[top_begin[s] + i];
        if (!placed[d]) group.push_back(d);
      }
      if (group.empty()) continue;
      while (first_open < n_chunks && free_slots[first_open] == 0) ++first_open;
      size_t c = first_open;
      while (c < n_chunks && free_slots[c] < group.size()) ++c;
      if (c == n_chunks) c = first_open;  // no room for the whole group: split it
      for (uint32_t d : group) {
        while (free_slots[c] == 0) ++c;
        members[c].push_back(d);
        --free_slots[c];
        placed[d] = 1;
        ++placed_count;
      }
    }
    size_t c = 0;
    std::vector<uint32_t> rest;
    for (uint32_t d = 0; d < n; ++d)
      if (!placed[d]) rest.push_back(d);
    std::stable_sort(rest.begin(), rest.end(), [&](uint32_t a, uint32_t b) { return ascii_lower(docs[a].title) < ascii_lower(docs[b].title); });
    for (uint32_t d : rest) {
      while (free_slots[c] == 0) ++c;
      members[c].push_back(d);
      --free_slots[c];
    }
    for (size_t j = 0; j < n_chunks; ++j)
      for (size_t i = 0; i < members[j].size(); ++i) new_id[members[j][i]] = static_cast<uint32_t>(j * chunk + i);
  }
  std::vector<uint32_t> old_of_new(n);
  for (uint32_t d = 0; d < n; ++d) old_of_new[new_id[d]] = d;
  lap("layout");

  // 7. Postings in final page order: walking pages by new id fills every stem's top list and
  // tail already sorted. A posting refers to its DocTerm for the score, section and positions.
  struct Ref {
    uint32_t id;      ///< new page id
    uint16_t sec;     ///< best section
    uint8_t q;        ///< score level
    uint32_t doc, pos_begin, pos_count;  ///< old page index and its positions of the stem
  };
  std::vector<Ref> tops(top_begin[n_stems]);
  std::vector<uint32_t> tails(post_begin[n_stems] - top_begin[n_stems]);  ///< new page ids
  {
    std::vector<uint64_t> top_fill(top_begin.begin(), top_begin.end() - 1);
    std::vector<uint64_t> tail_fill(n_stems);
    for (size_t s = 0; s < n_stems; ++s) tail_fill[s] = post_begin[s] - top_begin[s];
    for (uint32_t id = 0; id < n; ++id) {
      uint32_t d = old_of_new[id], pos = 0;
      const auto& terms = data[d].terms;
      Norms nm = norms_of(data[d]);
      for (const DocTerm& t : terms) {
        if (t.top()) tops[top_fill[t.id]++] = {id, t.sec, level_of(score_of(nm, t)), d, pos, t.pos_count()};
        else tails[tail_fill[t.id]++] = id;
        pos += t.pos_count();
      }
    }
  }
  // A stem's display group must be exactly what the client ranks first for it: the client breaks
  // score ties by page id, so where a page outside the group ties with the group's lowest level,
  // the group's pages at that level move up one level (or the outsiders down, at the top level).
  parallel_for(n_stems, jobs, [&](size_t s) {
    size_t k = std::min<size_t>(top_count(s), opt.results_per_stem);
    if (k == 0 || k == top_count(s)) return;
    std::vector<uint32_t> group(top_docs.begin() + top_begin[s], top_docs.begin() + top_begin[s] + k);
    std::sort(group.begin(), group.end());
    auto member = [&](const Ref& r) { return std::binary_search(group.begin(), group.end(), r.doc); };
    Ref* b = tops.data() + top_begin[s];
    Ref* e = b + top_count(s);
    int low = codec::kLevels;
    for (Ref* r = b; r != e; ++r)
      if (member(*r)) low = std::min<int>(low, r->q);
    bool tie = false;
    for (Ref* r = b; r != e && !tie; ++r) tie = !member(*r) && r->q == low;
    if (!tie) return;
    for (Ref* r = b; r != e; ++r) {
      if (low < codec::kLevels - 1 && member(*r) && r->q == low) ++r->q;
      else if (low == codec::kLevels - 1 && !member(*r) && r->q == low) --r->q;
    }
  });
  top_docs = {};
  lap("postings");

  std::vector<SearchFile> files;
  const std::string dir = opt.dir.empty() ? "search" : opt.dir;

  // 8. Shards, and their tails and positions in extra files shared by kShardsPerExtra shards.
  struct ShardOut {
    std::string shard, extra;
  };
  std::vector<ShardOut> shard_out(n_shards);
  parallel_for(n_shards, jobs, [&](size_t si) {
    size_t k0 = shard_first[si], k1 = si + 1 < n_shards ? shard_first[si + 1] : keys.size();
    std::vector<uint32_t> local;  // the stems of this shard, in global (= text) order
    for (size_t k = k0; k < k1; ++k) local.insert(local.end(), key_stems[k].begin(), key_stems[k].end());
    std::sort(local.begin(), local.end());
    local.erase(std::unique(local.begin(), local.end()), local.end());
    auto local_of = [&](uint32_t s) { return static_cast<uint64_t>(std::lower_bound(local.begin(), local.end(), s) - local.begin()); };
    std::string w, m, k, nn, f, d, q, c, td, p;
    std::vector<char> named(local.size(), 0);  // 1: stem text implied by its first word
    for (size_t key = k0; key < k1; ++key) {
      if (key > k0) w += ' ';
      append_json_chars(w, keys[key]);
      const auto& ks = key_stems[key];
      for (size_t j = 0; j < ks.size(); ++j) {
        uint64_t li = local_of(ks[j]);
        codec::put_varint(m, li * 2 + (j + 1 < ks.size() ? 1 : 0));
        if (named[li] == 0) named[li] = stems[ks[j]] == keys[key] ? 1 : 2;
      }
    }
    auto encode = [&](const Ref* b, const Ref* e, std::string& ids, std::string& qs, std::string& secs) {
      uint32_t prev = 0;
      for (const Ref* r = b; r != e; ++r) {
        codec::put_varint(ids, r->id - prev);
        prev = r->id;
        qs += codec::kAlphabet[r->q];
        codec::put_varint(secs, r->sec);
      }
    };
    for (size_t li = 0; li < local.size(); ++li) {
      uint32_t s = local[li];
      size_t top = top_count(s);
      if (li) k += ' ';
      if (named[li] != 1) append_json_chars(k, stems[s]);
      codec::put_varint(nn, top);
      codec::put_varint(f, df[s] - top);
      const Ref* tb = tops.data() + top_begin[s];
      encode(tb, tb + top, d, q, c);
      for (const Ref* r = tb; r != tb + top; ++r) {  // positions of the top postings
        const Pos* pb = data[r->doc].positions.data() + r->pos_begin;
        const Pos* pe = pb + r->pos_count;
        codec::put_varint(p, r->pos_count);
        uint32_t prev = 0;
        for (const Pos* x = pb; x != pe; ++x) {
          codec::put_varint(p, *x - prev);
          prev = *x;
        }
      }
      const uint32_t* xb = tails.data() + (post_begin[s] - top_begin[s]);
      uint32_t prev = 0;  // the tail: page ids only
      for (const uint32_t* id = xb; id != xb + (df[s] - top); ++id) {
        codec::put_varint(td, *id - prev);
        prev = *id;
      }
    }
    ShardOut& o = shard_out[si];
    o.extra = "{\"d\":\"" + td + "\",\"p\":\"" + p + "\"}";
    o.shard = w + "\",\"m\":\"" + m + "\",\"k\":\"" + k + "\",\"n\":\"" + nn +
              "\",\"f\":\"" + f + "\",\"d\":\"" + d + "\",\"q\":\"" + q + "\",\"c\":\"" + c + "\"}";
  });
  Namer names;
  std::string shard_names, shard_bounds;
  for (size_t g = 0; g < n_shards; g += kShardsPerExtra) {
    size_t end = std::min(n_shards, g + kShardsPerExtra);
    std::string extra = "[";
    for (size_t si = g; si < end; ++si) extra += (si > g ? "," : "") + shard_out[si].extra;
    extra += ']';
    std::string xname = names.name(extra);
    files.push_back({dir + "/x/" + xname + ".json", std::move(extra)});
    for (size_t si = g; si < end; ++si) {
      ShardOut& so = shard_out[si];
      so.shard = "{\"x\":\"" + xname + "\",\"xi\":" + std::to_string(si - g) + ",\"w\":\"" + so.shard;
      std::string tname = names.name(so.shard);
      if (si) {
        shard_names += ' ';
        shard_bounds += ' ';
        append_json_chars(shard_bounds, boundary_between(keys[shard_first[si] - 1], keys[shard_first[si]]));
      }
      shard_names += tname;
      stats.largest_shard = std::max<uint64_t>(stats.largest_shard, so.shard.size());
      files.push_back({dir + "/t/" + tname + ".json", std::move(so.shard)});
    }
  }
  shard_out.clear();
  lap("shards");

  // 9. Display chunks and facets.
  std::vector<std::string> section_names, category_names;
  for (const auto& doc : docs) {
    section_names.push_back(doc.section);
    if (!doc.category.empty()) category_names.push_back(doc.category);
  }
  for (auto* v : {&section_names, &category_names}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  auto index_in = [](const std::vector<std::string>& v, const std::string& s) {
    return static_cast<size_t>(std::lower_bound(v.begin(), v.end(), s) - v.begin());
  };
  std::vector<std::string> chunk_text(n_chunks);
  parallel_for(n_chunks, jobs, [&](size_t c) {
    std::string& out = chunk_text[c];
    out += '[';
    for (size_t id = c * chunk; id < std::min(n, (c + 1) * chunk); ++id) {
      const SearchDocument& doc = docs[old_of_new[id]];
      if (id > c * chunk) out += ',';
      out += '[';
      append_json_string(out, doc.title);
      out += ',';
      // "/docs/a/configuring-the-cache/" is written "/docs/a/~" when its last segment is the
      // title's simple_anchor(): saves a sixth of a chunk.
      std::string tail = "/" + simple_anchor(doc.title) + "/";
      if (tail.size() > 3 && ends_with(doc.url, tail))
        append_json_string(out, doc.url.substr(0, doc.url.size() - tail.size() + 1) + "~");
      else
        append_json_string(out, doc.url);
      out += ',' + std::to_string(index_in(section_names, doc.section)) + ',';
      out += std::to_string(doc.category.empty() ? 0 : index_in(category_names, doc.category) + 1) + ',';
      append_json_string(out, shorten(doc.summary, kSummaryChars));
      out += ",[";
      for (size_t s = 1; s < doc.sections.size() && s <= kMaxHeadings; ++s) {
        if (s > 1) out += ',';
        out += '[';
        append_json_string(out, shorten(doc.sections[s].heading, kHeadingChars));
        if (doc.sections[s].anchor != simple_anchor(doc.sections[s].heading)) {
          out += ',';
          append_json_string(out, doc.sections[s].anchor);
        }
        out += ']';
      }
      out += "]]";
    }
    out += ']';
  });
  // Chunks change together (the layout moves pages between them), so they share one name: a
  // hash of all their contents, plus their number.
  std::string all_hashes;
  for (const auto& text : chunk_text) all_hashes += fingerprint(text, 16);
  const std::string chunk_names = fingerprint(all_hashes, 8);
  for (size_t c = 0; c < n_chunks; ++c)
    files.push_back({dir + "/d/" + chunk_names + "-" + std::to_string(c) + ".json", std::move(chunk_text[c])});
  std::string facet_sections, facet_categories;
  for (size_t id = 0; id < n; ++id) {
    const SearchDocument& doc = docs[old_of_new[id]];
    codec::put_varint(facet_sections, index_in(section_names, doc.section));
    codec::put_varint(facet_categories, doc.category.empty() ? 0 : index_in(category_names, doc.category) + 1);
  }
  std::string facets = "{\"s\":\"" + facet_sections + "\",\"c\":\"" + facet_categories + "\"}";
  std::string facets_name = names.name(facets);
  files.push_back({dir + "/f/" + facets_name + ".json", std::move(facets)});
  lap("chunks");

  // 10. The root: what a query needs to find every other file.
  std::string root = "{\"v\":1,\"lang\":";
  append_json_string(root, opt.language);
  root += ",\"stemmer\":";
  append_json_string(root, stemmer);
  root += ",\"fold\":" + std::string(opt.fold_accents ? "1" : "0");
  root += ",\"docs\":" + std::to_string(n) + ",\"top\":" + std::to_string(top_n) +
          ",\"chunk\":" + std::to_string(chunk) + ",\"sections\":[";
  for (size_t i = 0; i < section_names.size(); ++i) {
    if (i) root += ',';
    append_json_string(root, section_names[i]);
  }
  root += "],\"categories\":[";
  for (size_t i = 0; i < category_names.size(); ++i) {
    if (i) root += ',';
    append_json_string(root, category_names[i]);
  }
  root += "],\"shards\":\"" + shard_bounds + "\",\"t\":\"" + shard_names + "\",\"d\":\"" + chunk_names +
          "\",\"f\":\"" + facets_name + "\"}";
  files.push_back({dir + "/root.json", std::move(root)});

  std::sort(files.begin(), files.end(), [](const SearchFile& a, const SearchFile& b) { return a.path < b.path; });
  stats.files = files.size();
  for (const auto& file : files) stats.bytes += file.content.size();
  lap("root");
  stats.build_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  return files;
}

std::vector<SearchFile> build_search_index(const std::vector<SearchDocument>& docs,
                                           const std::string& language, unsigned jobs,
                                           SearchIndexStats& stats) {
  SearchIndexOptions opt;
  opt.language = language;
  opt.jobs = jobs;
  Diagnostics ignored;
  return build_search_index(docs, opt, stats, ignored);
}

std::string search_stats_line(const SearchIndexStats& s) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "search index: %zu files, %.1f MB, largest shard %.1f KB, %zu words, %.0f ms (%s)",
                s.files, static_cast<double>(s.bytes) / 1e6,
                static_cast<double>(s.largest_shard) / 1e3, s.terms, s.build_ms,
                s.stemmer.c_str());
  return buf;
}

}  // namespace agora
