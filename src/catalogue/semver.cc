#include "catalogue/semver.h"

#include <algorithm>

namespace agora {

namespace {

// Like node-semver: numbers above 2^53 - 1 are refused, so +1 never overflows and every
// version also round-trips through JavaScript tools that read the registry.
constexpr uint64_t kMaxNumber = (uint64_t{1} << 53) - 1;
constexpr size_t kMaxText = 256;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

void fail(SyntaxError* e, size_t offset, std::string message, std::string hint = {}) {
  if (!e) return;
  e->offset = offset;
  e->message = std::move(message);
  e->hint = std::move(hint);
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

/// Reads a numeric identifier at `pos` (no leading zeros). Returns false with an error.
bool read_number(std::string_view s, size_t& pos, uint64_t& out, size_t base, SyntaxError* e) {
  size_t start = pos;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  if (pos == start) {
    fail(e, base + start,
         pos < s.size() ? "expected a number, found " + quoted(s.substr(pos, 1))
                        : "expected a number");
    return false;
  }
  std::string_view digits = s.substr(start, pos - start);
  if (digits.size() > 1 && digits[0] == '0') {
    size_t nz = digits.find_first_not_of('0');
    std::string plain = nz == std::string_view::npos ? "0" : std::string(digits.substr(nz));
    fail(e, base + start, "the number " + quoted(digits) + " has a leading zero",
         "write " + plain + " instead of " + std::string(digits));
    return false;
  }
  if (digits.size() > 16) {
    fail(e, base + start, "the number " + quoted(digits) + " is too large");
    return false;
  }
  uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<uint64_t>(c - '0');
  if (v > kMaxNumber) {
    fail(e, base + start, "the number " + quoted(digits) + " is too large");
    return false;
  }
  out = v;
  return true;
}

/// Reads "-pre.release" and "+build" after the patch number; `pos` is at '-' or '+' or end.
bool read_suffix(std::string_view s, size_t& pos, Version& v, size_t base, SyntaxError* e) {
  if (pos < s.size() && s[pos] == '-') {
    ++pos;
    for (;;) {
      size_t start = pos;
      while (pos < s.size() && is_ident_char(s[pos])) ++pos;
      std::string_view id = s.substr(start, pos - start);
      if (id.empty()) {
        fail(e, base + start, "empty pre-release identifier",
             "pre-release identifiers are letters, digits and '-', separated by dots: 1.0.0-rc.1");
        return false;
      }
      if (all_digits(id) && id.size() > 1 && id[0] == '0') {
        fail(e, base + start, "the pre-release number " + quoted(id) + " has a leading zero");
        return false;
      }
      v.prerelease.emplace_back(id);
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        continue;
      }
      break;
    }
  }
  if (pos < s.size() && s[pos] == '+') {
    ++pos;
    size_t build_start = pos;
    for (;;) {
      size_t start = pos;
      while (pos < s.size() && is_ident_char(s[pos])) ++pos;
      if (pos == start) {
        fail(e, base + start, "empty build metadata identifier",
             "build metadata is letters, digits and '-', separated by dots: 1.0.0+build.5");
        return false;
      }
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        continue;
      }
      break;
    }
    v.build = std::string(s.substr(build_start, pos - build_start));
  }
  return true;
}

/// Compares two pre-release identifier lists (semver §11.4).
int compare_prerelease(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    bool an = all_digits(a[i]), bn = all_digits(b[i]);
    if (an && bn) {
      if (a[i].size() != b[i].size()) return a[i].size() < b[i].size() ? -1 : 1;
      int c = a[i].compare(b[i]);
      if (c != 0) return c < 0 ? -1 : 1;
    } else if (an != bn) {
      return an ? -1 : 1;  // numeric identifiers have lower precedence
    } else {
      int c = a[i].compare(b[i]);
      if (c != 0) return c < 0 ? -1 : 1;
    }
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

/// A partial version in a range: "1", "1.2", "1.x", "*", "1.2.3-rc.1".
struct Partial {
  std::optional<uint64_t> major, minor, patch;  ///< nullopt: missing or wildcard
  Version full;                                 ///< when all three are present
};

bool is_wild(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

bool parse_partial(std::string_view s, size_t base, Partial& p, SyntaxError* e) {
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) {
    fail(e, base, "a version is written without a leading " + quoted(s.substr(0, 1)),
         "write " + std::string(s.substr(1)));
    return false;
  }
  size_t pos = 0;
  std::optional<uint64_t>* parts[3] = {&p.major, &p.minor, &p.patch};
  bool wild_seen = false;
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      if (pos >= s.size() || s[pos] != '.') break;
      ++pos;
    }
    size_t start = pos;
    if (pos < s.size() && is_wild(s.substr(pos, 1))) {
      ++pos;
      wild_seen = true;
      continue;
    }
    if (wild_seen) {
      fail(e, base + start, "a number cannot follow a wildcard ('x' or '*')",
           "write the wildcard last: 1.x or 1.2.x");
      return false;
    }
    uint64_t n = 0;
    if (!read_number(s, pos, n, base, e)) return false;
    *parts[i] = n;
  }
  if (p.major && p.minor && p.patch) {
    p.full.major = *p.major;
    p.full.minor = *p.minor;
    p.full.patch = *p.patch;
    if (!read_suffix(s, pos, p.full, base, e)) return false;
  } else if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) {
    fail(e, base + pos, "a pre-release or build suffix needs a full MAJOR.MINOR.PATCH version");
    return false;
  }
  if (pos < s.size()) {
    fail(e, base + pos, "unexpected " + quoted(s.substr(pos, 1)) + " in version " + quoted(s));
    return false;
  }
  return true;
}

Version ver(uint64_t a, uint64_t b, uint64_t c, bool pre0 = false) {
  Version v;
  v.major = a;
  v.minor = b;
  v.patch = c;
  if (pre0) v.prerelease = {"0"};
  return v;
}

using Op = Comparator::Op;

void push(std::vector<Comparator>& out, Op op, Version v) { out.push_back({op, std::move(v)}); }

/// The lower bound of a partial (missing parts are 0).
Version floor_of(const Partial& p) {
  if (p.patch) return p.full;
  return ver(p.major.value_or(0), p.minor.value_or(0), 0);
}

/// The exclusive upper bound of a partial with a wildcard: 1.x -> 2.0.0-0, 1.2.x -> 1.3.0-0.
Version ceil_of(const Partial& p) {
  if (!p.minor) return ver(*p.major + 1, 0, 0, true);
  return ver(*p.major, *p.minor + 1, 0, true);
}

void desugar(std::string_view op, const Partial& p, std::vector<Comparator>& out) {
  bool any = !p.major;
  bool full = p.patch.has_value();
  if (op == "" || op == "=") {
    if (any)
      push(out, Op::GreaterEqual, ver(0, 0, 0));
    else if (full)
      push(out, Op::Equal, p.full);
    else {
      push(out, Op::GreaterEqual, floor_of(p));
      push(out, Op::Less, ceil_of(p));
    }
  } else if (op == ">") {
    if (any)
      push(out, Op::Less, ver(0, 0, 0, true));  // nothing is greater than everything
    else if (full)
      push(out, Op::Greater, p.full);
    else
      push(out, Op::GreaterEqual, [&] {
        Version c = ceil_of(p);
        c.prerelease.clear();
        return c;
      }());
  } else if (op == ">=") {
    push(out, Op::GreaterEqual, any ? ver(0, 0, 0) : floor_of(p));
  } else if (op == "<") {
    if (any)
      push(out, Op::Less, ver(0, 0, 0, true));
    else if (full)
      push(out, Op::Less, p.full);
    else
      push(out, Op::Less, ver(*p.major, p.minor.value_or(0), 0, true));
  } else if (op == "<=") {
    if (any)
      push(out, Op::GreaterEqual, ver(0, 0, 0));
    else if (full)
      push(out, Op::LessEqual, p.full);
    else
      push(out, Op::Less, ceil_of(p));
  } else if (op == "~" || op == "~>") {
    if (any) {
      push(out, Op::GreaterEqual, ver(0, 0, 0));
      return;
    }
    push(out, Op::GreaterEqual, floor_of(p));
    if (!p.minor)
      push(out, Op::Less, ver(*p.major + 1, 0, 0, true));
    else
      push(out, Op::Less, ver(*p.major, *p.minor + 1, 0, true));
  } else if (op == "^") {
    if (any) {
      push(out, Op::GreaterEqual, ver(0, 0, 0));
      return;
    }
    push(out, Op::GreaterEqual, floor_of(p));
    uint64_t M = *p.major;
    if (M > 0 || !p.minor)
      push(out, Op::Less, ver(M + 1, 0, 0, true));
    else if (*p.minor > 0 || !p.patch)
      push(out, Op::Less, ver(0, *p.minor + 1, 0, true));
    else
      push(out, Op::Less, ver(0, 0, *p.patch + 1, true));
  }
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

const char* kRangeHint =
    "ranges look like '>=1.2 <2', '^2.3', '~1.4', '1.x', '1.2 - 1.4' or '*', joined with '||'";

/// Parses one alternative of a range (between '||'); `base` is its offset in the whole text.
bool parse_set(std::string_view s, size_t base, std::vector<Comparator>& out, SyntaxError* e) {
  size_t pos = 0;
  auto skip = [&] {
    while (pos < s.size() && is_space(s[pos])) ++pos;
  };
  auto read_word = [&](size_t& start) {
    start = pos;
    while (pos < s.size() && !is_space(s[pos])) ++pos;
    return s.substr(start, pos - start);
  };
  skip();
  if (pos == s.size()) {
    fail(e, base + pos, "empty alternative in the range", kRangeHint);
    return false;
  }
  size_t count = 0;
  while (pos < s.size()) {
    if (++count > 32) {
      fail(e, base + pos, "too many comparators in one range (the limit is 32)");
      return false;
    }
    size_t op_start = pos;
    std::string_view op;
    for (std::string_view cand : {">=", "<=", "~>", ">", "<", "=", "~", "^"}) {
      if (s.substr(pos, cand.size()) == cand) {
        op = cand;
        break;
      }
    }
    pos += op.size();
    skip();
    size_t vstart = 0;
    std::string_view word = read_word(vstart);
    if (word.empty()) {
      fail(e, base + op_start, "expected a version after " + quoted(op), kRangeHint);
      return false;
    }
    if (!op.empty() && std::string_view("<>=~^").find(word[0]) != std::string_view::npos) {
      fail(e, base + vstart, "unexpected " + quoted(word.substr(0, 1)) + " after " + quoted(op),
           kRangeHint);
      return false;
    }
    if (op.empty() && word[0] != '*' && word[0] != 'x' && word[0] != 'X' && !is_digit(word[0]) &&
        word[0] != 'v' && word[0] != 'V') {
      fail(e, base + vstart, "unexpected " + quoted(word.substr(0, 1)) + " in the range",
           kRangeHint);
      return false;
    }
    Partial p;
    if (!parse_partial(word, base + vstart, p, e)) return false;
    // A hyphen range: "1.2 - 1.4".
    size_t save = pos;
    skip();
    if (op.empty() && pos < s.size() && s[pos] == '-' &&
        (pos + 1 == s.size() || is_space(s[pos + 1]))) {
      size_t dash = pos;
      ++pos;
      skip();
      size_t tstart = 0;
      std::string_view to_word = read_word(tstart);
      if (to_word.empty()) {
        fail(e, base + dash, "expected a version after '-'", kRangeHint);
        return false;
      }
      Partial to;
      if (!parse_partial(to_word, base + tstart, to, e)) return false;
      if (p.major) push(out, Op::GreaterEqual, floor_of(p));
      if (to.major) {
        if (to.patch)
          push(out, Op::LessEqual, to.full);
        else
          push(out, Op::Less, ceil_of(to));
      }
      if (!p.major && !to.major) push(out, Op::GreaterEqual, ver(0, 0, 0));
      skip();
      continue;
    }
    pos = save;
    desugar(op, p, out);
    skip();
  }
  return true;
}

bool test(const Comparator& c, const Version& v) {
  int r = compare(v, c.version);
  switch (c.op) {
    case Op::Less:
      return r < 0;
    case Op::LessEqual:
      return r <= 0;
    case Op::Greater:
      return r > 0;
    case Op::GreaterEqual:
      return r >= 0;
    case Op::Equal:
      return r == 0;
  }
  return false;
}

}  // namespace

std::string Version::str() const {
  std::string out =
      std::to_string(major) + '.' + std::to_string(minor) + '.' + std::to_string(patch);
  for (size_t i = 0; i < prerelease.size(); ++i) {
    out += i == 0 ? '-' : '.';
    out += prerelease[i];
  }
  if (!build.empty()) out += '+' + build;
  return out;
}

int compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return compare_prerelease(a.prerelease, b.prerelease);
}

std::optional<Version> parse_version(std::string_view s, SyntaxError* e) {
  if (s.size() > kMaxText) {
    fail(e, 0, "the version is longer than 256 characters");
    return std::nullopt;
  }
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) {
    fail(e, 0, "a version is written without a leading " + quoted(s.substr(0, 1)),
         parse_version(s.substr(1)) ? "write " + std::string(s.substr(1)) : std::string());
    return std::nullopt;
  }
  Version v;
  size_t pos = 0;
  uint64_t* parts[3] = {&v.major, &v.minor, &v.patch};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      if (pos >= s.size() || s[pos] != '.') {
        // "1.2" or "1": say how many numbers there are and suggest the padded form.
        static const char* names[] = {"", "one number", "two numbers"};
        std::string padded(s.substr(0, pos));
        for (int k = i; k < 3; ++k) padded += ".0";
        bool only_numbers = pos == s.size();
        fail(e, only_numbers ? 0 : pos,
             only_numbers ? quoted(s) + " has " + names[i] +
                                "; a semantic version has three, MAJOR.MINOR.PATCH"
                          : "expected '.' after " + quoted(s.substr(0, pos)),
             only_numbers ? "write " + padded
                          : "versions look like 1.4.0, 2.0.0-rc.1 or 1.0.0+build.7");
        return std::nullopt;
      }
      ++pos;
    }
    if (!read_number(s, pos, *parts[i], 0, e)) {
      if (e && e->hint.empty()) e->hint = "versions look like 1.4.0, 2.0.0-rc.1 or 1.0.0+build.7";
      return std::nullopt;
    }
  }
  if (!read_suffix(s, pos, v, 0, e)) return std::nullopt;
  if (pos != s.size()) {
    fail(e, pos, "unexpected " + quoted(s.substr(pos, 1)) + " after " + quoted(s.substr(0, pos)),
         "versions look like 1.4.0, 2.0.0-rc.1 or 1.0.0+build.7");
    return std::nullopt;
  }
  return v;
}

std::optional<Version> parse_host_version(std::string_view s, SyntaxError* e) {
  Partial p;
  if (s.empty() || s.size() > kMaxText) {
    fail(e, 0, "expected a version such as 2, 2.3 or 2.3.1");
    return std::nullopt;
  }
  if (!parse_partial(s, 0, p, e)) return std::nullopt;
  if (!p.major || (s.find_first_of("xX*") != std::string_view::npos)) {
    fail(e, 0, "a host version cannot be a wildcard", "write a version such as 2, 2.3 or 2.3.1");
    return std::nullopt;
  }
  return p.patch ? p.full : floor_of(p);
}

std::optional<VersionRange> parse_range(std::string_view text, SyntaxError* e) {
  if (text.size() > kMaxText) {
    fail(e, 0, "the range is longer than 256 characters");
    return std::nullopt;
  }
  VersionRange r;
  size_t b = 0, end = text.size();
  while (b < end && is_space(text[b])) ++b;
  while (end > b && is_space(text[end - 1])) --end;
  r.text = std::string(text.substr(b, end - b));
  if (r.text.empty()) {
    fail(e, 0, "the range is empty", "write '*' to accept every version");
    return std::nullopt;
  }
  size_t start = 0;
  for (;;) {
    size_t bar = text.find("||", start);
    std::string_view part =
        text.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    if (r.sets.size() >= 16) {
      fail(e, start, "too many alternatives in the range (the limit is 16)");
      return std::nullopt;
    }
    size_t single = part.find('|');
    if (single != std::string_view::npos) {
      fail(e, start + single, "a single '|' is not an operator", "write '||' between alternatives");
      return std::nullopt;
    }
    std::vector<Comparator> set;
    if (!parse_set(part, start, set, e)) return std::nullopt;
    r.sets.push_back(std::move(set));
    if (bar == std::string_view::npos) break;
    start = bar + 2;
  }
  return r;
}

bool satisfies(const Version& v, const VersionRange& range) {
  for (const auto& set : range.sets) {
    bool ok = std::all_of(set.begin(), set.end(), [&](const Comparator& c) { return test(c, v); });
    if (!ok) continue;
    if (!v.is_prerelease()) return true;
    // A prerelease only matches when the set names the same version tuple with a prerelease.
    for (const auto& c : set) {
      if (c.version.is_prerelease() && c.version.major == v.major && c.version.minor == v.minor &&
          c.version.patch == v.patch &&
          !(c.version.prerelease.size() == 1 && c.version.prerelease[0] == "0" &&
            (c.op == Op::Less)))
        return true;
    }
  }
  return false;
}

std::string describe(const VersionRange& range) {
  std::string out;
  for (size_t i = 0; i < range.sets.size(); ++i) {
    if (i) out += " || ";
    if (range.sets[i].empty()) out += "*";
    for (size_t j = 0; j < range.sets[i].size(); ++j) {
      if (j) out += ' ';
      const Comparator& c = range.sets[i][j];
      switch (c.op) {
        case Op::Less:
          out += '<';
          break;
        case Op::LessEqual:
          out += "<=";
          break;
        case Op::Greater:
          out += '>';
          break;
        case Op::GreaterEqual:
          out += ">=";
          break;
        case Op::Equal:
          out += '=';
          break;
      }
      out += c.version.str();
    }
  }
  return out;
}

}  // namespace agora
