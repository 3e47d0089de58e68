// search/search_json.h — the JSON the index files are written in, read back for queries.
// Owns: compact JSON string writing (only '"', '\\' and control characters escaped: these
// files are fetched, never inlined in HTML), a small strict JSON reader into core Value, and
// the anchor rule that lets display chunks omit most heading ids.
// Internal to search/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/value.h"

namespace agora {

/// Appends `s` escaped for a JSON string, without quotes.
void append_json_chars(std::string& out, std::string_view s);
/// Appends `s` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view s);

/// Parses one JSON document (objects, arrays, strings, numbers, true/false/null). Integers
/// become int64, other numbers double. Returns nullopt on any syntax error or nesting deeper
/// than 64.
std::optional<Value> parse_json(std::string_view text);

/// The heading id the client derives when a display chunk omits it: ASCII letters and digits
/// lowercased, '_' kept, other runs become one '-', trimmed. Headings with non-ASCII text
/// return "\x01" (never an id), so their ids are always written.
std::string simple_anchor(std::string_view heading);

}  // namespace agora
