// The query side of the static index. Every step here has its twin in
// themes/default/static/search/search-core.js; tests/search runs both on one fixture and
// compares their rankings. Keep them in step (src/search/README.md is the shared spec).
#include "search/search_query.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/text.h"
#include "search/codec.h"
#include "search/search_json.h"
#include "search/tokenizer.h"

namespace agora {

namespace codec = search_codec;

namespace {

constexpr size_t kMaxTerms = 8;         ///< positive terms per query (more are ignored)
constexpr size_t kMaxCompletions = 8;   ///< stems a prefix expands to
constexpr size_t kMaxPrefixShards = 3;  ///< shards read to complete a prefix
constexpr size_t kMaxFuzzy = 4;         ///< stems a misspelt word expands to
constexpr size_t kFuzzyMinChars = 5;

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || c == 0x3000;
}

size_t cp_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out += decode_utf8(s, i);
  return out;
}

/// True when a and b are exactly one edit apart: one substitution, insertion, deletion, or
/// swap of two adjacent characters.
bool one_edit_apart(const std::u32string& a, const std::u32string& b) {
  if (a.size() == b.size()) {
    size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (i == a.size()) return false;
    if (a.compare(i + 1, std::u32string::npos, b, i + 1, std::u32string::npos) == 0) return true;
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.compare(i + 2, std::u32string::npos, b, i + 2, std::u32string::npos) == 0;
  }
  const std::u32string& s = a.size() < b.size() ? a : b;
  const std::u32string& l = a.size() < b.size() ? b : a;
  if (l.size() != s.size() + 1) return false;
  size_t i = 0;
  while (i < s.size() && s[i] == l[i]) ++i;
  return s.compare(i, std::u32string::npos, l, i + 1, std::u32string::npos) == 0;
}

struct Postings {
  std::vector<uint32_t> docs;
  std::vector<uint8_t> q;
  std::vector<uint32_t> sec;

  /// Index of `doc` in docs (sorted), or -1.
  long find(uint32_t doc) const {
    auto it = std::lower_bound(docs.begin(), docs.end(), doc);
    return it != docs.end() && *it == doc ? it - docs.begin() : -1;
  }
};

/// Reads `count` postings from three parallel streams: doc-id deltas (restarting at 0 for each
/// list), one score character each, and section varints.
struct PostingStreams {
  std::string_view ids, qs, secs;
  size_t i = 0, k = 0, c = 0;

  bool read(size_t count, Postings& out) {
    uint64_t v, doc = 0;
    for (size_t n = 0; n < count; ++n) {
      if (!codec::get_varint(ids, i, v)) return false;
      doc += v;
      out.docs.push_back(static_cast<uint32_t>(doc));
      if (k >= qs.size()) return false;
      int d = codec::digit_value(qs[k++]);
      if (d < 0) return false;
      out.q.push_back(static_cast<uint8_t>(d));
      if (!codec::get_varint(secs, c, v)) return false;
      out.sec.push_back(static_cast<uint32_t>(v));
    }
    return true;
  }
};

struct Stem {
  std::string text;  ///< the stem itself: its identity across shards
  uint32_t df = 0;
  Postings top;
  Postings tail;
  std::vector<std::vector<uint32_t>> positions;  ///< per top posting, once the extra is read
};

struct Shard {
  std::string extra;
  size_t extra_index = 0;  ///< this shard's part of the extra file
  std::vector<std::string> words;
  std::vector<std::vector<uint32_t>> word_stems;  ///< local stem indexes per word
  std::vector<Stem> stems;
  bool extra_loaded = false;
};

struct Root {
  bool fold = true;
  uint32_t docs = 0, chunk = 1;
  std::vector<std::string> sections, categories, bounds, shard_names;
  std::string chunks;  ///< display chunk i is d/<chunks>-<i>.json
};

std::vector<std::string> split_names(const std::string& s) {
  std::vector<std::string> out;
  for (auto part : split(s, ' '))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

const std::string* str_at(const Value& v, std::string_view key) {
  const Value* x = v.find(key);
  return x && x->is_string() ? &x->as_string() : nullptr;
}

/// A stem a query term reaches, and how much it counts.
struct Cand {
  Shard* shard;
  uint32_t local;
  uint32_t factor;
  const Stem& stem() const { return shard->stems[local]; }
};

struct TermScore {
  uint32_t score = 0;
  uint32_t sec = 0;
  bool weak = false;  ///< an unverified phrase: adds to the score, not to the matched count
};

}  // namespace

// ---- parsing ----------------------------------------------------------------------------------

std::vector<QueryTerm> parse_query(std::string_view q, bool fold) {
  std::vector<QueryTerm> positive, excluded;
  auto key_of = [&](std::string_view w) { return fold ? fold_accents(w) : std::string(w); };
  size_t i = 0;
  bool last_plain = false;  // the last item was an unquoted, non-excluded word with tokens
  while (i < q.size()) {
    size_t j = i;
    char32_t c = decode_utf8(q, j);
    if (is_space(c)) { i = j; last_plain = false; continue; }
    if (c == '"') {
      size_t end = q.find('"', j);
      std::string_view text = q.substr(j, end == std::string_view::npos ? std::string_view::npos : end - j);
      i = end == std::string_view::npos ? q.size() : end + 1;
      QueryTerm t;
      t.phrase = true;
      tokenize(text, 0, [&](std::string_view w, uint32_t pos, size_t, size_t, bool) {
        t.keys.push_back(key_of(w));
        t.offsets.push_back(pos);
      });
      last_plain = false;
      if (t.keys.empty()) continue;
      for (auto& o : t.offsets) o -= t.offsets.front();
      if (t.keys.size() == 1) { t.phrase = false; t.offsets.clear(); }
      positive.push_back(std::move(t));
      continue;
    }
    // A word: up to whitespace or a quote.
    size_t end = i;
    while (end < q.size()) {
      size_t k = end;
      char32_t d = decode_utf8(q, k);
      if (is_space(d) || d == '"') break;
      end = k;
    }
    std::string_view word = q.substr(i, end - i);
    i = end;
    bool neg = word.size() > 1 && word[0] == '-';
    if (neg) word.remove_prefix(1);
    last_plain = false;
    tokenize(word, 0, [&](std::string_view w, uint32_t, size_t, size_t, bool) {
      QueryTerm t;
      t.keys.push_back(key_of(w));
      t.exclude = neg;
      (neg ? excluded : positive).push_back(std::move(t));
      last_plain = !neg;
    });
  }
  if (last_plain) positive.back().prefix = true;
  // Drop repeats and cap.
  std::vector<QueryTerm> out;
  std::set<std::string> seen;
  size_t kept = 0;
  for (auto& t : positive) {
    std::string id = (t.phrase ? "\"" : t.prefix ? "*" : "=") + join(t.keys, " ");
    if (!seen.insert(id).second || kept == kMaxTerms) continue;
    ++kept;
    out.push_back(std::move(t));
  }
  kept = 0;
  for (auto& t : excluded) {
    if (!seen.insert("-" + t.keys[0]).second || kept == kMaxTerms) continue;
    ++kept;
    out.push_back(std::move(t));
  }
  return out;
}

// ---- the reader -------------------------------------------------------------------------------

struct IndexReader::Impl {
  IndexFileLoader load;
  Diagnostics& diags;
  std::vector<std::string>& fetched;
  std::optional<Root> root;
  bool broken = false;
  std::map<size_t, Shard> shards;
  std::map<size_t, Value> chunks;

  std::string where;  ///< prefix of file names in diagnostics

  Impl(IndexFileLoader l, Diagnostics& d, std::vector<std::string>& f, std::string w)
      : load(std::move(l)), diags(d), fetched(f), where(std::move(w)) {}

  void fail(const std::string& path, std::string message) {
    diags.error({where + path, 0, 0}, std::move(message), "rebuild the site with agora build");
    broken = true;
  }

  std::optional<Value> read(const std::string& path) {
    fetched.push_back(path);
    auto text = load(path);
    if (!text) {
      fail(path, "search index file is missing");
      return std::nullopt;
    }
    auto v = parse_json(*text);
    if (!v) fail(path, "search index file is not valid JSON");
    return v;
  }

  bool load_root() {
    if (root) return true;
    if (broken) return false;
    auto v = read("root.json");
    if (!v) return false;
    Root r;
    if (const Value* ver = v->find("v"); !ver || !ver->is_int() || ver->as_int() != 1) {
      fail("root.json", "search index format is not version 1 (built by another agora version)");
      return false;
    }
    const Value* fold = v->find("fold");
    r.fold = !fold || !fold->is_int() || fold->as_int() != 0;
    auto num = [&](std::string_view k) {
      const Value* x = v->find(k);
      return x && x->is_int() ? static_cast<uint32_t>(x->as_int()) : 0u;
    };
    r.docs = num("docs");
    r.chunk = std::max(1u, num("chunk"));
    auto strings = [&](std::string_view k, std::vector<std::string>& out) {
      if (const Value* x = v->find(k); x && x->is_list())
        for (const Value& e : x->as_list())
          if (e.is_string()) out.push_back(e.as_string());
    };
    strings("sections", r.sections);
    strings("categories", r.categories);
    if (const auto* b = str_at(*v, "shards")) {  // lower bounds, space-separated; the first is ""
      for (auto part : split(*b, ' ')) r.bounds.emplace_back(part);
    }
    if (const auto* s = str_at(*v, "t")) r.shard_names = split_names(*s);
    if (const auto* s = str_at(*v, "d")) r.chunks = *s;
    if (r.shard_names.empty()) r.bounds.clear();  // an empty site: no words at all
    if (r.bounds.size() != r.shard_names.size()) {
      fail("root.json", "search index root has " + std::to_string(r.bounds.size()) + " shard bounds for " +
                            std::to_string(r.shard_names.size()) + " shards");
      return false;
    }
    root = std::move(r);
    return true;
  }

  /// The shard whose range holds `key`: the last lower bound <= key.
  size_t shard_index(std::string_view key) const {
    auto& b = root->bounds;
    size_t i = std::upper_bound(b.begin(), b.end(), key,
                                [](std::string_view k, const std::string& x) { return k < x; }) - b.begin();
    return i ? i - 1 : 0;
  }

  Shard* shard(size_t i) {
    if (auto it = shards.find(i); it != shards.end()) return &it->second;
    auto v = read("t/" + root->shard_names[i] + ".json");
    if (!v) return nullptr;
    Shard s;
    auto field = [&](std::string_view k) -> std::string_view {
      const std::string* x = str_at(*v, k);
      return x ? std::string_view(*x) : std::string_view();
    };
    s.extra = std::string(field("x"));
    if (const Value* xi = v->find("xi"); xi && xi->is_int()) s.extra_index = static_cast<size_t>(xi->as_int());
    s.words = split_names(std::string(field("w")));
    std::vector<std::string_view> texts = split(field("k"), ' ');
    std::string_view m = field("m"), tops = field("n"), tails = field("f");
    size_t mi = 0, ni = 0, fi = 0;
    s.word_stems.resize(s.words.size());
    s.stems.resize(texts.size());
    for (size_t w = 0; w < s.words.size(); ++w) {
      uint64_t x;
      do {
        if (!codec::get_varint(m, mi, x) || (x >> 1) >= s.stems.size()) return bad(i);
        uint32_t l = static_cast<uint32_t>(x >> 1);
        s.word_stems[w].push_back(l);
        if (s.stems[l].text.empty()) s.stems[l].text = texts[l].empty() ? s.words[w] : std::string(texts[l]);
      } while (x & 1);
    }
    PostingStreams ps{field("d"), field("q"), field("c")};
    for (Stem& st : s.stems) {
      uint64_t top, tail;
      if (st.text.empty() || !codec::get_varint(tops, ni, top) || !codec::get_varint(tails, fi, tail) ||
          !ps.read(top, st.top))
        return bad(i);
      st.df = static_cast<uint32_t>(top + tail);
    }
    return &(shards[i] = std::move(s));
  }

  Shard* bad(size_t i) {
    fail("t/" + root->shard_names[i] + ".json", "search index shard is malformed");
    return nullptr;
  }

  /// Reads a shard's tails and positions.
  void load_extra(Shard& s) {
    if (s.extra_loaded || s.extra.empty()) return;
    s.extra_loaded = true;
    auto file = read("x/" + s.extra + ".json");
    if (!file) return;
    const Value* v = file->is_list() && s.extra_index < file->as_list().size() ? &file->as_list()[s.extra_index] : nullptr;
    auto field = [&](std::string_view k) -> std::string_view {
      const std::string* x = v ? str_at(*v, k) : nullptr;
      return x ? std::string_view(*x) : std::string_view();
    };
    std::string_view tail = field("d"), pos = field("p");
    size_t ti = 0, pi = 0;
    bool ok = v != nullptr;
    for (Stem& st : s.stems) {
      uint64_t delta, doc = 0;
      for (size_t n = st.top.docs.size(); ok && n < st.df; ++n) {  // tails: page ids only
        ok = codec::get_varint(tail, ti, delta);
        doc += delta;
        st.tail.docs.push_back(static_cast<uint32_t>(doc));
        st.tail.q.push_back(0);
        st.tail.sec.push_back(0);
      }
      st.positions.resize(st.top.docs.size());
      for (auto& list : st.positions) {
        uint64_t count, at = 0;
        ok = ok && codec::get_varint(pos, pi, count);
        for (uint64_t c = 0; ok && c < count; ++c) {
          ok = codec::get_varint(pos, pi, delta);
          at += delta;
          list.push_back(static_cast<uint32_t>(at));
        }
      }
    }
    if (!ok) fail("x/" + s.extra + ".json", "search index extra file is malformed");
  }

  /// Indexes of the words in `s` equal to / starting with `key`: [lo, hi).
  static std::pair<size_t, size_t> prefix_range(const Shard& s, std::string_view key) {
    auto lo = std::lower_bound(s.words.begin(), s.words.end(), key,
                               [](const std::string& w, std::string_view k) { return w < k; });
    auto hi = lo;
    while (hi != s.words.end() && starts_with(*hi, key)) ++hi;
    return {static_cast<size_t>(lo - s.words.begin()), static_cast<size_t>(hi - s.words.begin())};
  }

  /// The stems a plain word reaches, ordered by stem text.
  std::vector<Cand> resolve(const std::string& key, bool prefix, bool exact_only) {
    std::vector<Cand> out;
    size_t si = shard_index(key);
    Shard* sh = shard(si);
    if (!sh) return out;
    auto add = [&](Shard* s, uint32_t local, uint32_t factor) {
      for (Cand& c : out)
        if (c.stem().text == s->stems[local].text) {
          c.factor = std::max(c.factor, factor);
          return;
        }
      out.push_back({s, local, factor});
    };
    auto [lo, hi] = prefix_range(*sh, key);
    if (lo < sh->words.size() && sh->words[lo] == key)
      for (uint32_t l : sh->word_stems[lo]) add(sh, l, codec::kExact);
    if (!exact_only && prefix) {
      std::vector<Cand> comps;
      for (size_t k = 0, i = si; k < kMaxPrefixShards && i < root->bounds.size(); ++k, ++i) {
        if (k > 0 && !starts_with(root->bounds[i], key)) break;
        Shard* s = shard(i);
        if (!s) return out;
        auto [a, b] = prefix_range(*s, key);
        for (size_t w = a; w < b; ++w)
          if (s->words[w] != key)
            for (uint32_t l : s->word_stems[w]) comps.push_back({s, l, codec::kPrefix});
      }
      std::stable_sort(comps.begin(), comps.end(), [](const Cand& a, const Cand& b) {
        return a.stem().df != b.stem().df ? a.stem().df > b.stem().df : a.stem().text < b.stem().text;
      });
      std::set<std::string> seen;
      for (const Cand& c : out) seen.insert(c.stem().text);
      size_t taken = 0;
      for (const Cand& c : comps) {
        if (taken == kMaxCompletions) break;
        if (!seen.insert(c.stem().text).second) continue;
        out.push_back(c);
        ++taken;
      }
    }
    if (out.empty() && !exact_only) {
      // Not a word of the site: a stem the word starts with ("runs" finds "run" though no page
      // says "runs"), or words one edit away ("databse"), whichever explains more of the word.
      size_t klen = cp_length(key);
      long best = -1;
      size_t best_len = 0;
      for (size_t l = 0; l < sh->stems.size(); ++l) {
        const Stem& st = sh->stems[l];
        size_t slen = cp_length(st.text);
        if (slen < 3 || slen > klen || klen - slen > 3 || !starts_with(key, st.text)) continue;
        const Stem* b = best < 0 ? nullptr : &sh->stems[best];
        if (!b || slen > best_len || (slen == best_len && (st.df > b->df || (st.df == b->df && st.text < b->text)))) {
          best = static_cast<long>(l);
          best_len = slen;
        }
      }
      std::vector<Cand> near;
      if (klen >= kFuzzyMinChars && (best < 0 || klen - 1 > best_len)) {
        std::u32string k32 = code_points(key);
        for (size_t w = 0; w < sh->words.size(); ++w) {
          size_t wl = cp_length(sh->words[w]);
          if (wl + 1 < k32.size() || wl > k32.size() + 1) continue;
          if (!one_edit_apart(k32, code_points(sh->words[w]))) continue;
          for (uint32_t l : sh->word_stems[w]) near.push_back({sh, l, codec::kFuzzy});
        }
        std::stable_sort(near.begin(), near.end(), [](const Cand& a, const Cand& b) {
          return a.stem().df != b.stem().df ? a.stem().df > b.stem().df : a.stem().text < b.stem().text;
        });
      }
      if (!near.empty()) {
        for (const Cand& c : near) {
          if (out.size() == kMaxFuzzy) break;
          add(c.shard, c.local, c.factor);
        }
      } else if (best >= 0) {
        add(sh, static_cast<uint32_t>(best), codec::kStemGuess);
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const Cand& a, const Cand& b) { return a.stem().text < b.stem().text; });
    return out;
  }

  std::vector<RankedPage> rank(std::string_view query) {
    std::vector<RankedPage> ranked;
    if (!load_root()) return ranked;
    if (root->shard_names.empty()) return ranked;
    std::vector<QueryTerm> terms = parse_query(query, root->fold);
    const auto& W = codec::level_weights();

    // Resolve every term, then read the extra files phrases and exclusions need.
    std::vector<std::vector<Cand>> plain(terms.size());
    std::vector<std::vector<std::vector<Cand>>> words(terms.size());  // phrase words / exclusions
    for (size_t t = 0; t < terms.size(); ++t) {
      const QueryTerm& qt = terms[t];
      if (qt.phrase || qt.exclude) {
        for (const auto& k : qt.keys) words[t].push_back(resolve(k, false, true));
      } else {
        plain[t] = resolve(qt.keys[0], qt.prefix, false);
      }
      if (broken) return ranked;
    }
    for (size_t t = 0; t < terms.size(); ++t)
      for (auto& cands : words[t])
        for (Cand& c : cands) load_extra(*c.shard);
    if (broken) return ranked;

    // Score each positive term.
    std::vector<std::map<uint32_t, TermScore>> per_term;
    std::set<uint32_t> excluded;
    for (size_t t = 0; t < terms.size(); ++t) {
      const QueryTerm& qt = terms[t];
      if (qt.exclude) {
        for (const auto& cands : words[t])
          for (const Cand& c : cands) {
            excluded.insert(c.stem().top.docs.begin(), c.stem().top.docs.end());
            excluded.insert(c.stem().tail.docs.begin(), c.stem().tail.docs.end());
          }
        continue;
      }
      std::map<uint32_t, TermScore> scores;
      if (!qt.phrase) {
        for (const Cand& c : plain[t]) {
          const Postings& p = c.stem().top;
          for (size_t i = 0; i < p.docs.size(); ++i) {
            uint32_t v = W[p.q[i]] * c.factor / 8;
            auto [it, fresh] = scores.try_emplace(p.docs[i], TermScore{v, p.sec[i], false});
            if (!fresh && v > it->second.score) it->second = {v, p.sec[i], false};
          }
        }
      } else {
        score_phrase(qt, words[t], scores);
      }
      per_term.push_back(std::move(scores));
    }

    // Combine: pages by how many terms they match, then by total score.
    std::map<uint32_t, RankedPage> pages;
    std::map<uint32_t, std::map<uint32_t, uint64_t>> sec_sums;
    for (const auto& scores : per_term)
      for (const auto& [doc, s] : scores) {
        if (excluded.count(doc)) continue;
        RankedPage& r = pages[doc];
        r.doc = doc;
        if (!s.weak) ++r.matched;
        r.score += s.score;
        sec_sums[doc][s.sec] += s.score;
      }
    for (auto& [doc, r] : pages) {
      uint64_t best = 0;
      for (const auto& [sec, sum] : sec_sums[doc])
        if (sum > best) { best = sum; r.section = sec; }
      ranked.push_back(r);
    }
    std::sort(ranked.begin(), ranked.end(), [](const RankedPage& a, const RankedPage& b) {
      if (a.matched != b.matched) return a.matched > b.matched;
      if (a.score != b.score) return a.score > b.score;
      return a.doc < b.doc;
    });
    return ranked;
  }

  /// A phrase matches a page holding all its words in order. Positions are known where the page
  /// is in every word's top list; a page outside them is "weak": it scores a quarter and does not
  /// count as matching, so verified pages come first.
  void score_phrase(const QueryTerm& qt, const std::vector<std::vector<Cand>>& ws,
                    std::map<uint32_t, TermScore>& scores) {
    const auto& W = codec::level_weights();
    for (const auto& cands : ws)
      if (cands.empty()) return;
    // Candidate pages: those of the first word.
    std::set<uint32_t> docs;
    for (const Cand& c : ws[0]) {
      docs.insert(c.stem().top.docs.begin(), c.stem().top.docs.end());
      docs.insert(c.stem().tail.docs.begin(), c.stem().tail.docs.end());
    }
    for (uint32_t doc : docs) {
      uint32_t total = 0, sec = 0;
      bool all_present = true, all_known = true;
      std::vector<std::vector<uint32_t>> pos(ws.size());
      for (size_t w = 0; w < ws.size() && all_present; ++w) {
        uint32_t best = 0, best_sec = 0;
        bool present = false;
        for (const Cand& c : ws[w]) {
          const Stem& st = c.stem();
          long i = st.top.find(doc);
          if (i >= 0) {
            present = true;
            if (W[st.top.q[i]] > best) { best = W[st.top.q[i]]; best_sec = st.top.sec[i]; }
            if (static_cast<size_t>(i) < st.positions.size())
              pos[w].insert(pos[w].end(), st.positions[i].begin(), st.positions[i].end());
            else
              all_known = false;
            continue;
          }
          long j = st.tail.find(doc);
          if (j >= 0) {
            present = true;
            all_known = false;
            if (W[st.tail.q[j]] > best) { best = W[st.tail.q[j]]; best_sec = st.tail.sec[j]; }
          }
        }
        if (!present) all_present = false;
        total += best;
        if (w == 0) sec = best_sec;
      }
      if (!all_present) continue;
      if (all_known) {
        for (auto& p : pos) std::sort(p.begin(), p.end());
        bool found = false;
        for (uint32_t start : pos[0]) {
          bool ok = true;
          for (size_t w = 1; w < ws.size() && ok; ++w)
            ok = std::binary_search(pos[w].begin(), pos[w].end(), start + qt.offsets[w]);
          if (ok) { found = true; break; }
        }
        if (!found) continue;
      }
      scores[doc] = {all_known ? total : std::max<uint32_t>(1, total / 4), sec, !all_known};
    }
  }

  const Value* record(uint32_t doc) {
    size_t c = doc / root->chunk;
    if (doc >= root->docs) return nullptr;
    auto it = chunks.find(c);
    if (it == chunks.end()) {
      auto v = read("d/" + root->chunks + "-" + std::to_string(c) + ".json");
      if (!v) return nullptr;
      it = chunks.emplace(c, std::move(*v)).first;
    }
    const Value& list = it->second;
    size_t i = doc % root->chunk;
    if (!list.is_list() || i >= list.as_list().size()) return nullptr;
    const Value& r = list.as_list()[i];
    return r.is_list() && r.as_list().size() == 6 ? &r : nullptr;
  }
};

IndexReader::IndexReader(IndexFileLoader load, Diagnostics& diags, std::string where)
    : impl_(std::make_unique<Impl>(std::move(load), diags, fetched_, std::move(where))) {}
IndexReader::~IndexReader() = default;

std::vector<RankedPage> IndexReader::rank(std::string_view query) { return impl_->rank(query); }

std::vector<SearchHit> IndexReader::search(std::string_view query, size_t limit) {
  std::vector<SearchHit> hits;
  std::vector<RankedPage> ranked = impl_->rank(query);
  if (ranked.size() > limit) ranked.resize(limit);
  for (const RankedPage& r : ranked) {
    const Value* rec = impl_->record(r.doc);
    if (!rec) break;
    const auto& a = rec->as_list();
    auto str = [](const Value& v) { return v.is_string() ? v.as_string() : std::string(); };
    SearchHit h;
    h.title = str(a[0]);
    h.url = str(a[1]);
    if (ends_with(h.url, "/~")) h.url = h.url.substr(0, h.url.size() - 1) + simple_anchor(h.title) + "/";
    const Root& root = *impl_->root;
    if (a[2].is_int() && static_cast<size_t>(a[2].as_int()) < root.sections.size())
      h.section = root.sections[a[2].as_int()];
    if (a[3].is_int() && a[3].as_int() > 0 && static_cast<size_t>(a[3].as_int()) <= root.categories.size())
      h.category = root.categories[a[3].as_int() - 1];
    h.excerpt = str(a[4]);
    if (r.section > 0 && a[5].is_list() && r.section <= a[5].as_list().size()) {
      const Value& hd = a[5].as_list()[r.section - 1];
      if (hd.is_list() && !hd.as_list().empty()) {
        h.heading = str(hd.as_list()[0]);
        h.anchor = hd.as_list().size() > 1 ? str(hd.as_list()[1]) : simple_anchor(h.heading);
      }
    }
    h.score = static_cast<double>(r.score);
    h.matched = r.matched;
    hits.push_back(std::move(h));
  }
  return hits;
}

std::string format_search_hits(const std::vector<SearchHit>& hits, bool json) {
  std::string out;
  if (json) {
    out = "[";
    for (size_t i = 0; i < hits.size(); ++i) {
      const SearchHit& h = hits[i];
      out += i ? ",{" : "{";
      for (auto [key, value] : {std::pair<const char*, const std::string*>{"url", &h.url}, {"title", &h.title},
                                {"section", &h.section}, {"category", &h.category}, {"anchor", &h.anchor},
                                {"heading", &h.heading}, {"excerpt", &h.excerpt}}) {
        out += '"';
        out += key;
        out += "\":";
        append_json_string(out, *value);
        out += ',';
      }
      out += "\"score\":" + std::to_string(static_cast<long long>(h.score)) +
             ",\"matched\":" + std::to_string(h.matched) + "}";
    }
    return out + "]\n";
  }
  for (size_t i = 0; i < hits.size(); ++i) {
    const SearchHit& h = hits[i];
    out += std::to_string(i + 1) + ". " + h.title + " — " + h.url + (h.anchor.empty() ? "" : "#" + h.anchor) + "\n";
    std::string meta = h.section;
    if (!h.category.empty()) meta += (meta.empty() ? "" : " · ") + h.category;
    if (!h.heading.empty()) meta += (meta.empty() ? "" : " · ") + h.heading;
    if (!meta.empty()) out += "   " + meta + "\n";
    if (!h.excerpt.empty()) out += "   " + h.excerpt + "\n";
  }
  return out;
}

std::vector<SearchHit> search_built_site(const std::string& out_dir, std::string_view query,
                                         size_t limit, Diagnostics& diags) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(out_dir) / "search";
  if (!fs::exists(dir / "root.json")) {
    diags.error({(dir / "root.json").string(), 0, 0}, "no search index in " + out_dir,
                "build the site first (agora build), or pass the output folder with --out");
    return {};
  }
  IndexReader reader(
      [dir](const std::string& path) -> std::optional<std::string> {
        std::ifstream in(dir / path, std::ios::binary);
        if (!in) return std::nullopt;
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
      },
      diags, (dir / "").string());
  return reader.search(query, limit);
}

}  // namespace agora
