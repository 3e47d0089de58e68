// scaffold/scaffold.h — `agora new`: a new page or plugin listing, ready to edit.
// Owns: the kinds `agora new` knows and their built-in templates, a site's own templates
// (archetypes/<kind>.md, archetypes/plugin.yaml) and their {{placeholders}}, choosing the file
// from the site's sections and the title's slug, checking that the result parses exactly as
// the build will parse it, and refusing to overwrite.
// Does not own: the front-matter or listing rules themselves (content/, catalogue/).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/date.h"
#include "core/diagnostic.h"

namespace agora {

enum class ScaffoldKind { Doc, Post, Tutorial, CaseStudy, Event, Page, Plugin };

/// "doc", "post", "tutorial", "case-study", "event", "page", "plugin" (and the section kind
/// names "docs", "blog", "tutorials", "case-studies", "events", "listing" as synonyms).
std::optional<ScaffoldKind> scaffold_kind_from_name(std::string_view name);
/// The canonical names, for help text and "did you mean".
const std::vector<std::string>& scaffold_kind_names();
const char* scaffold_kind_name(ScaffoldKind kind);

struct ScaffoldRequest {
  ScaffoldKind kind = ScaffoldKind::Doc;
  std::string title;
  std::string slug;     ///< file name without extension; empty: slugify(title)
  /// The folder under content/, e.g. "docs/guides". Its first segment must be a section of the
  /// kind's section kind. Empty: the site's only section of that kind. Ignored for plugins.
  std::string section;
  Date date;            ///< today, or --date
};

struct Scaffold {
  std::string path;  ///< site-relative: "content/blog/my-post.md", "plugins-index/my-plugin.yaml"
  std::string text;
};

/// The template text for a kind when the site has no archetype of its own.
std::string_view builtin_archetype(ScaffoldKind kind);
/// Where a site's own template for the kind lives: "archetypes/post.md", "archetypes/plugin.yaml".
std::string archetype_path(ScaffoldKind kind);

/// Fills the template (`archetype`, read from `archetype_file`; empty file name: the built-in
/// one) for `req`, then parses the result as the build would (front matter for pages, the
/// listing schema for plugins). Reports every problem; returns nullopt when there was any.
/// Pure: `site_file_exists` answers for site-relative paths (local icons of a listing).
std::optional<Scaffold> make_scaffold(const ScaffoldRequest& req, const SiteConfig& config,
                                      std::string_view archetype, const std::string& archetype_file,
                                      Diagnostics& diags);

/// `agora new` on disk: reads <source>/site-config.yaml and the site's archetype if there is
/// one, makes the scaffold and creates the file (and its folders) without ever replacing an
/// existing one. Returns the site-relative path written.
std::optional<std::string> create_scaffold(const std::string& source_dir, const ScaffoldRequest& req,
                                           Diagnostics& diags);

}  // namespace agora
