#include "catalogue/catalogue.h"

#include <algorithm>
#include <set>

#include "catalogue/text_checks.h"
#include "core/text.h"

namespace agora {

using namespace catalogue_detail;

namespace {

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

/// Lowercase ASCII letters and digits in runs separated by single hyphens.
bool is_id_slug(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

/// Keys declared directly under `prefix` ("" for the top level, "authors[]", "install").
std::vector<std::string> keys_under(const std::vector<SchemaField>& schema,
                                    std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& f : schema) {
    std::string_view p = f.path;
    if (prefix.empty()) {
      if (p.find('.') == std::string_view::npos) out.emplace_back(p);
    } else if (p.size() > prefix.size() + 1 && starts_with(p, prefix) && p[prefix.size()] == '.' &&
               p.find('.', prefix.size() + 1) == std::string_view::npos) {
      out.emplace_back(p.substr(prefix.size() + 1));
    }
  }
  return out;
}

/// Reports missing required keys of the mapping at schema `prefix`, at the mapping itself.
void require_keys(const YamlNode& map, const std::vector<SchemaField>& schema,
                  std::string_view prefix, std::string_view what, const YamlSource& src,
                  Diagnostics& diags) {
  for (const auto& f : schema) {
    std::string_view p = f.path;
    std::string_view key;
    if (prefix.empty()) {
      if (p.find('.') != std::string_view::npos) continue;
      key = p;
    } else {
      if (!(p.size() > prefix.size() + 1 && starts_with(p, prefix) && p[prefix.size()] == '.'))
        continue;
      key = p.substr(prefix.size() + 1);
      if (key.find('.') != std::string_view::npos) continue;
    }
    if (!f.required) continue;
    const YamlNode* v = map.get(key);
    if (!v) {
      // An unknown key that is a likely typo of this one is reported (with "did you mean")
      // by FieldReader::finish(); saying "missing" as well would be noise.
      std::vector<std::string> known = keys_under(schema, prefix);
      bool typo = std::any_of(map.entries.begin(), map.entries.end(), [&](const auto& e) {
        if (std::find(known.begin(), known.end(), e.first.scalar) != known.end()) return false;
        auto m = closest_match(e.first.scalar, known);
        return m && *m == key;
      });
      if (typo) continue;
      diags.error(
          {src.file, map.line, map.col}, "missing required " + std::string(what) + " " + q(key),
          "add '" + std::string(key) + ":' (" + std::string(f.type) + "): " + std::string(f.doc),
          src.text);
    } else if (v->is_null()) {
      // A null value's own mark is wherever the next token starts; point at the key instead.
      const YamlNode* k = nullptr;
      for (const auto& e : map.entries)
        if (e.first.scalar == key) k = &e.first;
      diags.error({src.file, k->line, k->col}, q(key) + " has no value",
                  std::string(f.type) + ": " + std::string(f.doc), src.text);
    }
  }
}

/// The listing parser: one file, every problem reported into a local collector.
class ListingParser {
 public:
  ListingParser(std::string_view path, std::string_view text, const CatalogueConfig& config,
                const std::function<bool(std::string_view)>& file_exists)
      : src_{std::string(path), text, 0}, config_(config), file_exists_(file_exists) {}

  std::optional<PluginListing> run(Diagnostics& out) {
    parse();
    bool ok = !diags_.has_errors();
    merge_sorted(diags_, out);
    if (!ok) return std::nullopt;
    return std::move(l_);
  }

 private:
  const std::vector<SchemaField>& schema() const { return listing_schema(); }

  void error(const YamlNode& n, std::string msg, std::string hint = {}) {
    diags_.error({src_.file, n.line, n.col}, std::move(msg), std::move(hint), src_.text);
  }
  void note_loc(const std::string& key, const YamlNode& n) {
    l_.locs[key] = SourceLoc{src_.file, n.line, n.col};
  }

  void parse() {
    const std::string& path = src_.file;
    l_.path = path;
    l_.source = std::string(src_.text);

    // The id is the file name.
    size_t slash = path.rfind('/');
    std::string file = path.substr(slash == std::string::npos ? 0 : slash + 1);
    size_t dot = file.rfind('.');
    l_.id = dot == std::string::npos ? file : file.substr(0, dot);
    std::string ext = dot == std::string::npos ? "" : file.substr(dot);
    if (!is_id_slug(l_.id) || l_.id.size() > 64) {
      std::string good = ascii_slug(l_.id);
      if (good.size() > 64) good.resize(64);
      diags_.error({path, 1, 1}, "the file name " + q(file) + " is not a valid plugin id",
                   "ids are lowercase letters, digits and single hyphens (at most 64 characters)" +
                       (good.empty() ? std::string() : "; rename the file to " + q(good + ext)),
                   {});
    }

    if (src_.text.size() > CatalogueLimits::kMaxFileBytes) {
      diags_.error({path, 1, 1},
                   "the listing is " + std::to_string(src_.text.size()) + " bytes; the limit is " +
                       std::to_string(CatalogueLimits::kMaxFileBytes),
                   "move long documentation to the plugin's own site and link it", {});
      return;
    }
    if (auto bad = find_invalid_utf8(src_.text)) {
      LineCol lc = line_col_at(src_.text, *bad);
      diags_.error({path, lc.line, lc.col}, "invalid UTF-8", "save the file as UTF-8", {});
      return;
    }
    auto root = parse_yaml(src_, diags_);
    if (!root) return;
    if (root->is_null()) {
      diags_.error({path, 1, 1}, "the listing is empty",
                   "start from the example in the plugin catalogue guide: name, summary, "
                   "category, authors, repository, license, added and versions are required",
                   {});
      return;
    }
    if (!root->is_mapping()) {
      error(*root,
            "a listing must be a mapping of keys to values, not " + std::string(root->kind_name()),
            "write it as 'key: value' lines, e.g. 'name: My plugin'");
      return;
    }
    read_top(*root);
  }

  void read_top(const YamlNode& root) {
    FieldReader r(root, src_, diags_, keys_under(schema(), ""), "listing key");
    require_keys(root, schema(), "", "listing key", src_, diags_);
    r.finish();

    if (const YamlNode* n = root.get("id")) {
      if (auto id = r.string("id")) {
        note_loc("id", *n);
        if (*id != l_.id)
          error(
              *n, "'id' is " + q(*id) + " but the file is named " + q(file_name()),
              "the id is the file name: remove 'id', or rename the file to " + q(*id + file_ext()));
      }
    }
    if (const YamlNode* n = root.get("name")) {
      if (auto s = r.string("name")) {
        note_loc("name", *n);
        if (check_text(*n, "name", *s, CatalogueLimits::kNameChars, false, src_, diags_,
                       "use a short name; the summary and description can say more"))
          l_.name = *s;
      }
    }
    if (const YamlNode* n = root.get("summary")) {
      if (auto s = r.string("summary")) {
        note_loc("summary", *n);
        if (check_text(*n, "summary", *s, CatalogueLimits::kSummaryChars, false, src_, diags_,
                       "keep the summary to one sentence; 'description' can be as long as needed"))
          l_.summary = *s;
      }
    }
    if (const YamlNode* n = root.get("description")) {
      if (auto s = r.string("description")) {
        note_loc("description", *n);
        if (check_text(*n, "description", *s, CatalogueLimits::kDescriptionChars, true, src_,
                       diags_, "link to the plugin's documentation for the details"))
          l_.description = *s;
      }
    }
    if (const YamlNode* n = root.get("category")) {
      if (auto s = r.string("category")) {
        note_loc("category", *n);
        if (config_.category(*s)) {
          l_.category = *s;
        } else {
          std::vector<std::string> ids = config_.category_ids();
          std::string hint = did_you_mean(*s, ids);
          if (hint.empty())
            hint = "the categories declared in site-config.yaml are: " + join(ids, ", ");
          error(*n, "unknown category " + q(*s), hint);
        }
      }
    }
    if (const YamlNode* n = root.get("tags")) read_tags(r, *n);
    if (const YamlNode* n = root.get("authors")) read_authors(*n);
    const std::pair<const char*, std::string*> links[] = {{"repository", &l_.repository},
                                                          {"homepage", &l_.homepage},
                                                          {"documentation", &l_.documentation}};
    for (const auto& [key, field] : links) {
      const YamlNode* n = root.get(key);
      if (!n || n->is_null()) continue;
      note_loc(key, *n);
      if (auto u = check_https_url(*n, key, src_, diags_)) *field = *u;
    }
    if (const YamlNode* n = root.get("license")) read_license(r, *n);
    if (const YamlNode* n = root.get("status")) {
      if (auto s = r.string("status")) {
        note_loc("status", *n);
        static const std::vector<std::string> statuses = {"active", "deprecated", "archived"};
        if (*s == "active")
          l_.status = ListingStatus::Active;
        else if (*s == "deprecated")
          l_.status = ListingStatus::Deprecated;
        else if (*s == "archived")
          l_.status = ListingStatus::Archived;
        else {
          std::string hint = did_you_mean(*s, statuses);
          if (hint.empty()) hint = "status is one of: active, deprecated, archived";
          error(*n, "unknown status " + q(*s), hint);
        }
      }
    }
    if (auto b = r.boolean("official")) l_.official = *b;
    if (auto b = r.boolean("verified")) l_.verified = *b;
    if (const YamlNode* n = root.get("install")) read_install(*n);
    if (const YamlNode* n = root.get("icon")) {
      if (auto s = r.string("icon")) {
        note_loc("icon", *n);
        if (auto a = read_asset(*n, "icon")) l_.icon = *a;
      }
    }
    if (const YamlNode* n = root.get("screenshots")) {
      if (auto list = r.string_list("screenshots", false)) {
        note_loc("screenshots", *n);
        if (list->size() > CatalogueLimits::kMaxScreenshots)
          error(*n, "'screenshots' has " + std::to_string(list->size()) + " items; the limit is " +
                        std::to_string(CatalogueLimits::kMaxScreenshots));
        else
          for (size_t i = 0; i < n->items.size(); ++i) {
            note_loc("screenshots[" + std::to_string(i) + "]", n->items[i]);
            if (auto a = read_asset(n->items[i], "screenshots")) l_.screenshots.push_back(*a);
          }
      }
    }
    if (const YamlNode* n = root.get("added")) {
      if (auto d = r.date("added")) {
        note_loc("added", *n);
        l_.added = *d;
      }
    }
    if (const YamlNode* n = root.get("versions")) read_versions(*n);
    if (const YamlNode* n = root.get("stats")) read_stats(*n);
  }

  std::string file_name() const {
    size_t slash = src_.file.rfind('/');
    return src_.file.substr(slash == std::string::npos ? 0 : slash + 1);
  }
  std::string file_ext() const {
    std::string f = file_name();
    size_t dot = f.rfind('.');
    return dot == std::string::npos ? "" : f.substr(dot);
  }

  void read_tags(FieldReader& r, const YamlNode& n) {
    auto list = r.string_list("tags", false);
    if (!list) return;
    note_loc("tags", n);
    if (list->size() > CatalogueLimits::kMaxTags) {
      error(n,
            "'tags' has " + std::to_string(list->size()) + " items; the limit is " +
                std::to_string(CatalogueLimits::kMaxTags),
            "keep the tags readers would filter by");
      return;
    }
    std::set<std::string> seen;
    for (const YamlNode& item : n.items) {
      const std::string& t = item.scalar;
      if (t.size() > CatalogueLimits::kTagChars || !is_id_slug(t)) {
        std::string good = ascii_slug(t);
        error(item,
              "tag " + q(t) + " is not a lowercase slug of at most " +
                  std::to_string(CatalogueLimits::kTagChars) + " characters",
              good.empty() || good.size() > CatalogueLimits::kTagChars
                  ? "tags are lowercase letters, digits and single hyphens: 'code-quality'"
                  : "did you mean " + q(good) + "?");
        continue;
      }
      if (!seen.insert(t).second) {
        error(item, "tag " + q(t) + " is listed twice");
        continue;
      }
      l_.tags.push_back(t);
    }
  }

  void read_authors(const YamlNode& n) {
    if (n.is_null()) return;
    note_loc("authors", n);
    if (!n.is_sequence()) {
      error(n, "'authors' must be a list, not " + std::string(n.kind_name()),
            "write '- name: Your Name' lines, each with an optional url and github handle");
      return;
    }
    if (n.items.empty()) {
      error(n, "'authors' is empty", "list at least one author");
      return;
    }
    if (n.items.size() > CatalogueLimits::kMaxAuthors) {
      error(n, "'authors' has " + std::to_string(n.items.size()) + " items; the limit is " +
                   std::to_string(CatalogueLimits::kMaxAuthors));
      return;
    }
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      std::string at = "authors[" + std::to_string(i) + "]";
      note_loc(at, item);
      PluginAuthor a;
      if (item.is_scalar()) {
        // Shorthand: "- Ada Lovelace".
        if (check_text(item, "name", item.scalar, 100, false, src_, diags_))
          a.name = item.scalar;
        else
          continue;
        l_.authors.push_back(std::move(a));
        continue;
      }
      if (!item.is_mapping()) {
        error(item,
              "each author must be a name or a mapping with 'name', 'url' and 'github', not " +
                  std::string(item.kind_name()));
        continue;
      }
      FieldReader ar(item, src_, diags_, keys_under(schema(), "authors[]"), "author key");
      require_keys(item, schema(), "authors[]", "author key", src_, diags_);
      ar.finish();
      if (const YamlNode* v = item.get("name")) {
        if (auto s = ar.string("name")) {
          note_loc(at + ".name", *v);
          if (check_text(*v, "name", *s, 100, false, src_, diags_)) a.name = *s;
        }
      }
      if (const YamlNode* v = item.get("url"); v && !v->is_null()) {
        note_loc(at + ".url", *v);
        if (auto u = check_https_url(*v, "url", src_, diags_)) a.url = *u;
      }
      if (const YamlNode* v = item.get("github"); v && !v->is_null()) {
        if (auto s = ar.string("github")) {
          note_loc(at + ".github", *v);
          if (valid_github(*s)) {
            a.github = *s;
          } else {
            std::string hint =
                "a GitHub handle is letters, digits and single hyphens, at most 39 "
                "characters";
            if (starts_with(*s, "@") && valid_github(s->substr(1)))
              hint = "write the handle without '@': " + q(s->substr(1));
            else if (starts_with(ascii_lower(*s), "https://github.com/"))
              hint = "write only the handle, not the profile URL";
            error(*v, "'github' is not a valid GitHub handle: " + q(*s), hint);
          }
        }
      }
      l_.authors.push_back(std::move(a));
    }
  }

  static bool valid_github(std::string_view s) {
    if (s.empty() || s.size() > 39 || s.front() == '-' || s.back() == '-') return false;
    char prev = 0;
    for (char c : s) {
      bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok || (c == '-' && prev == '-')) return false;
      prev = c;
    }
    return true;
  }

  void read_license(FieldReader& r, const YamlNode& n) {
    auto s = r.string("license");
    if (!s) return;
    note_loc("license", n);
    SyntaxError err;
    auto expr = parse_spdx_expression(*s, &err);
    if (!expr) {
      diags_.error(loc_in_scalar(n, src_, err.offset), err.message, err.hint, src_.text);
      return;
    }
    l_.license = expr->canonical;
    l_.licenses = expr->licenses;
  }

  void read_install(const YamlNode& n) {
    if (n.is_null()) return;
    note_loc("install", n);
    if (!n.is_mapping()) {
      error(n, "'install' must be a mapping with 'package' and/or 'command', not " +
                   std::string(n.kind_name()));
      return;
    }
    FieldReader ir(n, src_, diags_, keys_under(schema(), "install"), "install key");
    ir.finish();
    InstallInfo info;
    bool ok = true;
    if (const YamlNode* v = n.get("package")) {
      if (auto s = ir.string("package")) {
        note_loc("install.package", *v);
        if (check_text(*v, "package", *s, 214, false, src_, diags_))
          info.package = *s;
        else
          ok = false;
      }
    }
    if (const YamlNode* v = n.get("command")) {
      if (auto s = ir.string("command")) {
        note_loc("install.command", *v);
        if (check_text(*v, "command", *s, 500, false, src_, diags_))
          info.command = *s;
        else
          ok = false;
      }
    }
    if (ok && info.package.empty() && info.command.empty() && !n.get("package") &&
        !n.get("command"))
      error(n, "'install' needs 'package' or 'command'",
            "for example 'package: lumen-sarif' or 'command: lumen plugin add lumen-sarif'");
    l_.install = std::move(info);
  }

  std::optional<PluginAsset> read_asset(const YamlNode& n, std::string_view key) {
    if (!n.is_scalar()) {
      error(n, "items of " + q(key) + " must be strings, not " + std::string(n.kind_name()));
      return std::nullopt;
    }
    const std::string& v = n.scalar;
    PluginAsset a;
    if (has_url_scheme(v) || starts_with(v, "//")) {
      auto u = check_https_url(n, key, src_, diags_);
      if (!u) return std::nullopt;
      a.url = *u;
      return a;
    }
    // A local file, relative to the listing's folder, which must stay inside plugins-index/.
    size_t slash = src_.file.rfind('/');
    std::string dir = slash == std::string::npos ? "" : src_.file.substr(0, slash);
    auto norm = normalize_relative_path(v);
    if (v.empty() || !norm || norm->empty() || v.find('\\') != std::string::npos) {
      error(n,
            q(key) + " must be a path inside " + (dir.empty() ? "the site" : dir + "/") +
                " or an https:// URL",
            "write a path relative to the listing, such as 'icons/my-plugin.svg'");
      return std::nullopt;
    }
    static const std::vector<std::string> exts = {".png",  ".jpg", ".jpeg", ".gif",
                                                  ".webp", ".svg", ".avif"};
    std::string lower = ascii_lower(*norm);
    bool image = std::any_of(exts.begin(), exts.end(),
                             [&](const std::string& e) { return ends_with(lower, e); });
    if (!image) {
      error(n, q(key) + " must be an image file", "use one of: " + join(exts, ", "));
      return std::nullopt;
    }
    for (const auto& part : split(*norm, '/')) {
      if (!part.empty() && part[0] == '.') {
        error(n, q(key) + " must not point into a hidden file or folder");
        return std::nullopt;
      }
    }
    std::string site_path = dir.empty() ? *norm : dir + "/" + *norm;
    if (!file_exists_ || !file_exists_(site_path)) {
      error(n, q(key) + " file " + q(site_path) + " does not exist",
            "add the file to the pull request, or use an https:// URL");
      return std::nullopt;
    }
    a.path = site_path;
    return a;
  }

  void read_versions(const YamlNode& n) {
    if (n.is_null()) return;
    note_loc("versions", n);
    if (!n.is_sequence()) {
      error(n, "'versions' must be a list, not " + std::string(n.kind_name()),
            "write one '- version: 1.0.0' item per release, with 'released' and 'compatible'");
      return;
    }
    if (n.items.empty()) {
      error(n, "'versions' is empty", "list at least the current release");
      return;
    }
    if (n.items.size() > CatalogueLimits::kMaxVersions) {
      error(n,
            "'versions' has " + std::to_string(n.items.size()) + " items; the limit is " +
                std::to_string(CatalogueLimits::kMaxVersions),
            "list the releases people still install");
      return;
    }
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      std::string at = "versions[" + std::to_string(i) + "]";
      note_loc(at, item);
      if (!item.is_mapping()) {
        error(item,
              "each version must be a mapping with 'version', 'released' and 'compatible', not " +
                  std::string(item.kind_name()));
        continue;
      }
      FieldReader vr(item, src_, diags_, keys_under(schema(), "versions[]"), "version key");
      require_keys(item, schema(), "versions[]", "version key", src_, diags_);
      vr.finish();
      PluginVersion pv;
      bool ok = true;
      if (const YamlNode* v = item.get("version")) {
        if (auto s = vr.string("version")) {
          note_loc(at + ".version", *v);
          pv.loc = {src_.file, v->line, v->col};
          SyntaxError err;
          if (auto ver = parse_version(*s, &err)) {
            pv.version = *ver;
          } else {
            diags_.error(loc_in_scalar(*v, src_, err.offset),
                         "'version' is not a semantic version: " + err.message, err.hint,
                         src_.text);
            ok = false;
          }
        } else
          ok = false;
      } else
        ok = false;
      if (item.get("released")) {
        if (auto d = vr.date("released")) {
          note_loc(at + ".released", *item.get("released"));
          pv.released = *d;
        } else
          ok = false;
      } else
        ok = false;
      if (const YamlNode* v = item.get("compatible")) {
        if (auto s = vr.string("compatible")) {
          note_loc(at + ".compatible", *v);
          SyntaxError err;
          if (auto range = parse_range(*s, &err)) {
            pv.compatible = std::move(*range);
            if (!config_.host_versions.empty() &&
                std::none_of(
                    config_.host_versions.begin(), config_.host_versions.end(),
                    [&](const HostVersion& h) { return satisfies(h.version, pv.compatible); })) {
              std::vector<std::string> names;
              for (const auto& h : config_.host_versions) names.push_back(h.name);
              diags_.warning({src_.file, v->line, v->col},
                             "'compatible' range " + q(*s) +
                                 " matches none of the host versions declared in site-config.yaml",
                             "the host versions are: " + join(names, ", "), src_.text);
            }
          } else {
            diags_.error(loc_in_scalar(*v, src_, err.offset),
                         "'compatible' is not a valid version range: " + err.message, err.hint,
                         src_.text);
            ok = false;
          }
        } else
          ok = false;
      } else
        ok = false;
      if (const YamlNode* v = item.get("download"); v && !v->is_null()) {
        note_loc(at + ".download", *v);
        if (auto u = check_https_url(*v, "download", src_, diags_))
          pv.download = *u;
        else
          ok = false;
      }
      if (const YamlNode* v = item.get("sha256"); v && !v->is_null()) {
        if (auto s = vr.string("sha256")) {
          note_loc(at + ".sha256", *v);
          if (auto h = check_sha256(*v, *s))
            pv.sha256 = *h;
          else
            ok = false;
        } else
          ok = false;
      }
      if (!ok) continue;
      // The same version twice (build metadata does not count).
      for (const auto& prev : l_.versions) {
        if (prev.version == pv.version) {
          error(*item.get("version"),
                "version " + pv.version.str() + " is listed twice (also at line " +
                    std::to_string(prev.loc.line) + ")",
                "each release appears once in 'versions'");
          ok = false;
          break;
        }
      }
      if (ok) l_.versions.push_back(std::move(pv));
    }
    std::stable_sort(
        l_.versions.begin(), l_.versions.end(),
        [](const PluginVersion& a, const PluginVersion& b) { return a.version > b.version; });
  }

  std::optional<std::string> check_sha256(const YamlNode& n, const std::string& s) {
    std::string_view hex = s;
    const char* hint = "a sha256 checksum is 64 hexadecimal digits, as printed by 'sha256sum FILE'";
    if (starts_with(ascii_lower(hex), "sha256:") || starts_with(ascii_lower(hex), "sha256-")) {
      error(n, "'sha256' must be only the 64 hexadecimal digits",
            "remove the " + q(hex.substr(0, 7)) + " prefix");
      return std::nullopt;
    }
    for (size_t i = 0; i < hex.size(); ++i) {
      char c = hex[i];
      bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        diags_.error(
            loc_in_scalar(n, src_, i),
            "'sha256' contains " + q(hex.substr(i, 1)) + ", which is not a hexadecimal digit", hint,
            src_.text);
        return std::nullopt;
      }
    }
    if (hex.size() != 64) {
      error(n, "'sha256' must be 64 hexadecimal digits; this one has " + std::to_string(hex.size()),
            hint);
      return std::nullopt;
    }
    return ascii_lower(hex);
  }

  void read_stats(const YamlNode& n) {
    if (n.is_null()) return;
    note_loc("stats", n);
    if (!n.is_mapping()) {
      error(n, "'stats' must be a mapping with 'stars' and 'downloads', not " +
                   std::string(n.kind_name()));
      return;
    }
    FieldReader sr(n, src_, diags_, keys_under(schema(), "stats"), "stats key");
    sr.finish();
    const std::pair<const char*, std::optional<int64_t>*> counts[] = {{"stars", &l_.stars},
                                                                      {"downloads", &l_.downloads}};
    for (const auto& [key, field] : counts) {
      const YamlNode* v = n.get(key);
      if (!v) continue;
      if (auto i = sr.integer(key)) {
        note_loc(std::string("stats.") + key, *v);
        if (*i < 0)
          error(*v, q(key) + " must be zero or more");
        else
          *field = *i;
      }
    }
  }

  YamlSource src_;
  const CatalogueConfig& config_;
  const std::function<bool(std::string_view)>& file_exists_;
  Diagnostics diags_;
  PluginListing l_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------

const CategoryConfig* CatalogueConfig::category(std::string_view id) const {
  for (const auto& c : categories)
    if (c.id == id) return &c;
  return nullptr;
}

std::vector<std::string> CatalogueConfig::category_ids() const {
  std::vector<std::string> out;
  for (const auto& c : categories) out.push_back(c.id);
  return out;
}

std::optional<CatalogueConfig> parse_catalogue_config(const YamlNode& node, const YamlSource& src,
                                                      Diagnostics& diags) {
  size_t before = diags.error_count();
  CatalogueConfig cfg;
  auto err = [&](const YamlNode& n, std::string msg, std::string hint = {}) {
    diags.error({src.file, n.line, n.col}, std::move(msg), std::move(hint), src.text);
  };
  if (!node.is_mapping()) {
    err(node,
        "'catalogue' must be a mapping with 'categories', not " + std::string(node.kind_name()));
    return std::nullopt;
  }
  FieldReader r(node, src, diags, {"categories", "stale_after_months", "host_versions"},
                "catalogue key");
  r.require("categories");
  if (const YamlNode* n = node.get("categories")) {
    if (!n->is_sequence() || n->items.empty()) {
      err(*n, "'categories' must be a list of {id, title, description} items",
          "for example '- { id: reporters, title: Reporters }'");
    } else {
      for (const YamlNode& item : n->items) {
        if (!item.is_mapping()) {
          err(item, "each category must be a mapping with 'id' and 'title', not " +
                        std::string(item.kind_name()));
          continue;
        }
        FieldReader cr(item, src, diags, {"id", "title", "description"}, "category key");
        cr.require("id");
        cr.require("title");
        CategoryConfig c;
        c.id = cr.string("id").value_or("");
        c.title = cr.string("title").value_or("");
        c.description = cr.string("description").value_or("");
        cr.finish();
        if (const YamlNode* idn = item.get("id"); idn && !c.id.empty()) {
          if (!is_id_slug(c.id))
            err(*idn, "category id " + q(c.id) + " is not a lowercase slug",
                "ids are lowercase letters, digits and single hyphens: 'code-quality'");
          else if (cfg.category(c.id))
            err(*idn, "category " + q(c.id) + " is declared twice");
        }
        if (const YamlNode* tn = item.get("title"); tn && !c.title.empty())
          check_text(*tn, "title", c.title, 60, false, src, diags);
        cfg.categories.push_back(std::move(c));
      }
    }
  }
  if (const YamlNode* n = node.get("stale_after_months")) {
    if (auto m = r.integer("stale_after_months")) {
      if (*m < 1 || *m > 240)
        err(*n, "'stale_after_months' must be between 1 and 240");
      else
        cfg.stale_after_months = *m;
    }
  }
  if (const YamlNode* n = node.get("host_versions")) {
    if (auto list = r.string_list("host_versions", false)) {
      for (const YamlNode& item : n->items) {
        SyntaxError e;
        auto v = parse_host_version(item.scalar, &e);
        if (!v) {
          diags.error(loc_in_scalar(item, src, e.offset),
                      "host version " + q(item.scalar) + " is not a version: " + e.message, e.hint,
                      src.text);
          continue;
        }
        bool dup = std::any_of(cfg.host_versions.begin(), cfg.host_versions.end(),
                               [&](const HostVersion& h) { return h.version == *v; });
        if (dup) {
          err(item, "host version " + q(item.scalar) + " is listed twice");
          continue;
        }
        cfg.host_versions.push_back({item.scalar, *v});
      }
      std::stable_sort(
          cfg.host_versions.begin(), cfg.host_versions.end(),
          [](const HostVersion& a, const HostVersion& b) { return a.version < b.version; });
    }
  }
  r.finish();
  if (diags.error_count() > before) return std::nullopt;
  return cfg;
}

std::optional<PluginListing> parse_listing(std::string_view path, std::string_view text,
                                           const CatalogueConfig& config,
                                           const std::function<bool(std::string_view)>& file_exists,
                                           Diagnostics& diags) {
  ListingParser p(path, text, config, file_exists);
  return p.run(diags);
}

void check_listings(std::vector<PluginListing>& listings, Diagnostics& diags) {
  std::stable_sort(listings.begin(), listings.end(),
                   [](const PluginListing& a, const PluginListing& b) {
                     std::string la = ascii_lower(a.id), lb = ascii_lower(b.id);
                     if (la != lb) return la < lb;
                     return a.path < b.path;
                   });
  Diagnostics local;
  // Ids: adjacent after sorting.
  for (size_t i = 1; i < listings.size(); ++i) {
    const PluginListing& a = listings[i - 1];
    const PluginListing& b = listings[i];
    if (ascii_lower(a.id) == ascii_lower(b.id))
      local.error({b.path, 1, 1}, "duplicate plugin id " + q(b.id) + ": " + a.path + " has it too",
                  "each plugin has exactly one listing file; remove or rename one of them", {});
  }
  // Names, compared as slugs; reported at the later file in path order.
  std::vector<const PluginListing*> by_path;
  for (const auto& l : listings) by_path.push_back(&l);
  std::stable_sort(
      by_path.begin(), by_path.end(),
      [](const PluginListing* a, const PluginListing* b) { return a->path < b->path; });
  std::map<std::string, const PluginListing*> names;
  for (const PluginListing* l : by_path) {
    std::string key = slugify(l->name);
    if (key.empty()) continue;
    auto [it, fresh] = names.emplace(key, l);
    if (fresh) continue;
    const PluginListing* first = it->second;
    SourceLoc at = l->loc_of("name");
    SourceLoc prev = first->loc_of("name");
    local.error(
        at,
        "plugin name " + q(l->name) + " is already used by " + prev.file + ":" +
            std::to_string(prev.line) + ":" + std::to_string(prev.col) +
            (first->name == l->name ? std::string() : " (" + q(first->name) + ")"),
        "plugin names must be unique, ignoring case and punctuation; choose a distinct name",
        l->source);
  }
  merge_sorted(local, diags);
}

const std::vector<SchemaField>& listing_schema() {
  static const std::vector<SchemaField> schema = {
      {"id", "string", false,
       "the plugin id; optional, and when given it must equal the file name"},
      {"name", "string", true,
       "the plugin's display name, at most 60 characters, unique in the catalogue"},
      {"summary", "string", true, "one sentence of at most 140 characters, shown in lists"},
      {"description", "Markdown", false, "the long description shown on the plugin's page"},
      {"category", "string", true, "one of the category ids declared in site-config.yaml"},
      {"tags", "list of strings", false, "up to 10 lowercase slugs readers can filter by"},
      {"authors", "list", true,
       "who maintains the plugin: names, or mappings with name, url and github"},
      {"authors[].name", "string", true, "the author's name"},
      {"authors[].url", "https URL", false, "the author's website"},
      {"authors[].github", "string", false, "the author's GitHub handle, without '@'"},
      {"repository", "https URL", true, "where the source code lives"},
      {"homepage", "https URL", false, "the plugin's website"},
      {"documentation", "https URL", false, "the plugin's documentation"},
      {"license", "SPDX expression", true,
       "an SPDX license id or expression, such as 'MIT' or 'MIT OR Apache-2.0'"},
      {"status", "string", false, "active (the default), deprecated or archived"},
      {"official", "boolean", false, "maintained by the project itself"},
      {"verified", "boolean", false, "reviewed by the project's maintainers"},
      {"install", "mapping", false, "how to install it: package and/or command"},
      {"install.package", "string", false, "the package name for the host's plugin manager"},
      {"install.command", "string", false, "a command line that installs the plugin"},
      {"icon", "path or https URL", false,
       "an image next to the listing (e.g. icons/x.svg) or an https URL"},
      {"screenshots", "list of paths or https URLs", false, "up to 8 images, like icon"},
      {"added", "date", true, "when the listing was added to the catalogue, YYYY-MM-DD"},
      {"versions", "list", true, "the releases, each with version, released and compatible"},
      {"versions[].version", "semantic version", true,
       "MAJOR.MINOR.PATCH, e.g. 1.4.0 or 2.0.0-rc.1"},
      {"versions[].released", "date", true, "the release date, YYYY-MM-DD"},
      {"versions[].compatible", "version range", true,
       "host versions it works with: '>=1.2 <2', '^2.3', '~1.4', '1.x', '*', alternatives joined "
       "with '||'"},
      {"versions[].download", "https URL", false, "where to download this release"},
      {"versions[].sha256", "string", false, "the SHA-256 of the download, 64 hexadecimal digits"},
      {"stats", "mapping", false,
       "numbers committed to the repository (never fetched at build time)"},
      {"stats.stars", "integer", false, "repository stars"},
      {"stats.downloads", "integer", false, "total downloads"},
  };
  return schema;
}

const std::vector<SchemaField>& review_schema() {
  static const std::vector<SchemaField> schema = {
      {"author", "string", true, "who wrote the review"},
      {"rating", "integer", true, "from 1 (poor) to 5 (excellent)"},
      {"date", "date", true, "when the review was written, YYYY-MM-DD"},
      {"title", "string", false, "a short headline, at most 120 characters"},
  };
  return schema;
}

}  // namespace agora
