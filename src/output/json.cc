#include "output/json.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace agora {

namespace {

nlohmann::json to_nlohmann(const Value& v) {
  if (v.is_null()) return nullptr;
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int();
  if (v.is_double()) return v.as_double();
  if (v.is_string()) return v.as_string();
  if (v.is_list()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : v.as_list()) out.push_back(to_nlohmann(item));
    return out;
  }
  nlohmann::json out = nlohmann::json::object();  // std::map: keys in byte order, like Value
  for (const auto& [k, item] : v.as_object()) out[k] = to_nlohmann(item);
  return out;
}

/// A JSON string, escaped as nlohmann-json escapes it (\b \f \n \r \t, other control
/// characters as \u00xx, UTF-8 kept as is); a byte that is not valid UTF-8 becomes U+FFFD.
void append_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t at = i;
      char32_t cp = decode_utf8(s, i);
      if (cp != 0xFFFD || s.substr(at, 3) == "\xEF\xBF\xBD") continue;  // valid: keep the bytes
      out.append(s.substr(plain, at - plain));
      out += "\xEF\xBF\xBD";
      plain = i;
      continue;
    }
    out.append(s.substr(plain, i - plain));
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    plain = ++i;
  }
  out.append(s.substr(plain));
  out += '"';
}

/// Compact JSON, byte for byte what nlohmann-json's dump() writes for the same value (objects
/// are std::maps, so keys come in byte order), without building its tree first.
void append_compact(std::string& out, const Value& v) {
  if (v.is_null()) {
    out += "null";
  } else if (v.is_bool()) {
    out += v.as_bool() ? "true" : "false";
  } else if (v.is_int()) {
    out += std::to_string(v.as_int());
  } else if (v.is_double()) {
    out += nlohmann::json(v.as_double()).dump();  // its shortest round-trip format
  } else if (v.is_string()) {
    append_string(out, v.as_string());
  } else if (v.is_list()) {
    out += '[';
    bool first = true;
    for (const auto& item : v.as_list()) {
      if (!first) out += ',';
      first = false;
      append_compact(out, item);
    }
    out += ']';
  } else {
    out += '{';
    bool first = true;
    for (const auto& [k, item] : v.as_object()) {
      if (!first) out += ',';
      first = false;
      append_string(out, k);
      out += ':';
      append_compact(out, item);
    }
    out += '}';
  }
}

std::string dump(const Value& v, int indent) {
  if (indent < 0) {
    std::string out;
    append_compact(out, v);
    return out;
  }
  return to_nlohmann(v).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string to_json(const Value& value, bool pretty) {
  if (!pretty) return dump(value, -1);
  return dump(value, 2) + "\n";
}

std::string json_ld_script_body(const Value& value) {
  // '<', '>' and '&' can only appear inside JSON strings, so replacing them everywhere is exact.
  std::string compact = dump(value, -1);
  std::string out;
  out.reserve(compact.size() + 16);
  for (char c : compact) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace agora
