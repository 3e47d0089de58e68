// yaml/yaml.h — the only user of yaml-cpp. Parses contributor YAML into a small tree whose
// every node knows its line and column, and reads typed fields from it with diagnostics.
// Owns: YamlNode, parse_yaml (duplicate keys and anchors/aliases are errors), FieldReader
// (unknown keys with "did you mean", wrong types, dates, URLs).
// Does not own: what the keys mean — config/, content/ and catalogue/ declare their schemas.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/diagnostic.h"

namespace agora {

/// One YAML node with its 1-based position in the file.
struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Mapping };
  Kind kind = Kind::Null;
  std::string scalar;   ///< text of a scalar
  bool quoted = false;  ///< scalar was quoted (so "true" stays a string)
  int line = 0, col = 0;
  std::vector<YamlNode> items;                             ///< sequence items
  std::vector<std::pair<YamlNode, YamlNode>> entries;      ///< mapping entries in file order

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_mapping() const { return kind == Kind::Mapping; }
  /// Mapping lookup by key text; nullptr when absent.
  const YamlNode* get(std::string_view key) const;
  /// "a string", "a list", "a mapping", "null" — for messages.
  const char* kind_name() const;
};

struct YamlSource {
  std::string file;      ///< path for diagnostics
  std::string_view text; ///< the whole file (diagnostics quote lines from it)
  int line_offset = 0;   ///< added to every line (front matter starts after '---')
  std::optional<std::string_view> document = {};  ///< the YAML to parse when it is part of `text`; else all of text
};

/// Parses one YAML document. Syntax errors, duplicate keys and anchors/aliases become
/// diagnostics; returns nullopt when any error was reported. An empty document is a Null node.
std::optional<YamlNode> parse_yaml(const YamlSource& src, Diagnostics& diags);

/// Reads the fields of one mapping against a declared key list. Every accessor reports type
/// errors at the value's position; finish() reports unknown keys with a "did you mean" hint.
class FieldReader {
 public:
  FieldReader(const YamlNode& mapping, const YamlSource& src, Diagnostics& diags,
              std::vector<std::string> known_keys, std::string what = "key");

  const YamlNode* node(std::string_view key) const { return map_.get(key); }
  bool has(std::string_view key) const { return map_.get(key) != nullptr; }

  std::optional<std::string> string(std::string_view key);
  std::optional<int64_t> integer(std::string_view key);
  std::optional<double> number(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<Date> date(std::string_view key);
  /// A list of strings; a single string is accepted as a list of one when `allow_single`.
  std::optional<std::vector<std::string>> string_list(std::string_view key, bool allow_single = true);
  /// A URL limited to http, https, mailto and relative forms (https only when `https_only`).
  std::optional<std::string> url(std::string_view key, bool https_only = false);
  /// Marks a key as required; finish() reports it when absent — unless an unknown key is a
  /// likely misspelling of it, which is then the one error reported.
  void require(std::string_view key);

  /// Reports an error at a node of this file.
  void error_at(const YamlNode& n, std::string message, std::string hint = {});
  /// Reports unknown keys. Call once after reading.
  void finish();

  const YamlSource& source() const { return src_; }
  Diagnostics& diags() { return diags_; }
  SourceLoc loc(const YamlNode& n) const;

 private:
  const YamlNode& map_;
  const YamlSource& src_;
  Diagnostics& diags_;
  std::vector<std::string> known_;
  std::vector<std::string> required_;
  std::string what_;
};

/// Where a Markdown file's front matter is: the lines between a first line '---' and the next
/// line '---' or '...' (CRLF line ends accepted).
struct FrontMatterBlock {
  bool opened = false;    ///< the first line is '---'
  bool closed = false;    ///< a closing line was found
  std::string_view yaml;  ///< the lines between, when closed
  size_t body_offset = 0; ///< the first byte after the closing line
  int body_line = 0;      ///< the 1-based line the body starts on
};
FrontMatterBlock find_front_matter(std::string_view text);

/// Scalar conversions shared by readers.
std::optional<bool> yaml_bool(const YamlNode& n);
std::optional<int64_t> yaml_int(const YamlNode& n);

}  // namespace agora
