#include "yaml/yaml.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "core/text.h"

namespace agora {

const YamlNode* YamlNode::get(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.scalar == key) return &v;
  return nullptr;
}

const char* YamlNode::kind_name() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Scalar: return "a scalar";
    case Kind::Sequence: return "a list";
    case Kind::Mapping: return "a mapping";
  }
  return "?";
}

namespace {

constexpr size_t kMaxDepth = 64;

/// Builds a YamlNode tree from yaml-cpp's events, recording problems yaml-cpp accepts.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const YamlSource& src, Diagnostics& diags) : src_(src), diags_(diags) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override {
    check_anchor(m, a);
    YamlNode n;
    place(n, m);
    add(std::move(n));
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
    report(m, "YAML aliases (*name) are not allowed here",
           "write the value out in full; anchors and aliases make contributor files hard to review");
    YamlNode n;
    place(n, m);
    add(std::move(n));
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    check_anchor(m, a);
    YamlNode n;
    n.kind = YamlNode::Kind::Scalar;
    n.scalar = value;
    n.quoted = tag == "!";
    place(n, m);
    add(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                       YAML::EmitterStyle::value) override {
    check_anchor(m, a);
    YamlNode n;
    n.kind = YamlNode::Kind::Sequence;
    place(n, m);
    open(std::move(n), m);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                  YAML::EmitterStyle::value) override {
    check_anchor(m, a);
    YamlNode n;
    n.kind = YamlNode::Kind::Mapping;
    place(n, m);
    open(std::move(n), m);
  }
  void OnMapEnd() override { close(); }

  std::optional<YamlNode> take() { return std::move(root_); }

 private:
  struct Frame {
    YamlNode node;
    std::optional<YamlNode> pending_key;
    std::set<std::string> keys;
  };

  void place(YamlNode& n, const YAML::Mark& m) {
    n.line = m.line + 1 + src_.line_offset;
    n.col = m.column + 1;
  }
  void report(const YAML::Mark& m, std::string msg, std::string hint = {}) {
    diags_.error({src_.file, m.line + 1 + src_.line_offset, m.column + 1}, std::move(msg),
                 std::move(hint), src_.text);
  }
  void check_anchor(const YAML::Mark& m, YAML::anchor_t a) {
    if (a != YAML::NullAnchor)
      report(m, "YAML anchors (&name) are not allowed here",
             "write the value out in full; anchors and aliases make contributor files hard to review");
  }
  void open(YamlNode n, const YAML::Mark& m) {
    if (stack_.size() >= kMaxDepth) {
      if (!too_deep_) report(m, "YAML nesting is deeper than 64 levels");
      too_deep_ = true;
    }
    stack_.push_back(Frame{std::move(n), std::nullopt, {}});
  }
  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    add(std::move(f.node));
  }
  void add(YamlNode n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& f = stack_.back();
    if (f.node.kind == YamlNode::Kind::Sequence) {
      f.node.items.push_back(std::move(n));
    } else if (!f.pending_key) {
      f.pending_key = std::move(n);
    } else {
      YamlNode key = std::move(*f.pending_key);
      f.pending_key.reset();
      if (key.kind != YamlNode::Kind::Scalar) {
        diags_.error({src_.file, key.line, key.col}, "mapping keys must be plain strings", {},
                     src_.text);
      } else if (!f.keys.insert(key.scalar).second) {
        diags_.error({src_.file, key.line, key.col}, "duplicate key '" + key.scalar + "'",
                     "each key may appear once in a mapping; remove one of them", src_.text);
        return;
      }
      f.node.entries.emplace_back(std::move(key), std::move(n));
    }
  }

  const YamlSource& src_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
  std::optional<YamlNode> root_;
  bool too_deep_ = false;
};

// yaml-cpp reports an unclosed '[' or '{' at the end of the input, which is rarely where the
// mistake is. Find the bracket that was never closed (skipping quoted text and comments) so
// the error points at it. Lines and columns are 0-based.
struct OpenBracket {
  int line, col;
  char ch;
};

std::optional<OpenBracket> unclosed_flow_bracket(std::string_view text) {
  std::vector<OpenBracket> stack;
  int line = 0, col = 0;
  char quote = 0;
  bool comment = false;
  char prev = '\n';
  for (char ch : text) {
    if (ch == '\n') {
      ++line;
      col = 0;
      comment = false;
      if (quote == 0) prev = ch;
      continue;
    }
    if (!comment) {
      if (quote) {
        if (ch == quote) quote = 0;
      } else if (ch == '#' && (prev == ' ' || prev == '\t' || prev == '\n')) {
        comment = true;
      } else if (ch == '"' || (ch == '\'' && (prev == ' ' || prev == '[' || prev == '{' ||
                                             prev == ',' || prev == ':' || prev == '\n'))) {
        quote = ch;
      } else if (ch == '[' || ch == '{') {
        stack.push_back({line, col, ch});
      } else if ((ch == ']' || ch == '}') && !stack.empty()) {
        stack.pop_back();
      }
    }
    prev = ch;
    ++col;
  }
  if (stack.empty()) return std::nullopt;
  return stack.back();
}

}  // namespace

std::optional<YamlNode> parse_yaml(const YamlSource& src, Diagnostics& diags) {
  size_t before = diags.error_count();
  std::string text(src.document ? *src.document : src.text);
  std::istringstream in(text);
  TreeBuilder builder(src, diags);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) return YamlNode{};
    YamlNode extra_sink;
    TreeBuilder rest(src, diags);
    if (parser.HandleNextDocument(rest)) {
      diags.error({src.file, 0, 0}, "more than one YAML document", "remove the extra '---'",
                  src.text);
    }
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 0 : e.mark.line + 1 + src.line_offset;
    int col = e.mark.is_null() ? 0 : e.mark.column + 1;
    if (e.msg.find("flow not found") != std::string::npos) {
      if (auto open = unclosed_flow_bracket(text)) {
        line = open->line + 1 + src.line_offset;
        col = open->col + 1;
        diags.error({src.file, line, col},
                    std::string("invalid YAML: this '") + open->ch + "' is never closed",
                    "close it, or quote the value if the bracket is meant as text", src.text);
        return std::nullopt;
      }
    }
    diags.error({src.file, line, col}, "invalid YAML: " + e.msg,
                "check indentation, and quote values containing ': ' or starting with a special character",
                src.text);
    return std::nullopt;
  }
  if (diags.error_count() > before) return std::nullopt;
  auto root = builder.take();
  return root ? std::move(*root) : YamlNode{};
}

std::optional<bool> yaml_bool(const YamlNode& n) {
  if (!n.is_scalar() || n.quoted) return std::nullopt;
  std::string v = ascii_lower(n.scalar);
  if (v == "true" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "no" || v == "off") return false;
  return std::nullopt;
}

std::optional<int64_t> yaml_int(const YamlNode& n) {
  if (!n.is_scalar() || n.quoted || n.scalar.empty()) return std::nullopt;
  int64_t v = 0;
  const char* b = n.scalar.data();
  const char* e = b + n.scalar.size();
  if (*b == '+') ++b;
  auto r = std::from_chars(b, e, v);
  if (r.ec != std::errc() || r.ptr != e) return std::nullopt;
  return v;
}

FieldReader::FieldReader(const YamlNode& mapping, const YamlSource& src, Diagnostics& diags,
                         std::vector<std::string> known_keys, std::string what)
    : map_(mapping), src_(src), diags_(diags), known_(std::move(known_keys)), what_(std::move(what)) {}

SourceLoc FieldReader::loc(const YamlNode& n) const { return {src_.file, n.line, n.col}; }

void FieldReader::error_at(const YamlNode& n, std::string message, std::string hint) {
  diags_.error(loc(n), std::move(message), std::move(hint), src_.text);
}

static std::string describe(const YamlNode& n) {
  if (n.is_scalar()) return "'" + n.scalar + "'";
  return n.kind_name();
}

std::optional<std::string> FieldReader::string(std::string_view key) {
  const YamlNode* n = node(key);
  if (!n || n->is_null()) return std::nullopt;
  if (!n->is_scalar()) {
    error_at(*n, "'" + std::string(key) + "' must be a string, not " + n->kind_name());
    return std::nullopt;
  }
  return n->scalar;
}

std::optional<int64_t> FieldReader::integer(std::string_view key) {
  const YamlNode* n = node(key);
  if (!n || n->is_null()) return std::nullopt;
  auto v = yaml_int(*n);
  if (!v) error_at(*n, "'" + std::string(key) + "' must be a whole number, not " + describe(*n));
  return v;
}

std::optional<double> FieldReader::number(std::string_view key) {
  const YamlNode* n = node(key);
  if (!n || n->is_null()) return std::nullopt;
  if (n->is_scalar() && !n->quoted) {
    double v = 0;
    auto r = std::from_chars(n->scalar.data(), n->scalar.data() + n->scalar.size(), v);
    if (r.ec == std::errc() && r.ptr == n->scalar.data() + n->scalar.size() && std::isfinite(v))
      return v;
  }
  error_at(*n, "'" + std::string(key) + "' must be a number, not " + describe(*n));
  return std::nullopt;
}

std::optional<bool> FieldReader::boolean(std::string_view key) {
  const YamlNode* n = node(key);
  if (!n || n->is_null()) return std::nullopt;
  auto v = yaml_bool(*n);
  if (!v) error_at(*n, "'" + std::string(key) + "' must be true or false, not " + describe(*n));
  return v;
}

std::optional<Date> FieldReader::date(std::string_view key) {
  const YamlNode* n = node(key);
  if (!n || n->is_null()) return std::nullopt;
  std::optional<Date> d;
  if (n->is_scalar()) d = parse_date(n->scalar);
  if (!d)
    error_at(*n, "'" + std::string(key) + "' must be a date, not " + describe(*n),
             "write dates as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+01:00 with a time");
  return d;
}

std::optional<std::vector<std::string>> FieldReader::string_list(std::string_view key,
                                                                 bool allow_single) {
  const YamlNode* n = node(key);
  if (!n || n->is_null()) return std::nullopt;
  if (n->is_scalar() && allow_single) return std::vector<std::string>{n->scalar};
  if (!n->is_sequence()) {
    error_at(*n, "'" + std::string(key) + "' must be a list of strings, not " + n->kind_name(),
             "write a list as [a, b] or as lines starting with '- '");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : n->items) {
    if (!item.is_scalar()) {
      error_at(item, "items of '" + std::string(key) + "' must be strings, not " + item.kind_name());
      ok = false;
    } else {
      out.push_back(item.scalar);
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> FieldReader::url(std::string_view key, bool https_only) {
  auto s = string(key);
  if (!s) return s;
  const YamlNode& n = *node(key);
  if (https_only && !starts_with(ascii_lower(*s), "https://")) {
    error_at(n, "'" + std::string(key) + "' must be an https:// URL", "use https:// instead");
    return std::nullopt;
  }
  if (!is_allowed_url(*s)) {
    error_at(n, "'" + std::string(key) + "' has a URL scheme that is not allowed",
             "only http, https, mailto and relative URLs are allowed");
    return std::nullopt;
  }
  return s;
}

void FieldReader::require(std::string_view key) { required_.emplace_back(key); }

void FieldReader::finish() {
  std::vector<std::string> suggested;
  for (const auto& [k, v] : map_.entries) {
    bool known = false;
    for (const auto& kk : known_)
      if (kk == k.scalar) known = true;
    if (!known) {
      auto match = closest_match(k.scalar, known_);
      if (match) suggested.push_back(*match);
      diags_.error(loc(k), "unknown " + what_ + " '" + k.scalar + "'",
                   match ? "did you mean '" + *match + "'?" : std::string(), src_.text);
    }
  }
  for (const auto& key : required_) {
    if (node(key) || std::find(suggested.begin(), suggested.end(), key) != suggested.end()) continue;
    diags_.error(loc(map_), "missing required " + what_ + " '" + key + "'", {}, src_.text);
  }
}

FrontMatterBlock find_front_matter(std::string_view text) {
  FrontMatterBlock fm;
  size_t first_end = text.find('\n');
  std::string_view first = text.substr(0, first_end);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (first != "---") return fm;
  fm.opened = true;
  size_t pos = first_end == std::string_view::npos ? text.size() : first_end + 1;
  const size_t start = pos;
  int line = 2;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l == "---" || l == "...") {
      fm.closed = true;
      fm.yaml = text.substr(start, pos - start);
      fm.body_offset = end == std::string_view::npos ? text.size() : end + 1;
      fm.body_line = line + 1;
      return fm;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  return fm;
}

}  // namespace agora
