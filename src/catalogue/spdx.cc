#include "catalogue/spdx.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/text.h"

namespace agora {

namespace {

// The license ids plugin ecosystems use, from the SPDX License List (https://spdx.org/licenses/).
// Not the whole list: rare and deprecated ids are left out on purpose; LicenseRef-<name> covers
// anything else. Sorted case-insensitively, as the SPDX list is.
constexpr std::array kLicenses = {
    "0BSD",
    "AAL",
    "AFL-3.0",
    "AGPL-1.0-only",
    "AGPL-1.0-or-later",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "APSL-2.0",
    "Artistic-1.0",
    "Artistic-1.0-Perl",
    "Artistic-2.0",
    "Beerware",
    "blessing",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-2-Clause-Patent",
    "BSD-2-Clause-Views",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-3-Clause-LBNL",
    "BSD-4-Clause",
    "BSD-Source-Code",
    "BSL-1.0",
    "BUSL-1.1",
    "bzip2-1.0.6",
    "CAL-1.0",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-ND-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "CDLA-Permissive-1.0",
    "CDLA-Sharing-1.0",
    "CECILL-2.1",
    "CECILL-B",
    "CECILL-C",
    "CERN-OHL-P-2.0",
    "CERN-OHL-S-2.0",
    "CERN-OHL-W-2.0",
    "CPAL-1.0",
    "CPL-1.0",
    "curl",
    "ECL-2.0",
    "EFL-2.0",
    "Elastic-2.0",
    "EPL-1.0",
    "EPL-2.0",
    "etalab-2.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "FSFAP",
    "FSFUL",
    "FSFULLR",
    "FTL",
    "GFDL-1.2-only",
    "GFDL-1.2-or-later",
    "GFDL-1.3-only",
    "GFDL-1.3-or-later",
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "Hippocratic-2.1",
    "HPND",
    "ICU",
    "IJG",
    "Imlib2",
    "Info-ZIP",
    "Intel",
    "IPA",
    "IPL-1.0",
    "ISC",
    "JSON",
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "Libpng",
    "libpng-2.0",
    "libtiff",
    "LPL-1.02",
    "LPPL-1.3c",
    "MirOS",
    "MIT",
    "MIT-0",
    "MIT-CMU",
    "MIT-Modern-Variant",
    "MPL-1.0",
    "MPL-1.1",
    "MPL-2.0",
    "MPL-2.0-no-copyleft-exception",
    "MS-PL",
    "MS-RL",
    "MulanPSL-2.0",
    "NCSA",
    "Nokia",
    "NTP",
    "ODbL-1.0",
    "ODC-By-1.0",
    "OFL-1.0",
    "OFL-1.1",
    "OGL-UK-3.0",
    "OLDAP-2.8",
    "OpenSSL",
    "OSL-3.0",
    "PDDL-1.0",
    "PHP-3.0",
    "PHP-3.01",
    "PolyForm-Noncommercial-1.0.0",
    "PolyForm-Small-Business-1.0.0",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Python-2.0.1",
    "QPL-1.0",
    "RPL-1.5",
    "RPSL-1.0",
    "Ruby",
    "SGI-B-2.0",
    "SISSL",
    "Sleepycat",
    "SMLNJ",
    "SPL-1.0",
    "SSPL-1.0",
    "TCL",
    "Unicode-3.0",
    "Unicode-DFS-2015",
    "Unicode-DFS-2016",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "W3C",
    "W3C-20150513",
    "Watcom-1.0",
    "WTFPL",
    "X11",
    "XFree86-1.1",
    "xinetd",
    "Xnet",
    "Zend-2.0",
    "Zlib",
    "zlib-acknowledgement",
    "ZPL-2.0",
    "ZPL-2.1",
};

constexpr std::array kExceptions = {
    "389-exception",
    "Autoconf-exception-2.0",
    "Autoconf-exception-3.0",
    "Bison-exception-2.2",
    "Bootloader-exception",
    "Classpath-exception-2.0",
    "CLISP-exception-2.0",
    "DigiRule-FOSS-exception",
    "eCos-exception-2.0",
    "Fawkes-Runtime-exception",
    "FLTK-exception",
    "Font-exception-2.0",
    "freertos-exception-2.0",
    "GCC-exception-2.0",
    "GCC-exception-3.1",
    "gnu-javamail-exception",
    "GPL-3.0-linking-exception",
    "GPL-3.0-linking-source-exception",
    "i2p-gpl-java-exception",
    "Libtool-exception",
    "Linux-syscall-note",
    "LLVM-exception",
    "LZMA-exception",
    "mif-exception",
    "Nokia-Qt-exception-1.1",
    "OCCT-exception-1.0",
    "OpenJDK-assembly-exception-1.0",
    "openvpn-openssl-exception",
    "PS-or-PDF-font-exception-20170817",
    "Qt-GPL-exception-1.0",
    "Qt-LGPL-exception-1.1",
    "Qwt-exception-1.0",
    "u-boot-exception-2.0",
    "Universal-FOSS-exception-1.0",
    "WxWindows-exception-3.1",
};

/// Deprecated ids and what to write instead.
struct Replacement {
  const char* id;
  const char* use;
};
constexpr std::array kDeprecated = {
    Replacement{"AGPL-1.0", "'AGPL-1.0-only' or 'AGPL-1.0-or-later'"},
    Replacement{"AGPL-3.0", "'AGPL-3.0-only' or 'AGPL-3.0-or-later'"},
    Replacement{"BSD-2-Clause-FreeBSD", "'BSD-2-Clause-Views'"},
    Replacement{"BSD-2-Clause-NetBSD", "'BSD-2-Clause'"},
    Replacement{"eCos-2.0", "'GPL-2.0-or-later WITH eCos-exception-2.0'"},
    Replacement{"GFDL-1.1", "'GFDL-1.1-only' or 'GFDL-1.1-or-later'"},
    Replacement{"GFDL-1.2", "'GFDL-1.2-only' or 'GFDL-1.2-or-later'"},
    Replacement{"GFDL-1.3", "'GFDL-1.3-only' or 'GFDL-1.3-or-later'"},
    Replacement{"GPL-1.0", "'GPL-1.0-only' or 'GPL-1.0-or-later'"},
    Replacement{"GPL-2.0", "'GPL-2.0-only' or 'GPL-2.0-or-later'"},
    Replacement{"GPL-2.0-with-autoconf-exception",
                "'GPL-2.0-or-later WITH Autoconf-exception-2.0'"},
    Replacement{"GPL-2.0-with-bison-exception", "'GPL-2.0-or-later WITH Bison-exception-2.2'"},
    Replacement{"GPL-2.0-with-classpath-exception", "'GPL-2.0-only WITH Classpath-exception-2.0'"},
    Replacement{"GPL-2.0-with-font-exception", "'GPL-2.0-only WITH Font-exception-2.0'"},
    Replacement{"GPL-2.0-with-GCC-exception", "'GPL-2.0-or-later WITH GCC-exception-2.0'"},
    Replacement{"GPL-3.0", "'GPL-3.0-only' or 'GPL-3.0-or-later'"},
    Replacement{"GPL-3.0-with-autoconf-exception",
                "'GPL-3.0-or-later WITH Autoconf-exception-3.0'"},
    Replacement{"GPL-3.0-with-GCC-exception", "'GPL-3.0-or-later WITH GCC-exception-3.1'"},
    Replacement{"LGPL-2.0", "'LGPL-2.0-only' or 'LGPL-2.0-or-later'"},
    Replacement{"LGPL-2.1", "'LGPL-2.1-only' or 'LGPL-2.1-or-later'"},
    Replacement{"LGPL-3.0", "'LGPL-3.0-only' or 'LGPL-3.0-or-later'"},
    Replacement{"Nunit", "'zlib-acknowledgement'"},
    Replacement{"StandardML-NJ", "'SMLNJ'"},
    Replacement{"wxWindows", "'LGPL-2.0-or-later WITH WxWindows-exception-3.1'"},
};

/// Common ways of naming a license that are not SPDX ids.
constexpr std::array kAliases = {
    Replacement{"Apache2", "'Apache-2.0'"},
    Replacement{"ASL2", "'Apache-2.0'"},
    Replacement{"BSD", "'BSD-3-Clause' or 'BSD-2-Clause'"},
    Replacement{"GPL", "'GPL-3.0-or-later' or 'GPL-2.0-or-later'"},
    Replacement{"GPLv2", "'GPL-2.0-only' or 'GPL-2.0-or-later'"},
    Replacement{"GPLv3", "'GPL-3.0-only' or 'GPL-3.0-or-later'"},
    Replacement{"LGPL", "'LGPL-3.0-or-later' or 'LGPL-2.1-or-later'"},
    Replacement{"LGPLv2", "'LGPL-2.1-only' or 'LGPL-2.1-or-later'"},
    Replacement{"LGPLv3", "'LGPL-3.0-only' or 'LGPL-3.0-or-later'"},
    Replacement{"AGPL", "'AGPL-3.0-only' or 'AGPL-3.0-or-later'"},
    Replacement{"AGPLv3", "'AGPL-3.0-only' or 'AGPL-3.0-or-later'"},
    Replacement{"MPL", "'MPL-2.0'"},
    Replacement{"MPL2", "'MPL-2.0'"},
    Replacement{"EPL", "'EPL-2.0'"},
    Replacement{"Boost", "'BSL-1.0'"},
    Replacement{"CC0", "'CC0-1.0'"},
    Replacement{"PublicDomain", "'Unlicense' or 'CC0-1.0'"},
    Replacement{"Proprietary", "'LicenseRef-Proprietary'"},
};

constexpr size_t kMaxText = 512;
constexpr int kMaxDepth = 16;

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

template <typename Array>
std::optional<std::string_view> lookup(const Array& ids, std::string_view id) {
  for (const char* k : ids)
    if (ieq(k, id)) return std::string_view(k);
  return std::nullopt;
}

/// The one id that starts with `prefix` followed by '-' ("Classpath-exception" ->
/// "Classpath-exception-2.0"), or nullopt when none or several do.
template <typename Array>
std::optional<std::string_view> unique_prefix_match(const Array& ids, std::string_view prefix) {
  std::optional<std::string_view> found;
  for (const char* k : ids) {
    std::string_view id = k;
    if (id.size() > prefix.size() + 1 && ieq(id.substr(0, prefix.size()), prefix) &&
        id[prefix.size()] == '-') {
      if (found) return std::nullopt;
      found = id;
    }
  }
  return found;
}

const Replacement* lookup_replacement(std::string_view id, bool aliases) {
  // "GPL-2.0+" is deprecated too: the replacement is the "-or-later" id.
  for (const auto& r : kDeprecated)
    if (ieq(r.id, id)) return &r;
  if (aliases)
    for (const auto& r : kAliases)
      if (ieq(r.id, id)) return &r;
  return nullptr;
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

struct Token {
  enum class Kind { Id, Open, Close, And, Or, With, End } kind;
  std::string_view text;
  size_t offset = 0;
  bool plus = false;  ///< Id followed by '+'
};

void fail(SyntaxError* e, size_t offset, std::string message, std::string hint = {}) {
  if (!e) return;
  e->offset = offset;
  e->message = std::move(message);
  e->hint = std::move(hint);
}

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

const char* kSyntaxHint =
    "combine SPDX ids with AND, OR and WITH, e.g. 'MIT OR Apache-2.0' or "
    "'GPL-2.0-or-later WITH Classpath-exception-2.0'";

bool tokenize(std::string_view s, std::vector<Token>& out, SyntaxError* e) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Token::Kind::Open : Token::Kind::Close, s.substr(i, 1), i});
      ++i;
      continue;
    }
    if (is_id_char(c)) {
      size_t start = i;
      while (i < s.size() && (is_id_char(s[i]) || s[i] == ':')) ++i;
      Token t{Token::Kind::Id, s.substr(start, i - start), start};
      if (i < s.size() && s[i] == '+') {
        t.plus = true;
        ++i;
      }
      std::string_view w = t.text;
      if (!t.plus) {
        if (w == "AND" || w == "and")
          t.kind = Token::Kind::And;
        else if (w == "OR" || w == "or")
          t.kind = Token::Kind::Or;
        else if (w == "WITH" || w == "with")
          t.kind = Token::Kind::With;
        else if (ieq(w, "and") || ieq(w, "or") || ieq(w, "with")) {
          std::string upper;
          for (char ch : w)
            upper += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
          fail(e, start, "the operator " + q(w) + " must be written " + q(upper),
               "SPDX operators are all upper case (AND, OR, WITH) or all lower case");
          return false;
        }
      }
      out.push_back(t);
      continue;
    }
    std::string hint = kSyntaxHint;
    if (c == '/' || c == ',')
      hint =
          "to offer a choice of licenses, write 'A OR B' instead of 'A" + std::string(1, c) + "B'";
    else if (c == '&')
      hint = "write AND instead of '&'";
    else if (c == '|')
      hint = "write OR instead of '|'";
    else if (c == '+')
      hint = "'+' must follow a license id directly, as in 'LGPL-2.1+'";
    else if (static_cast<unsigned char>(c) >= 0x80 || c == '_' || c == '"' || c == '\'')
      hint = "SPDX ids use only ASCII letters, digits, '-' and '.'";
    fail(e, i, "unexpected " + q(s.substr(i, 1)) + " in the license expression", hint);
    return false;
  }
  out.push_back({Token::Kind::End, {}, s.size()});
  return true;
}

/// Recursive-descent parser over the token list, writing the canonical text as it goes.
class Parser {
 public:
  Parser(std::vector<Token> tokens, SyntaxError* e) : toks_(std::move(tokens)), e_(e) {}

  bool parse(SpdxExpression& out) {
    if (!or_expr(out.canonical, 0)) return false;
    const Token& t = peek();
    if (t.kind != Token::Kind::End) {
      if (t.kind == Token::Kind::Close)
        fail(e_, t.offset, "unexpected ')' without a matching '('", kSyntaxHint);
      else
        fail(e_, t.offset, "expected AND, OR or WITH before " + q(t.text),
             "join licenses with AND (all apply) or OR (a choice): 'MIT OR Apache-2.0'");
      return false;
    }
    out.licenses.assign(licenses_.begin(), licenses_.end());
    out.exceptions.assign(exceptions_.begin(), exceptions_.end());
    return true;
  }

 private:
  const Token& peek() const { return toks_[pos_]; }
  const Token& next() { return toks_[pos_++]; }

  bool or_expr(std::string& out, int depth) {
    if (!and_expr(out, depth)) return false;
    while (peek().kind == Token::Kind::Or) {
      next();
      out += " OR ";
      if (!and_expr(out, depth)) return false;
    }
    return true;
  }

  bool and_expr(std::string& out, int depth) {
    if (!with_expr(out, depth)) return false;
    while (peek().kind == Token::Kind::And) {
      next();
      out += " AND ";
      if (!with_expr(out, depth)) return false;
    }
    return true;
  }

  bool with_expr(std::string& out, int depth) {
    bool was_simple = peek().kind == Token::Kind::Id;
    if (!primary(out, depth)) return false;
    if (peek().kind != Token::Kind::With) return true;
    const Token& w = next();
    if (!was_simple) {
      fail(e_, w.offset, "WITH must follow a single license id, not a parenthesised expression",
           kSyntaxHint);
      return false;
    }
    const Token& t = next();
    if (t.kind != Token::Kind::Id) {
      fail(e_, t.offset, "expected a license exception id after WITH",
           "for example 'Apache-2.0 WITH LLVM-exception'");
      return false;
    }
    if (auto id = lookup(kExceptions, t.text)) {
      exceptions_.insert(std::string(*id));
      out += " WITH ";
      out += *id;
      return true;
    }
    std::string hint;
    if (lookup(kLicenses, t.text))
      hint = q(t.text) + " is a license, not an exception; combine licenses with AND or OR";
    else {
      std::vector<std::string> all(kExceptions.begin(), kExceptions.end());
      hint = did_you_mean(t.text, all);
      if (hint.empty())
        if (auto p = unique_prefix_match(kExceptions, t.text)) hint = "did you mean " + q(*p) + "?";
      if (hint.empty()) hint = "see https://spdx.org/licenses/exceptions-index.html";
    }
    fail(e_, t.offset, "unknown SPDX license exception " + q(t.text), hint);
    return false;
  }

  bool primary(std::string& out, int depth) {
    const Token& t = next();
    switch (t.kind) {
      case Token::Kind::Open: {
        if (depth >= kMaxDepth) {
          fail(e_, t.offset, "parentheses are nested too deeply");
          return false;
        }
        out += '(';
        if (!or_expr(out, depth + 1)) return false;
        const Token& c = next();
        if (c.kind != Token::Kind::Close) {
          fail(e_, c.offset,
               "expected ')' to close the '(' at column " + std::to_string(t.offset + 1),
               kSyntaxHint);
          return false;
        }
        out += ')';
        return true;
      }
      case Token::Kind::Id:
        return license(t, out);
      case Token::Kind::End:
        fail(e_, t.offset,
             pos_ == 1 ? std::string("the license expression is empty")
                       : "expected a license id after " + q(toks_[pos_ - 2].text),
             kSyntaxHint);
        return false;
      default:
        fail(e_, t.offset, "expected a license id, found " + q(t.text), kSyntaxHint);
        return false;
    }
  }

  bool license(const Token& t, std::string& out) {
    std::string_view id = t.text;
    if (starts_with(id, "LicenseRef-") || starts_with(id, "DocumentRef-")) {
      size_t colon = id.find(':');
      bool ok = starts_with(id, "LicenseRef-")
                    ? colon == std::string_view::npos && id.size() > 11
                    : colon != std::string_view::npos &&
                          starts_with(id.substr(colon + 1), "LicenseRef-") &&
                          id.size() > colon + 12;
      if (!ok) {
        fail(e_, t.offset, "malformed license reference " + q(id),
             "write LicenseRef- followed by letters, digits, '-' or '.': LicenseRef-Proprietary");
        return false;
      }
      licenses_.insert(std::string(id));
      out += id;
      if (t.plus) out += '+';
      return true;
    }
    if (id.find(':') != std::string_view::npos) {
      fail(e_, t.offset + id.find(':'), "unexpected ':' in the license expression", kSyntaxHint);
      return false;
    }
    if (auto canon = lookup(kLicenses, id)) {
      licenses_.insert(std::string(*canon));
      out += *canon;
      if (t.plus) out += '+';
      return true;
    }
    if (lookup(kExceptions, id)) {
      fail(e_, t.offset, q(id) + " is a license exception, not a license",
           "write it after WITH: 'GPL-2.0-only WITH " + std::string(id) + "'");
      return false;
    }
    if (const Replacement* r = lookup_replacement(id, false)) {
      std::string later = std::string(r->id) + "-or-later";
      std::string use = t.plus && lookup(kLicenses, later) ? q(later) : std::string(r->use);
      fail(e_, t.offset,
           q(std::string(r->id) + (t.plus ? "+" : "")) + " is a deprecated SPDX license id",
           "use " + use);
      return false;
    }
    // Unknown: try the common mistakes first, then edit distance.
    std::string hint;
    const Token& after = toks_[pos_];
    std::string joined = std::string(id) + "-" + std::string(after.text);
    if (after.kind == Token::Kind::Id && !after.plus && lookup(kLicenses, joined)) {
      hint = "did you mean " + q(*lookup(kLicenses, joined)) + "?";
    } else if (const Replacement* a = lookup_replacement(id, true)) {
      hint = "did you mean " + std::string(a->use) + "?";
    } else {
      hint = did_you_mean(id, spdx_license_ids());
      if (hint.empty())
        hint =
            "see https://spdx.org/licenses/ for the ids; for a license that is not listed, "
            "write LicenseRef-<name>";
    }
    fail(e_, t.offset, "unknown SPDX license id " + q(id), hint);
    return false;
  }

  std::vector<Token> toks_;
  SyntaxError* e_;
  size_t pos_ = 0;
  std::set<std::string> licenses_, exceptions_;
};

}  // namespace

const std::vector<std::string>& spdx_license_ids() {
  // Immutable after first use; initialisation is thread-safe.
  static const std::vector<std::string> ids(kLicenses.begin(), kLicenses.end());
  return ids;
}

std::optional<std::string_view> spdx_license_id(std::string_view id) {
  return lookup(kLicenses, id);
}
std::optional<std::string_view> spdx_exception_id(std::string_view id) {
  return lookup(kExceptions, id);
}

std::optional<SpdxExpression> parse_spdx_expression(std::string_view text, SyntaxError* e) {
  if (text.size() > kMaxText) {
    fail(e, 0, "the license expression is longer than 512 characters");
    return std::nullopt;
  }
  std::vector<Token> tokens;
  if (!tokenize(text, tokens, e)) return std::nullopt;
  SpdxExpression out;
  Parser p(std::move(tokens), e);
  if (!p.parse(out)) return std::nullopt;
  return out;
}

}  // namespace agora
