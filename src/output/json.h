// output/json.h — canonical JSON text for Value trees: the JSON API files and JSON-LD.
// Owns: to_json and json_ld_script_body.
// Does not own: building the Values (site/, catalogue/) or the JSON Feed (feeds.h).
#pragma once

#include <string>

#include "core/value.h"

namespace agora {

/// Canonical, locale-independent JSON: object keys in byte order, integers as integers, doubles
/// in the shortest form that reads back to the same value (1.0 stays "1.0"; NaN and infinities
/// become null), invalid UTF-8 replaced with U+FFFD. Compact by default; `pretty` indents by two
/// spaces, leaves no trailing spaces and ends with a newline.
std::string to_json(const Value& value, bool pretty = false);

/// Compact JSON with '<', '>' and '&' written as \u003c, \u003e and \u0026, so the text can be
/// placed as is inside <script type="application/ld+json"> (it can never close the element).
std::string json_ld_script_body(const Value& value);

}  // namespace agora
