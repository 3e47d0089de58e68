// catalogue/text_checks.h — internal helpers shared by the listing and review parsers: length
// in characters, control / bidi / invisible character detection, positions inside scalars, and
// the diagnostics they produce. Not part of the public API of the module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "yaml/yaml.h"

namespace agora::catalogue_detail {

/// Number of Unicode code points in valid UTF-8.
size_t char_count(std::string_view s);

/// A character that must not appear in a field.
struct BadChar {
  size_t offset = 0;  ///< byte offset in the string
  uint32_t cp = 0;
  const char* what = "";  ///< "control character", "bidirectional control character", ...
  const char* name = "";  ///< "RIGHT-TO-LEFT OVERRIDE", or "" when unnamed
};

/// The first control (C0 except \t\n\r when `multiline`, DEL, C1), bidirectional control
/// (U+061C, U+200E/F, U+202A-E, U+2066-9) or invisible (U+200B, U+2060, U+FEFF) character.
/// Bidi and invisible characters are allowed in multiline text (right-to-left prose needs marks).
std::optional<BadChar> find_bad_char(std::string_view s, bool multiline);

/// "U+202E"
std::string code_point_name(uint32_t cp);

/// Replaces the characters find_bad_char() reports (and any other C0/C1 control except tab)
/// with visible "<U+202E>" markers, so a diagnostic never prints a bidi override to a terminal.
std::string visible(std::string_view line);

/// The position of byte `offset` of scalar `n`'s text, when the scalar is written on one line
/// as is (plain, or quoted without escapes); else the scalar's own position.
SourceLoc loc_in_scalar(const YamlNode& n, const YamlSource& src, size_t offset);

/// Copies every diagnostic into `out`, sorted by position, with source lines made visible().
void merge_sorted(Diagnostics& local, Diagnostics& out);

/// Reports a bad character, a too-long value or an empty value of a single-line or multiline
/// text field. Returns false when something was reported.
bool check_text(const YamlNode& n, std::string_view key, const std::string& value, size_t max_chars,
                bool multiline, const YamlSource& src, Diagnostics& diags,
                std::string_view too_long_hint = {});

/// Checks an absolute https URL; reports http://, other schemes (javascript:, data:, ...),
/// relative URLs, spaces and control characters. Returns the URL when it is acceptable.
std::optional<std::string> check_https_url(const YamlNode& n, std::string_view key,
                                           const YamlSource& src, Diagnostics& diags);

}  // namespace agora::catalogue_detail
