// theme/template_engine.h — compiles Mustache text into a node tree once, and renders it
// against an agora::Value view from any number of threads.
// Owns: the Mustache language as the default theme uses it — {{x}}, {{{x}}}, {{&x}}, dotted
// names, {{.}}, sections and inverted sections over objects, lists and scalars, comments,
// {{> partials}} (recursive ones too) and {{=<% %>=}} — with kainjow-mustache's whitespace
// rule (a line holding only section tags and blanks is dropped), so themes written against
// kainjow render byte for byte the same.
// Why not kainjow itself: it walks one std::function call per character of indentation and
// parses every partial again at each use; a docs page with a 40-item sidebar cost ~0.5 ms.
// Does not own: checking template syntax for diagnostics (theme.cc's scan_tags does that with
// positions before anything is compiled), or which template renders which page.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/value.h"

namespace agora {

/// Sections nested deeper than this stop the render with an error (a runaway recursion).
inline constexpr size_t kMaxTemplateSectionDepth = 64;

struct TemplateNode;

/// A compiled template. Immutable once compiled; rendering does not modify it.
class CompiledTemplate {
 public:
  CompiledTemplate();
  ~CompiledTemplate();
  CompiledTemplate(CompiledTemplate&&) noexcept;
  CompiledTemplate& operator=(CompiledTemplate&&) noexcept;

  /// nullopt and *error set ("unclosed section 'x' at 120") when the text is not Mustache.
  static std::optional<CompiledTemplate> compile(std::string_view text, std::string* error);

  /// The names of the partials it includes, in order of appearance.
  std::vector<std::string> partial_names() const;

 private:
  friend class TemplateRenderer;
  std::vector<TemplateNode> nodes_;
};

/// Partials by name, as {{> name}} finds them. A name missing here renders nothing.
using PartialTable = std::unordered_map<std::string, const CompiledTemplate*>;

/// Escapes `{{x}}` values: appends `s`, escaped for HTML text and attributes, to `out`.
using EscapeFn = void (*)(std::string_view s, std::string& out);

/// Renders `t` with `view` (and `overlay`, an object whose keys shadow the view's top level,
/// may be null) appended to *out. False, with *error set, when sections nest deeper than
/// kMaxTemplateSectionDepth.
bool render_template(const CompiledTemplate& t, const PartialTable& partials, const Value& view,
                     const Value* overlay, EscapeFn escape, std::string* out, std::string* error);

}  // namespace agora
