// theme/theme.h — a theme: its Mustache templates and partials, and the static files it ships.
// Owns: loading a theme folder with a site's overrides (layouts/), checking template syntax
// and partial references with file:line:col diagnostics, rendering view data (one pass, or
// the two-pass kind-template-inside-base layout) from any number of threads.
// Does not own: what the view data means (site/ builds it; themes/default/VIEW-MODEL.md is the
// contract), fingerprinting or writing the static files (output/). Knows no pages.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/value.h"

namespace agora {

/// A static file shipped by the theme (from `static/`), to be copied into the output.
struct ThemeAsset {
  std::string rel_path;  ///< relative to static/, '/'-separated: "style.css", "img/logo.svg"
  std::string content;   ///< the file's bytes
};

/// A loaded, validated theme. Immutable after load(); render() and render_page() may be called
/// from several threads at once. Movable, not copyable.
class Theme {
 public:
  /// Loads templates/**.mustache, partials/**.mustache and static/** from `theme_dir`, then
  /// lets files with the same relative path under `override_dir` (the site's layouts/ folder;
  /// may be empty or not exist) replace them; files only in `override_dir` are added.
  /// A template is named by its path under templates/ without ".mustache" ("doc"); a partial
  /// likewise under partials/ (`{{> footer}}`). Reports syntax errors, partials that do not
  /// exist, partials that include themselves outside any section and unreadable or invalid
  /// UTF-8 files as diagnostics with file:line:col. Returns nullopt when any was an error.
  static std::optional<Theme> load(const std::string& theme_dir, const std::string& override_dir,
                                   Diagnostics& diags);

  /// Loads from in-memory files (relative path under the theme root, e.g.
  /// "templates/base.mustache", "static/style.css" → text); `origin` prefixes the paths in
  /// diagnostics. For tests and for sites that embed a theme.
  static std::optional<Theme> from_files(const std::vector<std::pair<std::string, std::string>>& files,
                                         const std::string& origin, Diagnostics& diags);

  Theme(Theme&&) noexcept;
  Theme& operator=(Theme&&) noexcept;
  ~Theme();

  bool has_template(std::string_view name) const;
  /// Template names, sorted.
  std::vector<std::string> template_names() const;

  /// Renders template `name` with `view` (see VIEW-MODEL.md). `{{x}}` escapes & < > " '.
  /// Returns "" and sets *error (when given) if the template does not exist or rendering ran
  /// away (sections nested deeper than 64, e.g. a recursive partial over data that never ends).
  std::string render(std::string_view name, const Value& view, std::string* error = nullptr) const;

  /// Two passes: renders `name` into view["main"], then renders "base" around it. Both passes
  /// see the same view data. A kind template whose output starts with <!DOCTYPE is a whole
  /// document (the default `redirect`) and is returned as is. Errors as for render(), also
  /// when there is no "base" template.
  std::string render_page(std::string_view name, const Value& view,
                          std::string* error = nullptr) const;

  /// The theme's static files (overrides applied), sorted by rel_path.
  const std::vector<ThemeAsset>& assets() const;

 private:
  struct Impl;
  explicit Theme(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace agora
