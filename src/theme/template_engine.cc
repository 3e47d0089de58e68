#include "theme/template_engine.h"

#include <charconv>
#include <cstdint>

namespace agora {

struct TemplateNode {
  enum class Kind : uint8_t { Text, Newline, Variable, Unescaped, Section, Inverted, Partial };
  Kind kind = Kind::Text;
  std::string text;               ///< Text/Newline: the text; Partial: its name
  std::vector<std::string> path;  ///< a name split at dots; empty for "."
  std::vector<TemplateNode> children;
};

CompiledTemplate::CompiledTemplate() = default;
CompiledTemplate::~CompiledTemplate() = default;
CompiledTemplate::CompiledTemplate(CompiledTemplate&&) noexcept = default;
CompiledTemplate& CompiledTemplate::operator=(CompiledTemplate&&) noexcept = default;

namespace {

std::string_view trim_blank(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_name(std::string_view name) {
  std::vector<std::string> out;
  if (name == ".") return out;
  size_t start = 0;
  for (;;) {
    size_t dot = name.find('.', start);
    out.emplace_back(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

/// "=<% %>=" → the two delimiters, or false.
bool parse_delimiters(std::string_view contents, std::string& open, std::string& close) {
  if (contents.size() < 2 || contents.back() != '=') return false;
  std::string_view spec = trim_blank(contents.substr(1, contents.size() - 2));
  size_t sp = spec.find_first_of(" \t");
  if (sp == std::string_view::npos) return false;
  std::string_view a = spec.substr(0, sp), b = trim_blank(spec.substr(sp));
  if (a.empty() || b.empty() || b.find_first_of(" \t=") != std::string_view::npos ||
      a.find('=') != std::string_view::npos)
    return false;
  open = a;
  close = b;
  return true;
}

}  // namespace

std::optional<CompiledTemplate> CompiledTemplate::compile(std::string_view s, std::string* error) {
  using Kind = TemplateNode::Kind;
  CompiledTemplate t;
  std::vector<std::vector<TemplateNode>*> open_lists{&t.nodes_};
  std::vector<std::pair<std::string, size_t>> open_names;  // section name, tag offset
  std::string open = "{{", close = "}}";
  auto fail = [&](std::string message) -> std::optional<CompiledTemplate> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  auto add_text = [&](std::string_view text) {
    auto& list = *open_lists.back();
    if (!list.empty() && list.back().kind == Kind::Text) {
      list.back().text += text;
    } else {
      TemplateNode n;
      n.text = text;
      list.push_back(std::move(n));
    }
  };
  size_t i = 0;
  while (i < s.size()) {
    // Text up to the next tag or line break; line breaks are nodes of their own.
    size_t tag = s.find(open, i);
    size_t nl = s.find_first_of("\r\n", i);
    if (nl < tag) {
      if (nl > i) add_text(s.substr(i, nl - i));
      size_t len = s[nl] == '\r' && nl + 1 < s.size() && s[nl + 1] == '\n' ? 2 : 1;
      // Built in place: GCC 12 -O3 warns (wrongly) of an uninitialised string otherwise.
      auto& nn = open_lists.back()->emplace_back();
      nn.kind = Kind::Newline;
      nn.text.assign(s.data() + nl, len);
      i = nl + len;
      continue;
    }
    if (tag == std::string_view::npos) {
      add_text(s.substr(i));
      break;
    }
    if (tag > i) add_text(s.substr(i, tag - i));
    size_t body = tag + open.size();
    bool triple = open == "{{" && body < s.size() && s[body] == '{';
    if (triple) ++body;
    std::string_view end_delim = triple ? std::string_view("}}}") : std::string_view(close);
    size_t end = s.find(end_delim, body);
    if (end == std::string_view::npos) return fail("unclosed tag at " + std::to_string(tag));
    i = end + end_delim.size();
    std::string_view contents = trim_blank(s.substr(body, end - body));
    TemplateNode n;
    if (triple) {
      n.kind = Kind::Unescaped;
      n.path = split_name(contents);
      open_lists.back()->push_back(std::move(n));
      continue;
    }
    if (!contents.empty() && contents.front() == '=') {
      if (!parse_delimiters(contents, open, close))
        return fail("invalid set delimiter tag at " + std::to_string(tag));
      continue;
    }
    char sigil = contents.empty() ? 'v' : contents.front();
    std::string_view name = contents;
    if (std::string_view("#^/>&!").find(sigil) != std::string_view::npos)
      name = trim_blank(contents.substr(1));
    else
      sigil = 'v';
    switch (sigil) {
      case '!':
        break;
      case 'v':
      case '&':
        n.kind = sigil == 'v' ? Kind::Variable : Kind::Unescaped;
        n.path = split_name(name);
        open_lists.back()->push_back(std::move(n));
        break;
      case '>':
        n.kind = Kind::Partial;
        n.text = name;
        open_lists.back()->push_back(std::move(n));
        break;
      case '#':
      case '^':
        n.kind = sigil == '#' ? Kind::Section : Kind::Inverted;
        n.text = name;
        n.path = split_name(name);
        open_lists.back()->push_back(std::move(n));
        open_lists.push_back(&open_lists.back()->back().children);
        open_names.emplace_back(std::string(name), tag);
        break;
      case '/':
        if (open_names.empty())
          return fail("unopened section '" + std::string(name) + "' at " + std::to_string(tag));
        if (open_names.back().first != name)
          return fail("unclosed section '" + open_names.back().first + "' at " +
                      std::to_string(open_names.back().second));
        open_names.pop_back();
        open_lists.pop_back();
        break;
    }
  }
  if (!open_names.empty())
    return fail("unclosed section '" + open_names.back().first + "' at " +
                std::to_string(open_names.back().second));
  return t;
}

namespace {

void collect_partials(const std::vector<TemplateNode>& nodes, std::vector<std::string>& out) {
  for (const TemplateNode& n : nodes) {
    if (n.kind == TemplateNode::Kind::Partial) out.push_back(n.text);
    collect_partials(n.children, out);
  }
}

}  // namespace

std::vector<std::string> CompiledTemplate::partial_names() const {
  std::vector<std::string> out;
  collect_partials(nodes_, out);
  return out;
}

/// One render: the lookup stack and the current line. The line is held back until its end so
/// that a line holding only section tags and blanks can be dropped, as kainjow does.
class TemplateRenderer {
 public:
  TemplateRenderer(const PartialTable& partials, EscapeFn escape, std::string& out)
      : partials_(partials), escape_(escape), out_(out) {
    frames_.reserve(16);
  }

  bool run(const CompiledTemplate& t, const Value& view, const Value* overlay) {
    frames_.push_back({&view, nullptr});
    if (overlay) frames_.push_back({overlay, nullptr});
    render(t.nodes_);
    if (overflow_) return false;
    if (!(section_on_line_ && blank(line_))) out_ += line_;
    return true;
  }

 private:
  using Kind = TemplateNode::Kind;
  struct Frame {
    const Value* object;  ///< names are looked up here (an object), or null
    const Value* dot;     ///< what {{.}} shows (a string or number), or null
  };

  static bool blank(const std::string& s) {
    for (char c : s)
      if (c != ' ' && c != '\t') return false;
    return true;
  }

  static bool truthy(const Value& v) {
    if (v.is_bool()) return v.as_bool();
    if (v.is_string()) return !v.as_string().empty();
    if (v.is_list()) return !v.as_list().empty();
    return !v.is_null();
  }

  static Frame frame_for(const Value& v) {
    if (v.is_object()) return {&v, nullptr};
    if ((v.is_string() && !v.as_string().empty()) || v.is_int() || v.is_double()) return {nullptr, &v};
    return {nullptr, nullptr};
  }

  static const Value* child(const Value& v, const std::string& key) {
    const Value* c = nullptr;
    if (v.is_object()) {
      c = v.find(key);
    } else if (v.is_list()) {
      size_t index = 0;
      auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
      if (ec == std::errc() && end == key.data() + key.size() && index < v.as_list().size())
        c = &v.as_list()[index];
    }
    return c && !c->is_null() ? c : nullptr;
  }

  /// The value a name stands for: the first frame (innermost first) with the first part of
  /// the name decides, a null there stops the lookup, the other parts walk down from it.
  const Value* lookup(const std::vector<std::string>& path) const {
    if (path.empty()) return frames_.back().dot;
    const Value* v = nullptr;
    for (auto it = frames_.rbegin(); it != frames_.rend() && !v; ++it)
      if (it->object) v = it->object->find(path[0]);
    if (!v || v->is_null()) return nullptr;
    for (size_t i = 1; v && i < path.size(); ++i) v = child(*v, path[i]);
    return v;
  }

  void end_line(const std::string& newline) {
    if (!(section_on_line_ && blank(line_))) {
      out_ += line_;
      out_ += newline;
    }
    line_.clear();
    section_on_line_ = false;
  }

  void show(const Value& v, bool escaped) {
    if (v.is_string()) {
      if (escaped) escape_(v.as_string(), line_);
      else line_ += v.as_string();
    } else if (v.is_int()) {
      line_ += std::to_string(v.as_int());
    } else if (v.is_double()) {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_double());
      line_.append(buf, r.ptr);
    }
  }

  bool push(Frame f) {
    frames_.push_back(f);
    if (frames_.size() > kMaxTemplateSectionDepth) overflow_ = true;
    return !overflow_;
  }

  void section(const std::vector<TemplateNode>& children, Frame f) {
    section_on_line_ = true;
    if (push(f)) render(children);
    frames_.pop_back();
    section_on_line_ = true;
  }

  void render(const std::vector<TemplateNode>& nodes) {
    for (const TemplateNode& n : nodes) {
      if (overflow_) return;
      switch (n.kind) {
        case Kind::Text:
          line_ += n.text;
          break;
        case Kind::Newline:
          end_line(n.text);
          break;
        case Kind::Variable:
        case Kind::Unescaped:
          if (const Value* v = lookup(n.path)) show(*v, n.kind == Kind::Variable);
          break;
        case Kind::Section: {
          const Value* v = lookup(n.path);
          if (!v || !truthy(*v)) break;
          if (v->is_list()) {
            for (const Value& item : v->as_list()) {
              section(n.children, frame_for(item));
              if (overflow_) return;
            }
          } else {
            section(n.children, frame_for(*v));
          }
          break;
        }
        case Kind::Inverted: {
          const Value* v = lookup(n.path);
          if (v && truthy(*v)) break;
          if (v) {
            section(n.children, {nullptr, nullptr});
          } else {
            section_on_line_ = true;
            render(n.children);
            section_on_line_ = true;
          }
          break;
        }
        case Kind::Partial:
          if (auto it = partials_.find(n.text); it != partials_.end()) render(it->second->nodes_);
          break;
      }
    }
  }

  const PartialTable& partials_;
  EscapeFn escape_;
  std::string& out_;
  std::string line_;
  bool section_on_line_ = false;
  std::vector<Frame> frames_;
  bool overflow_ = false;
};

bool render_template(const CompiledTemplate& t, const PartialTable& partials, const Value& view,
                     const Value* overlay, EscapeFn escape, std::string* out, std::string* error) {
  TemplateRenderer r(partials, escape, *out);
  if (r.run(t, view, overlay)) return true;
  if (error)
    *error = "sections nested deeper than " + std::to_string(kMaxTemplateSectionDepth) +
             " levels (a recursive partial that never ends?)";
  return false;
}

}  // namespace agora
