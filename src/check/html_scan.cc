#include "check/html_scan.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <cstring>
#include <deque>
#include <utility>

#include "core/text.h"

namespace agora {

namespace {

using Attr = std::pair<std::string_view, std::string_view>;  ///< lowercase name, decoded value

/// What one start tag contributes. `tag` and attribute names are lowercase.
template <typename Attrs>
void collect(std::string_view tag, const Attrs& attrs, HtmlRefs& out) {
  bool is_a = tag == "a";
  bool is_link = tag == "link";
  bool src_tag = tag == "img" || tag == "script" || tag == "source" || tag == "iframe";
  const std::string_view* rel = nullptr;
  const std::string_view* href = nullptr;
  for (const auto& [k, v] : attrs) {
    if (k == "id" || (is_a && k == "name")) out.ids.emplace_back(v);
    else if ((is_a || is_link) && k == "href") href = &v;
    else if (src_tag && k == "src") out.urls.emplace_back(v);
    else if (is_link && k == "rel") rel = &v;
  }
  // <link rel="canonical"> and friends carry absolute URLs; stylesheets and icons are files.
  if (href && (is_a || !rel || *rel == "stylesheet" || *rel == "icon")) out.urls.emplace_back(*href);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Decodes character references in an attribute value: numeric ones, and the named ones an
/// HTML writer uses (terminated by ';'). Anything else stays as written.
std::string decode_refs(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out += v[i];
      continue;
    }
    size_t semi = v.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += '&';
      continue;
    }
    std::string_view name = v.substr(i + 1, semi - i - 1);
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string_view digits = name.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool ok = !digits.empty();
      for (char c : digits) {
        int d = c >= '0' && c <= '9' ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0) ok = false;
        else if (cp < 0x110000) cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      }
      if (!ok) {
        out += '&';
        continue;
      }
      append_utf8(out, cp);
    } else {
      static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
          {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
      const std::string_view* rep = nullptr;
      for (const auto& [n, r] : kNamed)
        if (n == name) rep = &r;
      if (!rep) {
        out += '&';
        continue;
      }
      out += *rep;
    }
    i = semi;
  }
  return out;
}

/// Finds "</name" (ASCII case-insensitive) from `from`; npos when absent.
size_t find_end_tag(std::string_view html, size_t from, std::string_view name) {
  for (size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (i + 2 + name.size() > html.size()) return std::string_view::npos;
    bool match = true;
    for (size_t k = 0; k < name.size() && match; ++k) match = lower(html[i + 2 + k]) == name[k];
    if (!match) continue;
    size_t after = i + 2 + name.size();
    if (after == html.size() || is_space(html[after]) || html[after] == '/' || html[after] == '>') return i;
  }
  return std::string_view::npos;
}

}  // namespace

HtmlRefs scan_html_refs(std::string_view html) {
  HtmlRefs out;
  const size_t n = html.size();
  std::string tag;
  std::vector<Attr> attrs;
  // Lowercased names and decoded values, only for the attributes that need them (most are
  // lowercase and hold no character reference, and are viewed in place). A deque keeps
  // the strings where they are while it grows.
  std::deque<std::string> owned;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (i + 1 >= n) break;
    char c = html[i + 1];
    if (c == '!') {
      if (html.compare(i, 4, "<!--") == 0) {
        // "<!-->" and "<!--->" are empty comments; otherwise the comment ends at "-->".
        size_t end = html.compare(i + 4, 1, ">") == 0   ? i + 4
                     : html.compare(i + 4, 2, "->") == 0 ? i + 5
                                                         : html.find("-->", i + 4);
        if (end == std::string_view::npos) break;
        i = end + (html[end] == '>' ? 1 : 3);
      } else {
        size_t end = html.find('>', i + 2);
        if (end == std::string_view::npos) break;
        i = end + 1;
      }
      continue;
    }
    if (c == '?') {
      size_t end = html.find('>', i + 2);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    bool end_tag = c == '/';
    size_t p = i + (end_tag ? 2 : 1);
    if (p >= n || !is_alpha(html[p])) {
      ++i;  // a '<' that starts no tag is text
      continue;
    }
    tag.clear();
    while (p < n && !is_space(html[p]) && html[p] != '/' && html[p] != '>') tag += lower(html[p++]);
    attrs.clear();
    owned.clear();
    bool closed = false;
    while (p < n) {
      while (p < n && (is_space(html[p]) || html[p] == '/')) ++p;
      if (p >= n) break;
      if (html[p] == '>') {
        closed = true;
        ++p;
        break;
      }
      size_t name_begin = p;
      bool upper = false;
      ++p;  // the first character may be '=' (it is then part of the name)
      while (p < n && !is_space(html[p]) && html[p] != '/' && html[p] != '>' && html[p] != '=') {
        upper = upper || (html[p] >= 'A' && html[p] <= 'Z');
        ++p;
      }
      std::string_view name = html.substr(name_begin, p - name_begin);
      if (upper || (name[0] >= 'A' && name[0] <= 'Z')) {
        std::string& low = owned.emplace_back(name);
        for (char& ch : low) ch = lower(ch);
        name = low;
      }
      while (p < n && is_space(html[p])) ++p;
      std::string_view value;
      if (p < n && html[p] == '=') {
        ++p;
        while (p < n && is_space(html[p])) ++p;
        if (p < n && (html[p] == '"' || html[p] == '\'')) {
          size_t close = html.find(html[p], p + 1);
          if (close == std::string_view::npos) {
            p = n;
            break;
          }
          value = html.substr(p + 1, close - p - 1);
          p = close + 1;
        } else {
          size_t begin = p;
          while (p < n && !is_space(html[p]) && html[p] != '>') ++p;
          value = html.substr(begin, p - begin);
        }
        if (value.find('&') != std::string_view::npos) value = owned.emplace_back(decode_refs(value));
      }
      bool dup = false;
      for (const Attr& a : attrs) dup = dup || a.first == name;
      if (!dup) attrs.emplace_back(name, value);
    }
    if (!closed) break;  // a tag cut off by the end of the input is dropped
    i = p;
    if (end_tag) continue;
    collect(tag, attrs, out);
    // Raw text (script, style) and escapable raw text (textarea, title) hold no tags.
    if (tag == "script" || tag == "style" || tag == "textarea" || tag == "title") {
      size_t end = find_end_tag(html, i, tag);
      if (end == std::string_view::npos) break;
      i = end;
    }
  }
  return out;
}

namespace {

void on_libxml2_start(void* ctx, const xmlChar* name, const xmlChar** attrs) {
  if (!attrs) return;
  std::vector<Attr> list;
  for (const xmlChar** a = attrs; a[0]; a += 2)
    list.emplace_back(reinterpret_cast<const char*>(a[0]), a[1] ? reinterpret_cast<const char*>(a[1]) : "");
  collect(reinterpret_cast<const char*>(name), list, *static_cast<HtmlRefs*>(ctx));
}

}  // namespace

HtmlRefs scan_html_refs_libxml2(std::string_view html) {
  HtmlRefs out;
  htmlSAXHandler sax{};
  sax.startElement = on_libxml2_start;
  htmlParserCtxtPtr ctx = htmlCreatePushParserCtxt(&sax, &out, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  if (!ctx) return out;
  htmlCtxtUseOptions(ctx, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
  htmlParseChunk(ctx, html.data(), static_cast<int>(html.size()), 1);
  htmlFreeParserCtxt(ctx);
  return out;
}

}  // namespace agora
