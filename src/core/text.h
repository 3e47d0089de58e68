// core/text.h — small, locale-independent text utilities shared by every module.
// Owns: HTML/attribute/JSON-in-script escaping, UTF-8 validation, slugs, "did you mean"
// suggestions, URL scheme policy and URL path joining.
// Does not own: Markdown (markdown/), templates (theme/), JSON documents (output/).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora {

/// Escapes &, <, >, " and ' so the result is safe in HTML text and quoted attributes.
std::string html_escape(std::string_view s);
void append_html_escaped(std::string& out, std::string_view s);

/// Byte offset of the first invalid UTF-8 sequence, or nullopt when `s` is valid UTF-8.
std::optional<size_t> find_invalid_utf8(std::string_view s);

/// Decodes one code point at `i` (advancing it). Invalid bytes decode as U+FFFD, one byte each.
char32_t decode_utf8(std::string_view s, size_t& i);
/// Appends the UTF-8 encoding of `cp`; NUL, surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t cp);

/// Converts a byte offset into 1-based line and column (column counts bytes, like compilers).
struct LineCol { int line = 1; int col = 1; };
LineCol line_col_at(std::string_view text, size_t offset);

/// URL slug: lowercase ASCII letters and digits, other letters kept (UTF-8), runs of anything
/// else become a single '-', trimmed. "Hello, World!" -> "hello-world".
std::string slugify(std::string_view s);

/// An ASCII identifier: lowercase letters and digits, every run of anything else a single
/// '-', trimmed. "Lumen SARIF (v2)" -> "lumen-sarif-v2". For ids, XML ids and file names.
std::string ascii_slug(std::string_view s);

/// Levenshtein distance, capped work for long strings.
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

/// "did you mean 'x'?" or "" — ready to use as a diagnostic hint.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// True for URLs that may appear in the output: http, https, mailto, and scheme-less
/// (relative, root-relative, fragment, query) URLs. Everything else (javascript:, data:,
/// vbscript:, file:, ...) is refused. Leading whitespace and control characters are refused.
bool is_allowed_url(std::string_view url);

/// True when `url` has a scheme (letters followed by ':' before any '/', '?' or '#').
bool has_url_scheme(std::string_view url);

/// Trims ASCII whitespace on both ends.
std::string_view trim(std::string_view s);

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

/// Splits on a single character; keeps empty fields.
std::vector<std::string_view> split(std::string_view s, char sep);

/// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/// Lowercases ASCII letters only (locale-independent).
std::string ascii_lower(std::string_view s);

/// Normalises a relative POSIX path: removes '.', resolves '..'. Returns nullopt when the
/// path would climb above its root or is absolute.
std::optional<std::string> normalize_relative_path(std::string_view path);

/// Escapes a string for embedding in JSON (no surrounding quotes). '<', '>' and '&' become
/// \u003c etc. so the result is also safe inside <script> elements.
std::string json_escape(std::string_view s);

/// Percent-encodes characters not allowed in a URL path (space, quotes, non-ASCII bytes...).
std::string url_encode_path(std::string_view path);

/// Counts words separated by whitespace (ASCII); used for reading time.
size_t count_words(std::string_view text);

}  // namespace agora
