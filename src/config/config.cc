#include "config/config.h"

#include <algorithm>

#include "core/text.h"
#include "yaml/yaml.h"

namespace agora {

const SectionConfig* SiteConfig::section(std::string_view path) const {
  for (const auto& s : sections)
    if (s.path == path) return &s;
  return nullptr;
}

const AuthorConfig* SiteConfig::author(std::string_view id) const {
  auto it = std::lower_bound(authors.begin(), authors.end(), id,
                             [](const AuthorConfig& a, std::string_view k) { return a.id < k; });
  return it != authors.end() && it->id == id ? &*it : nullptr;
}

bool SiteConfig::has_taxonomy(std::string_view name) const {
  return std::find(taxonomies.begin(), taxonomies.end(), name) != taxonomies.end();
}

std::string SiteConfig::base_path() const {
  size_t scheme = base_url.find("://");
  size_t slash = base_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : base_url.substr(slash);
}

std::optional<std::string> normalize_base_url(std::string_view url) {
  std::string u(trim(url));
  std::string lower = ascii_lower(u);
  if (!(starts_with(lower, "http://") || starts_with(lower, "https://"))) return std::nullopt;
  size_t host = u.find("://") + 3;
  if (host >= u.size() || u[host] == '/') return std::nullopt;
  if (u.find_first_of(" \t\"'<>\\?#") != std::string::npos) return std::nullopt;
  if (u.back() != '/') u += '/';
  return u;
}

namespace {

const std::vector<std::string> kTopKeys = {
    "title", "description", "base_url", "language", "theme", "copyright", "repository",
    "edit_link", "menus", "sections", "taxonomies", "authors", "markdown", "feeds", "catalogue"};

void read_menus(const YamlNode& n, FieldReader& top, SiteConfig& cfg) {
  if (!n.is_mapping()) {
    top.error_at(n, "'menus' must be a mapping of menu names to lists of items");
    return;
  }
  for (const auto& [name, list] : n.entries) {
    if (!list.is_sequence()) {
      top.error_at(list, "menu '" + name.scalar + "' must be a list of {name, url, weight} items");
      continue;
    }
    auto& items = cfg.menus[name.scalar];
    for (const auto& item : list.items) {
      if (!item.is_mapping()) {
        top.error_at(item, "menu items must be mappings with 'name' and 'url'");
        continue;
      }
      FieldReader r(item, top.source(), top.diags(), {"name", "url", "weight"}, "menu item key");
      r.require("name");
      r.require("url");
      MenuItem m;
      m.name = r.string("name").value_or("");
      m.url = r.url("url").value_or("");
      m.weight = r.integer("weight").value_or(0);
      r.finish();
      items.push_back(std::move(m));
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const MenuItem& a, const MenuItem& b) { return a.weight < b.weight; });
  }
}

void read_sections(const YamlNode& n, FieldReader& top, SiteConfig& cfg) {
  if (!n.is_sequence()) {
    top.error_at(n, "'sections' must be a list of {path, kind, title} items");
    return;
  }
  static const std::vector<std::string> kinds = {"docs", "blog", "tutorials", "case-studies",
                                                 "events", "pages"};
  for (const auto& item : n.items) {
    if (!item.is_mapping()) {
      top.error_at(item, "sections must be mappings with 'path' and 'kind'");
      continue;
    }
    FieldReader r(item, top.source(), top.diags(), {"path", "kind", "title", "paginate"},
                  "section key");
    r.require("path");
    r.require("kind");
    SectionConfig s;
    s.path = r.string("path").value_or("");
    if (auto k = r.string("kind")) {
      if (auto kind = page_kind_from_name(*k)) {
        s.kind = *kind;
      } else {
        std::string hint = did_you_mean(*k, kinds);
        if (hint.empty()) hint = "kinds are: " + join(kinds, ", ");
        r.error_at(*item.get("kind"), "unknown section kind '" + *k + "'", hint);
      }
    }
    s.title = r.string("title").value_or(s.path);
    if (auto p = r.integer("paginate")) {
      if (*p < 1 || *p > 1000)
        r.error_at(*item.get("paginate"), "'paginate' must be between 1 and 1000");
      else
        s.paginate = *p;
    }
    if (!s.path.empty() && (s.path.find('/') != std::string::npos || s.path == "." ||
                            s.path == ".." || slugify(s.path) != s.path))
      r.error_at(*item.get("path"), "section path '" + s.path + "' must be a single folder name",
                 "use a lowercase name like 'docs' or 'case-studies'");
    r.finish();
    if (cfg.section(s.path) && !s.path.empty())
      r.error_at(*item.get("path"), "section '" + s.path + "' is declared twice");
    cfg.sections.push_back(std::move(s));
  }
}

void read_authors(const YamlNode& n, FieldReader& top, SiteConfig& cfg) {
  if (!n.is_mapping()) {
    top.error_at(n, "'authors' must be a mapping of author ids to {name, url}");
    return;
  }
  for (const auto& [id, v] : n.entries) {
    AuthorConfig a;
    a.id = id.scalar;
    if (v.is_scalar()) {
      a.name = v.scalar;
    } else if (v.is_mapping()) {
      FieldReader r(v, top.source(), top.diags(), {"name", "url"}, "author key");
      r.require("name");
      a.name = r.string("name").value_or(a.id);
      a.url = r.url("url").value_or("");
      r.finish();
    } else {
      top.error_at(v, "author '" + a.id + "' must be a name or a mapping with 'name' and 'url'");
    }
    cfg.authors.push_back(std::move(a));
  }
  std::sort(cfg.authors.begin(), cfg.authors.end(),
            [](const AuthorConfig& a, const AuthorConfig& b) { return a.id < b.id; });
}

}  // namespace

std::optional<SiteConfig> parse_site_config(std::string_view text, const std::string& file,
                                            Diagnostics& diags) {
  size_t before = diags.error_count();
  if (auto bad = find_invalid_utf8(text)) {
    LineCol lc = line_col_at(text, *bad);
    diags.error({file, lc.line, lc.col}, "invalid UTF-8", "save the file as UTF-8", text);
    return std::nullopt;
  }
  YamlSource src{file, text, 0};
  auto root = parse_yaml(src, diags);
  if (!root) return std::nullopt;
  SiteConfig cfg;
  if (root->is_null()) {
    diags.error({file, 1, 1}, "site-config.yaml is empty", "add at least 'title' and 'base_url'", text);
    return std::nullopt;
  }
  if (!root->is_mapping()) {
    diags.error({file, root->line, root->col}, "site-config.yaml must be a mapping of keys", {}, text);
    return std::nullopt;
  }
  FieldReader r(*root, src, diags, kTopKeys, "site-config key");
  r.require("title");
  cfg.title = r.string("title").value_or("");
  cfg.description = r.string("description").value_or("");
  if (auto u = r.string("base_url")) {
    if (auto nu = normalize_base_url(*u))
      cfg.base_url = *nu;
    else
      r.error_at(*root->get("base_url"), "'base_url' must be an absolute http(s) URL",
                 "for example https://org.github.io/repo/");
  }
  cfg.language = r.string("language").value_or("en");
  cfg.theme = r.string("theme").value_or("default");
  if (slugify(cfg.theme) != cfg.theme)
    r.error_at(*root->get("theme"), "'theme' must be a folder name under themes/");
  cfg.copyright = r.string("copyright").value_or("");
  cfg.repository = r.url("repository").value_or("");
  cfg.edit_link = r.url("edit_link").value_or("");
  if (!cfg.edit_link.empty() && cfg.edit_link.find("{path}") == std::string::npos)
    r.error_at(*root->get("edit_link"), "'edit_link' must contain {path}",
               "for example https://github.com/org/repo/edit/main/{path}");
  if (auto n = r.node("menus")) read_menus(*n, r, cfg);
  if (auto n = r.node("sections")) read_sections(*n, r, cfg);
  if (auto t = r.string_list("taxonomies")) {
    for (const auto& name : *t)
      if (name != "tags" && name != "authors")
        r.error_at(*root->get("taxonomies"), "unknown taxonomy '" + name + "'",
                   "supported taxonomies are tags and authors");
    cfg.taxonomies = *t;
  }
  if (auto n = r.node("authors")) read_authors(*n, r, cfg);
  if (auto n = r.node("markdown")) {
    if (!n->is_mapping()) {
      r.error_at(*n, "'markdown' must be a mapping");
    } else {
      FieldReader m(*n, src, diags, {"unsafe_html", "max_file_bytes"}, "markdown key");
      cfg.markdown.unsafe_html = m.boolean("unsafe_html").value_or(false);
      cfg.markdown.max_file_bytes = m.integer("max_file_bytes").value_or(cfg.markdown.max_file_bytes);
      m.finish();
    }
  }
  if (auto n = r.node("feeds")) {
    if (!n->is_mapping()) {
      r.error_at(*n, "'feeds' must be a mapping");
    } else {
      FieldReader f(*n, src, diags, {"limit"}, "feeds key");
      cfg.feed_limit = f.integer("limit").value_or(20);
      f.finish();
    }
  }
  if (auto n = r.node("catalogue")) {
    cfg.catalogue = *n;
    cfg.source_file = file;
    cfg.source_text = std::string(text);
  }
  r.finish();
  if (diags.error_count() > before) return std::nullopt;
  return cfg;
}

}  // namespace agora
