#include "catalogue/text_checks.h"

#include <algorithm>

#include "core/text.h"

namespace agora::catalogue_detail {

namespace {

/// Decodes one code point of valid UTF-8 at `i`; returns its length in bytes.
size_t decode(std::string_view s, size_t i, uint32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  if (i + len > s.size()) len = s.size() - i;
  cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return std::max<size_t>(len, 1);
}

const char* bidi_name(uint32_t cp) {
  switch (cp) {
    case 0x061C:
      return "ARABIC LETTER MARK";
    case 0x200E:
      return "LEFT-TO-RIGHT MARK";
    case 0x200F:
      return "RIGHT-TO-LEFT MARK";
    case 0x202A:
      return "LEFT-TO-RIGHT EMBEDDING";
    case 0x202B:
      return "RIGHT-TO-LEFT EMBEDDING";
    case 0x202C:
      return "POP DIRECTIONAL FORMATTING";
    case 0x202D:
      return "LEFT-TO-RIGHT OVERRIDE";
    case 0x202E:
      return "RIGHT-TO-LEFT OVERRIDE";
    case 0x2066:
      return "LEFT-TO-RIGHT ISOLATE";
    case 0x2067:
      return "RIGHT-TO-LEFT ISOLATE";
    case 0x2068:
      return "FIRST STRONG ISOLATE";
    case 0x2069:
      return "POP DIRECTIONAL ISOLATE";
    default:
      return nullptr;
  }
}

const char* invisible_name(uint32_t cp) {
  switch (cp) {
    case 0x200B:
      return "ZERO WIDTH SPACE";
    case 0x2060:
      return "WORD JOINER";
    case 0xFEFF:
      return "ZERO WIDTH NO-BREAK SPACE";
    default:
      return nullptr;
  }
}

bool is_control(uint32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

size_t char_count(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::optional<BadChar> find_bad_char(std::string_view s, bool multiline) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = decode(s, i, cp);
    if (is_control(cp) && !(multiline && (cp == '\n' || cp == '\t' || cp == '\r'))) {
      const char* name = cp == '\n'   ? "LINE FEED"
                         : cp == '\t' ? "CHARACTER TABULATION"
                         : cp == '\r' ? "CARRIAGE RETURN"
                                      : "";
      return BadChar{i, cp, "control character", name};
    }
    if (!multiline) {
      if (const char* n = bidi_name(cp))
        return BadChar{i, cp, "bidirectional control character", n};
      if (const char* n = invisible_name(cp)) return BadChar{i, cp, "invisible character", n};
    }
    i += len;
  }
  return std::nullopt;
}

std::string code_point_name(uint32_t cp) {
  static const char* hex = "0123456789ABCDEF";
  std::string digits;
  for (int shift = 20; shift >= 0; shift -= 4) digits += hex[(cp >> shift) & 15];
  size_t nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0000" : digits.substr(std::min(nz, digits.size() - 4));
  return "U+" + digits;
}

std::string visible(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size();) {
    uint32_t cp = 0;
    size_t len = decode(line, i, cp);
    bool bad = (is_control(cp) && cp != '\t') || bidi_name(cp) || invisible_name(cp);
    if (bad)
      out += "<" + code_point_name(cp) + ">";
    else
      out.append(line.substr(i, len));
    i += len;
  }
  return out;
}

SourceLoc loc_in_scalar(const YamlNode& n, const YamlSource& src, size_t offset) {
  SourceLoc loc{src.file, n.line, n.col};
  if (!n.is_scalar() || n.scalar.find('\n') != std::string::npos) return loc;
  std::string_view line = line_of(src.text, n.line);
  size_t col0 = n.col > 0 ? static_cast<size_t>(n.col - 1) : 0;
  if (line.substr(col0, n.scalar.size()) == n.scalar) {
    loc.col = n.col + static_cast<int>(offset);
  } else if (col0 < line.size() && (line[col0] == '"' || line[col0] == '\'') &&
             line.substr(col0 + 1, n.scalar.size()) == n.scalar) {
    loc.col = n.col + 1 + static_cast<int>(offset);
  }
  return loc;
}

void merge_sorted(Diagnostics& local, Diagnostics& out) {
  local.sort();
  for (Diagnostic d : local.items()) {
    d.source_line = visible(d.source_line);
    out.add(std::move(d));
  }
}

bool check_text(const YamlNode& n, std::string_view key, const std::string& value, size_t max_chars,
                bool multiline, const YamlSource& src, Diagnostics& diags,
                std::string_view too_long_hint) {
  if (trim(value).empty()) {
    diags.error({src.file, n.line, n.col}, q(key) + " is empty", {}, src.text);
    return false;
  }
  if (auto bad = find_bad_char(value, multiline)) {
    std::string what = std::string(bad->what) + " " + code_point_name(bad->cp);
    if (*bad->name) what += std::string(" (") + bad->name + ")";
    std::string hint;
    if (std::string_view(bad->what) == "bidirectional control character")
      hint =
          "remove it: bidirectional controls make text display in a different order than it "
          "is stored, which can disguise what a listing says";
    else if (bad->cp == '\n')
      hint = "write " + q(key) + " on a single line";
    else
      hint = "remove it; it cannot be seen, but it changes how the text compares and displays";
    diags.error(loc_in_scalar(n, src, bad->offset), q(key) + " contains the " + what,
                std::move(hint), src.text);
    return false;
  }
  size_t chars = char_count(value);
  if (chars > max_chars) {
    diags.error({src.file, n.line, n.col},
                q(key) + " is " + std::to_string(chars) + " characters long; the limit is " +
                    std::to_string(max_chars),
                std::string(too_long_hint), src.text);
    return false;
  }
  return true;
}

std::optional<std::string> check_https_url(const YamlNode& n, std::string_view key,
                                           const YamlSource& src, Diagnostics& diags) {
  SourceLoc loc{src.file, n.line, n.col};
  if (!n.is_scalar()) {
    diags.error(loc, q(key) + " must be a URL, not " + n.kind_name(), {}, src.text);
    return std::nullopt;
  }
  const std::string& url = n.scalar;
  if (url.empty()) {
    diags.error(loc, q(key) + " is empty", "remove the key, or write an https:// URL", src.text);
    return std::nullopt;
  }
  if (url.size() > 2048) {
    diags.error(loc, q(key) + " is longer than 2048 characters", {}, src.text);
    return std::nullopt;
  }
  for (size_t i = 0; i < url.size(); ++i) {
    auto c = static_cast<unsigned char>(url[i]);
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') {
      diags.error(loc_in_scalar(n, src, i),
                  q(key) + " contains " +
                      (c == ' '                ? std::string("a space")
                       : c < 0x20 || c == 0x7F ? "a control character"
                                               : "the character " + q(url.substr(i, 1))),
                  "percent-encode it (a space is %20)", src.text);
      return std::nullopt;
    }
  }
  if (!has_url_scheme(url)) {
    diags.error(loc, q(key) + " must be an absolute https:// URL",
                "for example https://github.com/you/your-plugin", src.text);
    return std::nullopt;
  }
  std::string scheme = ascii_lower(url.substr(0, url.find(':')));
  if (scheme == "http") {
    diags.error(loc, q(key) + " must use https://, not http://",
                "did you mean " + q("https" + url.substr(4)) + "?", src.text);
    return std::nullopt;
  }
  if (scheme != "https") {
    diags.error(loc, q(key) + " uses the URL scheme " + q(scheme + ":") + ", which is not allowed",
                "listings may only link to https:// URLs", src.text);
    return std::nullopt;
  }
  std::string_view rest = std::string_view(url).substr(6);
  if (!starts_with(rest, "//") || rest.size() < 3 || rest[2] == '/' || rest[2] == '?' ||
      rest[2] == '#') {
    diags.error(loc, q(key) + " has no host name after https://",
                "for example https://github.com/you/your-plugin", src.text);
    return std::nullopt;
  }
  return url;
}

}  // namespace agora::catalogue_detail
