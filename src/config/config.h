// config/config.h — site-config.yaml → SiteConfig.
// Owns: the site configuration schema (every key, its type and default) and its validation.
// Does not own: reading files (the caller passes text) or what sections contain (content/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/page.h"
#include "yaml/yaml.h"

namespace agora {

struct MenuItem {
  std::string name, url;
  int64_t weight = 0;
};

/// A top-level folder of content/ and the kind of pages it holds.
struct SectionConfig {
  std::string path;   ///< folder name under content/, e.g. "docs"
  PageKind kind = PageKind::Page;
  std::string title;
  int64_t paginate = 10;  ///< list page size (blog, tutorials, ...)
};

struct AuthorConfig {
  std::string id, name, url;
};

struct MarkdownConfig {
  bool unsafe_html = false;
  int64_t max_file_bytes = 1 << 20;
};

struct SiteConfig {
  std::string title;
  std::string description;
  std::string base_url = "http://localhost/";  ///< absolute, always ends with '/'
  std::string language = "en";
  std::string theme = "default";
  std::string copyright;
  std::string repository;
  std::string edit_link;  ///< pattern with {path}
  std::map<std::string, std::vector<MenuItem>> menus;
  std::vector<SectionConfig> sections;
  std::vector<std::string> taxonomies = {"tags", "authors"};
  std::vector<AuthorConfig> authors;  ///< sorted by id
  MarkdownConfig markdown;
  int64_t feed_limit = 20;
  /// The `catalogue:` block as written, positions kept. config/ does not know its schema: the
  /// build's catalogue stage reads it with catalogue/'s parse_catalogue_config().
  std::optional<YamlNode> catalogue;
  std::string source_file;  ///< "site-config.yaml": where `catalogue` came from
  std::string source_text;  ///< the file's text, quoted by diagnostics about `catalogue`

  const SectionConfig* section(std::string_view path) const;
  const AuthorConfig* author(std::string_view id) const;
  bool has_taxonomy(std::string_view name) const;
  /// "/repo/" for https://org.github.io/repo/, "/" for a domain root.
  std::string base_path() const;
};

/// Parses site-config.yaml text; reports every problem with file:line:col.
std::optional<SiteConfig> parse_site_config(std::string_view text, const std::string& file,
                                            Diagnostics& diags);

/// Normalises and validates a base URL (absolute http(s), adds the trailing slash).
std::optional<std::string> normalize_base_url(std::string_view url);

}  // namespace agora
