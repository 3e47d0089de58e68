#include "search/search_json.h"

#include <cstdlib>

#include "core/text.h"

namespace agora {

void append_json_chars(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default: out += "\\u00"; out += hex[c >> 4]; out += hex[c & 15];
      }
    } else {
      out += ch;
    }
  }
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  append_json_chars(out, s);
  out += '"';
}

std::string simple_anchor(std::string_view heading) {
  std::string out;
  bool dash = false;
  for (char ch : heading) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return "\x01";
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(c);
    } else {
      dash = true;
    }
  }
  return out;
}

namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  std::optional<Value> document() {
    auto v = value(0);
    ws();
    if (!v || i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) { ++i_; return true; }
    return false;
  }
  bool literal(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  std::optional<Value> value(int depth) {
    if (depth > 64) return std::nullopt;
    ws();
    if (i_ >= s_.size()) return std::nullopt;
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      Value obj = Value::object();
      if (eat('}')) return obj;
      do {
        ws();
        auto key = string();
        if (!key || !eat(':')) return std::nullopt;
        auto v = value(depth + 1);
        if (!v) return std::nullopt;
        obj.as_object()[*key] = std::move(*v);
      } while (eat(','));
      if (!eat('}')) return std::nullopt;
      return obj;
    }
    if (c == '[') {
      ++i_;
      Value list = Value::list();
      if (eat(']')) return list;
      do {
        auto v = value(depth + 1);
        if (!v) return std::nullopt;
        list.as_list().push_back(std::move(*v));
      } while (eat(','));
      if (!eat(']')) return std::nullopt;
      return list;
    }
    if (c == '"') {
      auto str = string();
      if (!str) return std::nullopt;
      return Value(std::move(*str));
    }
    if (literal("true")) return Value(true);
    if (literal("false")) return Value(false);
    if (literal("null")) return Value(nullptr);
    return number();
  }

  std::optional<Value> number() {
    size_t start = i_;
    bool integer = true;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c >= '0' && c <= '9') { ++i_; continue; }
      if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') { integer = false; ++i_; continue; }
      break;
    }
    std::string text(s_.substr(start, i_ - start));
    if (text.empty() || text == "-") return std::nullopt;
    char* end = nullptr;
    if (integer) {
      long long v = std::strtoll(text.c_str(), &end, 10);
      if (*end) return std::nullopt;
      return Value(static_cast<int64_t>(v));
    }
    double d = std::strtod(text.c_str(), &end);
    if (*end) return std::nullopt;
    return Value(d);
  }

  bool hex4(uint32_t& v) {
    if (i_ + 4 > s_.size()) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else return false;
    }
    return true;
  }

  std::optional<std::string> string() {
    if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
    ++i_;
    std::string out;
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') { out += c; continue; }
      if (i_ >= s_.size()) return std::nullopt;
      char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return std::nullopt;
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            i_ += 2;
            uint32_t lo;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return std::nullopt;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: return std::nullopt;
      }
    }
    return std::nullopt;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<Value> parse_json(std::string_view text) { return Reader(text).document(); }

}  // namespace agora
