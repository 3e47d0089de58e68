#include "catalogue/registry.h"

#include <algorithm>

namespace agora {

namespace {

std::string site_url(std::string_view base_url, std::string_view rel) {
  if (base_url.empty()) return "/" + std::string(rel);
  std::string out(base_url);
  if (out.back() != '/') out += '/';
  return out + std::string(rel);
}

Value str_or_null(const std::string& s) { return s.empty() ? Value() : Value(s); }

Value asset_url(const PluginAsset& a, std::string_view base_url) {
  return a.is_local() ? Value(site_url(base_url, asset_output_path(a))) : Value(a.url);
}

Value compatible_hosts(const PluginListing& l, const CatalogueConfig& config) {
  Value out = Value::object();
  for (const auto& h : config.host_versions) {
    const PluginVersion* v = newest_compatible(l, h.version);
    out[h.name] = v ? Value(v->version.str()) : Value();
  }
  return out;
}

Value rating(const PluginListing& l) {
  Value r = Value::object();
  r["count"] = l.rating_count();
  r["average"] = l.rating_count() ? Value(l.rating_average()) : Value();
  return r;
}

Value stats(const PluginListing& l) {
  Value s = Value::object();
  s["stars"] = l.stars ? Value(*l.stars) : Value();
  s["downloads"] = l.downloads ? Value(*l.downloads) : Value();
  return s;
}

Value string_list(const std::vector<std::string>& v) {
  Value out = Value::list();
  for (const auto& s : v) out.push_back(s);
  return out;
}

/// Keys shared by the index entry and the full record.
Value common(const PluginListing& l, const CatalogueConfig& config, std::string_view base_url) {
  Value o = Value::object();
  o["id"] = l.id;
  o["name"] = l.name;
  o["summary"] = l.summary;
  o["category"] = l.category;
  o["tags"] = string_list(l.tags);
  o["license"] = l.license;
  o["licenses"] = string_list(l.licenses);
  o["status"] = status_name(l.status);
  o["lifecycle"] = lifecycle_name(l.lifecycle());
  o["official"] = l.official;
  o["verified"] = l.verified;
  o["icon"] = l.icon ? asset_url(*l.icon, base_url) : Value();
  o["added"] = l.added.ymd();
  o["updated"] = l.last_released().ymd();
  o["latest_version"] = l.versions.empty() ? Value() : Value(l.latest().version.str());
  const PluginVersion* pre = l.versions.empty() ? nullptr : l.latest_prerelease();
  o["latest_prerelease"] = pre ? Value(pre->version.str()) : Value();
  o["compatible_hosts"] = compatible_hosts(l, config);
  o["rating"] = rating(l);
  o["stats"] = stats(l);
  o["repository"] = l.repository;
  o["html_url"] = site_url(base_url, "plugins/" + l.id + "/");
  return o;
}

}  // namespace

std::string registry_index_path() { return "api/v1/plugins.json"; }
std::string registry_record_path(std::string_view id) {
  return "api/v1/plugins/" + std::string(id) + ".json";
}

Value registry_record(const PluginListing& l, const CatalogueConfig& config,
                      std::string_view base_url) {
  Value o = common(l, config, base_url);
  o["schema_version"] = kRegistrySchemaVersion;
  o["description"] = l.description;
  Value authors = Value::list();
  for (const auto& a : l.authors) {
    Value v = Value::object();
    v["name"] = a.name;
    v["url"] = str_or_null(a.url);
    v["github"] = str_or_null(a.github);
    authors.push_back(std::move(v));
  }
  o["authors"] = std::move(authors);
  o["homepage"] = str_or_null(l.homepage);
  o["documentation"] = str_or_null(l.documentation);
  if (l.install) {
    Value in = Value::object();
    in["package"] = str_or_null(l.install->package);
    in["command"] = str_or_null(l.install->command);
    o["install"] = std::move(in);
  } else {
    o["install"] = Value();
  }
  Value shots = Value::list();
  for (const auto& s : l.screenshots) shots.push_back(asset_url(s, base_url));
  o["screenshots"] = std::move(shots);
  Value versions = Value::list();
  for (const auto& v : l.versions) {
    Value e = Value::object();
    e["version"] = v.version.str();
    e["released"] = v.released.ymd();
    e["compatible"] = v.compatible.text;
    e["prerelease"] = v.version.is_prerelease();
    e["download"] = str_or_null(v.download);
    e["sha256"] = str_or_null(v.sha256);
    versions.push_back(std::move(e));
  }
  o["versions"] = std::move(versions);
  return o;
}

Value registry_index(const std::vector<PluginListing>& listings, const CatalogueConfig& config,
                     std::string_view base_url) {
  std::vector<const PluginListing*> sorted;
  for (const auto& l : listings) sorted.push_back(&l);
  std::sort(sorted.begin(), sorted.end(),
            [](const PluginListing* a, const PluginListing* b) { return a->id < b->id; });

  Value doc = Value::object();
  doc["schema_version"] = kRegistrySchemaVersion;
  doc["count"] = listings.size();
  Value hosts = Value::list();
  for (const auto& h : config.host_versions) hosts.push_back(h.name);
  doc["host_versions"] = std::move(hosts);
  Value cats = Value::list();
  for (const auto& c : config.categories) {
    Value v = Value::object();
    v["id"] = c.id;
    v["title"] = c.title;
    v["description"] = c.description;
    v["count"] = static_cast<size_t>(
        std::count_if(listings.begin(), listings.end(),
                      [&](const PluginListing& l) { return l.category == c.id; }));
    cats.push_back(std::move(v));
  }
  doc["categories"] = std::move(cats);
  Value plugins = Value::list();
  for (const PluginListing* l : sorted) {
    Value e = common(*l, config, base_url);
    Value authors = Value::list();
    for (const auto& a : l->authors) authors.push_back(a.name);
    e["authors"] = std::move(authors);
    e["record_url"] = site_url(base_url, registry_record_path(l->id));
    plugins.push_back(std::move(e));
  }
  doc["plugins"] = std::move(plugins);
  return doc;
}

}  // namespace agora
