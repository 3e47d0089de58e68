#include "output/json.h"

#include <nlohmann/json.hpp>

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

std::string dump(const Value& v, int indent) {
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
