#include "build/catalogue_views.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "catalogue/registry.h"
#include "catalogue/stats.h"
#include "core/hash.h"
#include "core/text.h"
#include "output/json.h"

namespace agora {

namespace {

/// Entries of the "new" and "recently updated" lists.
constexpr size_t kRecent = 30;

std::string author_slug(const PluginAuthor& a) {
  std::string s = a.github.empty() ? slugify(a.name) : ascii_lower(a.github);
  return s.empty() ? "a-" + fingerprint(a.name, 8) : s;
}

Value date_value(const Date& d) {
  Value v = Value::object();
  v["iso"] = d.ymd();
  v["human"] = d.human();
  return v;
}

/// "4.3": one decimal, locale-independent.
std::string one_decimal(double v) {
  long r = std::lround(v * 10);
  return std::to_string(r / 10) + "." + std::to_string(r % 10);
}

/// "540,000".
std::string group_digits(int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string stars_text(double avg) {
  int full = static_cast<int>(std::lround(avg));
  std::string s;
  for (int i = 0; i < 5; ++i) s += i < full ? "\u2605" : "\u2606";
  return s;
}

/// The placeholder shown when a listing has no icon: its name's first letter or digit, upper
/// case when ASCII (a whole UTF-8 sequence otherwise), or "?".
std::string name_initial(std::string_view name) {
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) return std::string(1, static_cast<char>(std::toupper(c)));
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n == 1 || i + n > name.size()) continue;
    return std::string(name.substr(i, n));
  }
  return "?";
}

Value category_value(const CatalogueContext& cc, const std::string& id) {
  Value v = Value::object();
  v["id"] = id;
  v["title"] = cc.category_title(id);
  v["url"] = cc.url("/plugins/category/" + id + "/");
  return v;
}

Value rating_value(const PluginListing& l) {
  if (l.rating_count() == 0) return Value();
  Value r = Value::object();
  double avg = l.rating_average();
  r["average"] = one_decimal(avg);
  r["count"] = l.rating_count();
  r["stars"] = stars_text(avg);
  r["label"] = "Rated " + one_decimal(avg) + " out of 5 by " + std::to_string(l.rating_count()) +
               (l.rating_count() == 1 ? " review" : " reviews");
  return r;
}

std::string asset_url(const CatalogueContext& cc, const PluginAsset& a) {
  return a.is_local() ? cc.url("/" + asset_output_path(a)) : a.url;
}

/// The base view of a catalogue page: site, page, meta (indexable), catalogue.
Value base_view(const CatalogueContext& cc, const std::string& url, const std::string& title,
                const std::string& description, const std::string& current_category = {}) {
  Value view = utility_page_view(*cc.site, *cc.ctx, url, title);
  view["meta"].as_object().erase("robots");
  if (!description.empty()) view["meta"]["og_description"] = description;
  view["page"]["description"] = description;
  view["page"]["kind"] = "plugins";
  view["page"]["url_abs"] = absolute_url(*cc.config, url);
  Value feed = Value::object();
  feed["title"] = "New and updated plugins (Atom)";
  feed["url"] = cc.url("/plugins/atom.xml");
  feed["type"] = "application/atom+xml";
  view["site"]["feeds"].push_back(std::move(feed));
  auto cat = cc.shared_by_category.find(current_category);
  view["catalogue"] = cat != cc.shared_by_category.end() ? cat->second : cc.shared_by_category.at("");
  return view;
}

Value breadcrumbs(const CatalogueContext& cc, const std::vector<std::pair<std::string, std::string>>& crumbs) {
  Value out = Value::list();
  for (const auto& [title, url] : crumbs) {
    Value v = Value::object();
    v["title"] = title;
    v["url"] = cc.url(url);
    out.push_back(std::move(v));
  }
  return out;
}

std::string json_ld(const CatalogueContext& cc, const PluginListing& l) {
  Value j = Value::object();
  j["@context"] = "https://schema.org";
  j["@type"] = "SoftwareApplication";
  j["name"] = l.name;
  j["description"] = l.summary;
  j["url"] = absolute_url(*cc.config, plugin_url(l.id));
  j["applicationCategory"] = "DeveloperApplication";
  j["applicationSubCategory"] = cc.category_title(l.category);
  j["softwareVersion"] = l.latest().version.str();
  j["license"] = l.license;
  j["datePublished"] = l.added.ymd();
  j["dateModified"] = l.last_released().ymd();
  j["sameAs"] = l.repository;
  if (!l.latest().download.empty()) j["downloadUrl"] = l.latest().download;
  if (l.icon) {
    std::string u = asset_url(cc, *l.icon);
    j["image"] = l.icon->is_local() ? absolute_url(*cc.config, "/" + asset_output_path(*l.icon)) : u;
  }
  Value authors = Value::list();
  for (const auto& a : l.authors) {
    Value p = Value::object();
    p["@type"] = "Person";
    p["name"] = a.name;
    if (!a.url.empty()) p["url"] = a.url;
    else if (!a.github.empty()) p["url"] = "https://github.com/" + a.github;
    authors.push_back(std::move(p));
  }
  j["author"] = std::move(authors);
  if (l.rating_count()) {
    Value r = Value::object();
    r["@type"] = "AggregateRating";
    r["ratingValue"] = one_decimal(l.rating_average());
    r["ratingCount"] = l.rating_count();
    r["bestRating"] = 5;
    r["worstRating"] = 1;
    j["aggregateRating"] = std::move(r);
  }
  return json_ld_script_body(j);
}

}  // namespace

std::string plugin_url(std::string_view id) { return "/plugins/" + std::string(id) + "/"; }

std::string list_page_url(const std::string& first, int n) {
  return n == 1 ? first : first + "page/" + std::to_string(n) + "/";
}

/// A listing as one card in a list (partials/plugin_card.mustache). Every key is present.
Value card_value(const CatalogueContext& cc, const PluginListing& l) {
  Value v = Value::object();
  v["id"] = l.id;
  v["name"] = l.name;
  v["url"] = cc.url(plugin_url(l.id));
  v["summary"] = l.summary;
  v["icon_url"] = l.icon ? Value(asset_url(cc, *l.icon)) : Value();
  v["initial"] = name_initial(l.name);
  v["category"] = category_value(cc, l.category);
  v["latest_version"] = l.latest().version.str();
  v["updated"] = date_value(l.last_released());
  v["added"] = date_value(l.added);
  v["license"] = l.license;
  v["official"] = l.official;
  v["verified"] = l.verified;
  Lifecycle lc = l.lifecycle();
  v["lifecycle"] = lifecycle_name(lc);
  v["stale"] = lc == Lifecycle::Stale;
  v["deprecated"] = lc == Lifecycle::Deprecated;
  v["archived"] = lc == Lifecycle::Archived;
  v["rating"] = rating_value(l);
  v["stars"] = l.stars ? Value(group_digits(*l.stars)) : Value();
  v["downloads"] = l.downloads ? Value(group_digits(*l.downloads)) : Value();
  return v;
}

Value filters_value(const CatalogueContext& cc, const std::vector<PluginListing>& listings) {
  Value f = Value::object();
  f["data_url"] = cc.url("/" + registry_index_path());
  std::map<std::string, size_t> tags, licenses;
  for (const auto& l : listings) {
    for (const auto& t : l.tags) ++tags[t];
    for (const auto& x : l.licenses) ++licenses[x];
  }
  auto counted = [](const std::map<std::string, size_t>& m) {
    Value out = Value::list();
    for (const auto& [name, n] : m) {
      Value v = Value::object();
      v["name"] = name;
      v["count"] = n;
      out.push_back(std::move(v));
    }
    return out;
  };
  f["tags"] = counted(tags);
  f["licenses"] = counted(licenses);
  Value statuses = Value::list();
  for (Lifecycle l : {Lifecycle::Active, Lifecycle::Stale, Lifecycle::Deprecated, Lifecycle::Archived})
    statuses.push_back(lifecycle_name(l));
  f["statuses"] = std::move(statuses);
  return f;
}

Value list_view(const CatalogueContext& cc, const ListSpec& spec, int n, int total,
                const std::vector<Value>& cards, const Value& filters, const std::vector<PluginListing>& all) {
  std::string url = list_page_url(spec.url, n);
  std::string title = n > 1 ? spec.title + " (page " + std::to_string(n) + ")" : spec.title;
  Value view = base_view(cc, url, title, spec.description, spec.current_category);
  view["page"]["breadcrumbs"] = breadcrumbs(cc, spec.crumbs);
  Value pl = Value::object();
  pl["heading"] = spec.title;
  pl["description"] = spec.description;
  size_t begin = spec.paginate ? static_cast<size_t>(n - 1) * kCataloguePerPage : 0;
  size_t end = spec.paginate ? std::min(spec.items.size(), begin + kCataloguePerPage) : spec.items.size();
  Value items = Value::list();
  for (size_t i = begin; i < end; ++i)
    items.push_back(cards[static_cast<size_t>(spec.items[i] - all.data())]);
  pl["items"] = std::move(items);
  pl["count"] = spec.items.size();
  pl["count_label"] = std::to_string(spec.items.size()) + (spec.items.size() == 1 ? " plugin" : " plugins");
  pl["terms"] = spec.terms.is_null() ? Value::list() : spec.terms;
  pl["filters"] = spec.filters && n == 1 ? filters : Value();
  if (total > 1) {
    Value pg = Value::object();
    pg["current"] = n;
    pg["total"] = total;
    pg["first_url"] = n > 1 ? Value(cc.url(list_page_url(spec.url, 1))) : Value();
    pg["last_url"] = n < total ? Value(cc.url(list_page_url(spec.url, total))) : Value();
    pg["prev_url"] = n > 1 ? Value(cc.url(list_page_url(spec.url, n - 1))) : Value();
    pg["next_url"] = n < total ? Value(cc.url(list_page_url(spec.url, n + 1))) : Value();
    Value rel = Value::object();
    rel["prev_url"] = pg["prev_url"];
    rel["next_url"] = pg["next_url"];
    view["list"]["pagination"] = std::move(rel);
    pl["pagination"] = std::move(pg);
  } else {
    pl["pagination"] = Value();
  }
  view["plugins"] = std::move(pl);
  return view;
}

Value plugin_view(const CatalogueContext& cc, const PluginListing& l, const RenderedListing& r,
                  const Value& card) {
  std::string url = plugin_url(l.id);
  Value view = base_view(cc, url, l.name, l.summary, l.category);
  view["meta"]["og_type"] = "website";
  view["meta"]["json_ld"] = json_ld(cc, l);
  view["page"]["breadcrumbs"] =
      breadcrumbs(cc, {{"Plugins", "/plugins/"},
                       {cc.category_title(l.category), "/plugins/category/" + l.category + "/"}});
  Value p = card;
  p["description_html"] = r.description_html;
  Value tags = Value::list();
  for (const auto& t : l.tags) {
    Value v = Value::object();
    v["name"] = t;
    v["url"] = cc.url("/plugins/tags/" + t + "/");
    tags.push_back(std::move(v));
  }
  p["tags"] = std::move(tags);
  Value authors = Value::list();
  for (const auto& a : l.authors) {
    Value v = Value::object();
    v["name"] = a.name;
    v["url"] = cc.url("/plugins/authors/" + author_slug(a) + "/");
    v["profile_url"] = a.url.empty() ? Value() : Value(a.url);
    v["github"] = a.github.empty() ? Value() : Value(a.github);
    v["github_url"] = a.github.empty() ? Value() : Value("https://github.com/" + a.github);
    authors.push_back(std::move(v));
  }
  p["authors"] = std::move(authors);
  Value links = Value::list();
  auto link = [&](const char* title, const std::string& href) {
    if (href.empty()) return;
    Value v = Value::object();
    v["title"] = title;
    v["url"] = href;
    links.push_back(std::move(v));
  };
  link("Source repository", l.repository);
  link("Homepage", l.homepage);
  link("Documentation", l.documentation);
  link("Registry record (JSON)", cc.url("/" + registry_record_path(l.id)));
  p["links"] = std::move(links);
  if (l.install) {
    Value in = Value::object();
    in["package"] = l.install->package.empty() ? Value() : Value(l.install->package);
    in["command"] = l.install->command.empty() ? Value() : Value(l.install->command);
    in["snippet"] = l.install->command.empty() ? l.install->package : l.install->command;
    p["install"] = std::move(in);
  } else {
    p["install"] = Value();
  }
  Value shots = Value::list();
  for (size_t i = 0; i < l.screenshots.size(); ++i) {
    Value v = Value::object();
    v["url"] = asset_url(cc, l.screenshots[i]);
    v["alt"] = "Screenshot " + std::to_string(i + 1) + " of " + l.name;
    shots.push_back(std::move(v));
  }
  p["screenshots"] = std::move(shots);
  const PluginVersion& latest = l.latest();
  Value versions = Value::list();
  for (const auto& v : l.versions) {
    Value e = Value::object();
    e["version"] = v.version.str();
    e["released"] = date_value(v.released);
    e["compatible"] = v.compatible.text;
    std::vector<std::string> hosts;
    for (const auto& h : cc.cat->host_versions)
      if (satisfies(h.version, v.compatible)) hosts.push_back(h.name);
    e["hosts"] = hosts.empty() ? Value() : Value(join(hosts, ", "));
    e["prerelease"] = v.version.is_prerelease();
    e["latest"] = &v == &latest;
    e["download"] = v.download.empty() ? Value() : Value(v.download);
    e["sha256"] = v.sha256.empty() ? Value() : Value(v.sha256);
    versions.push_back(std::move(e));
  }
  p["versions"] = std::move(versions);
  Value compat = Value::list();
  for (const auto& h : cc.cat->host_versions) {
    Value c = Value::object();
    const PluginVersion* v = newest_compatible(l, h.version);
    c["host"] = h.name;
    c["version"] = v ? Value(v->version.str()) : Value();
    compat.push_back(std::move(c));
  }
  p["compatibility"] = std::move(compat);
  const PluginVersion* pre = l.latest_prerelease();
  p["latest_prerelease"] = pre ? Value(pre->version.str()) : Value();
  Value reviews = Value::list();
  for (size_t i = 0; i < l.reviews.size(); ++i) {
    const Review& rv = l.reviews[i];
    Value v = Value::object();
    v["id"] = "review-" + rv.slug;
    v["author"] = rv.author;
    v["title"] = rv.title.empty() ? Value() : Value(rv.title);
    v["rating"] = rv.rating;
    v["stars"] = stars_text(rv.rating);
    v["rating_label"] = "Rated " + std::to_string(rv.rating) + " out of 5";
    v["date"] = date_value(rv.date);
    v["html"] = i < r.review_html.size() ? r.review_html[i] : std::string();
    reviews.push_back(std::move(v));
  }
  p["reviews"] = std::move(reviews);
  std::string notice;
  switch (l.lifecycle()) {
    case Lifecycle::Stale:
      notice = "No release since " + l.last_released().human() + ": this plugin may no longer be maintained.";
      break;
    case Lifecycle::Deprecated: notice = "This plugin is deprecated by its maintainers."; break;
    case Lifecycle::Archived: notice = "This plugin is archived: it is no longer maintained."; break;
    case Lifecycle::Active: break;
  }
  p["notice"] = notice.empty() ? Value() : Value(notice);
  p["api_url"] = cc.url("/" + registry_record_path(l.id));
  view["plugin"] = std::move(p);
  return view;
}

Value stats_view(const CatalogueContext& cc, const std::vector<PluginListing>& listings) {
  Value view = base_view(cc, "/plugins/stats/", "Ecosystem statistics",
                         "Listings per category, additions per quarter, lifecycle and top authors.");
  view["page"]["breadcrumbs"] = breadcrumbs(cc, {{"Plugins", "/plugins/"}});
  CatalogueStats s = catalogue_stats(listings, *cc.cat);
  Value st = Value::object();
  st["total"] = s.total;
  Value charts = Value::list();
  auto chart = [&](const char* id, const char* title, const std::string& desc,
                   const std::vector<std::pair<std::string, double>>& data, const char* unit) {
    ChartOptions o;
    o.id = id;
    o.unit = unit;
    Value c = Value::object();
    c["id"] = id;
    c["title"] = title;
    c["svg"] = bar_chart_svg(title, desc, data, o);
    charts.push_back(std::move(c));
  };
  chart("chart-categories", "Listings per category",
        "Number of plugin listings in each category.", chart_data(s.per_category), "");
  chart("chart-quarters", "Additions per quarter",
        "Number of listings added to the catalogue in each quarter, by their added date.",
        chart_data(s.per_quarter), "");
  chart("chart-lifecycle", "Lifecycle",
        "Share of listings that are active, stale (no release for " +
            std::to_string(cc.cat->stale_after_months) + " months), deprecated or archived.",
        share_data(s.lifecycle, s.total), "%");
  chart("chart-authors", "Top authors", "Authors with the most listings.",
        chart_data(s.top_authors), "");
  st["charts"] = std::move(charts);
  st["reference"] = Value();
  view["stats"] = std::move(st);
  return view;
}

CatalogueContext make_catalogue_context(const SiteConfig& config, const CatalogueConfig& cat,
                                        const SiteModel& site, const ViewContext& ctx,
                                        const Theme& theme, const std::vector<PluginListing>& listings) {
  CatalogueContext cc{&config, &cat, &site, &ctx, {}, {}, {}, {}};
  for (const auto& l : listings) ++cc.category_counts[l.category];
  std::string js_version, css_version;
  for (const ThemeAsset& a : theme.assets()) {
    if (a.rel_path == "catalogue.js") js_version = fingerprint(a.content);
    if (a.rel_path == "catalogue.css") css_version = fingerprint(a.content);
  }
  cc.js_url = cc.url("/assets/catalogue.js") + (js_version.empty() ? "" : "?v=" + js_version);
  cc.css_url = cc.url("/assets/catalogue.css") + (css_version.empty() ? "" : "?v=" + css_version);
  Value s = Value::object();  // view["catalogue"] before the current-category marks
  {
    s["url"] = cc.url("/plugins/");
    s["stats_url"] = cc.url("/plugins/stats/");
    s["new_url"] = cc.url("/plugins/new/");
    s["updated_url"] = cc.url("/plugins/updated/");
    s["tags_url"] = cc.url("/plugins/tags/");
    s["authors_url"] = cc.url("/plugins/authors/");
    s["feed_url"] = cc.url("/plugins/atom.xml");
    s["api_url"] = cc.url("/" + registry_index_path());
    s["js_url"] = cc.js_url;
    s["css_url"] = cc.css_url;
    s["count"] = listings.size();
    Value cats = Value::list();
    for (const auto& c : cat.categories) {
      Value v = category_value(cc, c.id);
      v["description"] = c.description;
      v["count"] = cc.category_counts[c.id];
      v["current"] = false;
      cats.push_back(std::move(v));
    }
    s["categories"] = std::move(cats);
    Value hosts = Value::list();
    for (const auto& h : cat.host_versions) hosts.push_back(h.name);
    s["host_versions"] = std::move(hosts);
  }
  auto marked = [&](const std::string& current) {
    Value v = s;
    for (Value& c : v["categories"].as_list()) c["current"] = c["id"].as_string() == current;
    return Value::shared(std::move(v));
  };
  cc.shared_by_category.emplace("", marked(""));
  for (const auto& c : cat.categories) cc.shared_by_category.emplace(c.id, marked(c.id));
  return cc;
}

std::vector<ListSpec> catalogue_lists(const CatalogueContext& cc, const std::vector<PluginListing>& all) {
  const CatalogueConfig& cat = *cc.cat;
  std::vector<std::pair<std::string, const PluginListing*>> keyed;  // (lower-case name, listing)
  keyed.reserve(all.size());
  for (const auto& l : all) keyed.emplace_back(ascii_lower(l.name), &l);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
  });
  std::vector<const PluginListing*> by_name;
  by_name.reserve(keyed.size());
  for (const auto& k : keyed) by_name.push_back(k.second);
  std::vector<ListSpec> lists;
  {
    ListSpec idx;
    idx.url = "/plugins/";
    idx.title = "Plugins";
    idx.description = std::to_string(all.size()) + " plugins in " +
                      std::to_string(cat.categories.size()) + " categories.";
    idx.items = by_name;
    idx.filters = true;
    lists.push_back(std::move(idx));
  }
  for (const auto& c : cat.categories) {
    ListSpec s;
    s.url = "/plugins/category/" + c.id + "/";
    s.title = c.title;
    s.description = c.description;
    s.current_category = c.id;
    s.crumbs = {{"Plugins", "/plugins/"}};
    for (const PluginListing* l : by_name)
      if (l->category == c.id) s.items.push_back(l);
    lists.push_back(std::move(s));
  }
  std::map<std::string, std::vector<const PluginListing*>> by_tag;
  std::map<std::string, std::pair<std::string, std::vector<const PluginListing*>>> by_author;
  for (const PluginListing* l : by_name) {
    for (const auto& t : l->tags) by_tag[t].push_back(l);
    std::set<std::string> seen;
    for (const auto& a : l->authors) {
      std::string slug = author_slug(a);
      if (!seen.insert(slug).second) continue;
      auto& entry = by_author[slug];
      if (entry.first.empty()) entry.first = a.name;
      entry.second.push_back(l);
    }
  }
  {
    ListSpec tags;
    tags.url = "/plugins/tags/";
    tags.title = "Plugin tags";
    tags.crumbs = {{"Plugins", "/plugins/"}};
    tags.paginate = false;
    tags.terms = Value::list();
    for (const auto& [t, items] : by_tag) {
      Value v = Value::object();
      v["name"] = t;
      v["url"] = cc.url("/plugins/tags/" + t + "/");
      v["count"] = items.size();
      tags.terms.push_back(std::move(v));
    }
    lists.push_back(std::move(tags));
    ListSpec authors;
    authors.url = "/plugins/authors/";
    authors.title = "Plugin authors";
    authors.crumbs = {{"Plugins", "/plugins/"}};
    authors.paginate = false;
    authors.terms = Value::list();
    for (const auto& [slug, entry] : by_author) {
      Value v = Value::object();
      v["name"] = entry.first;
      v["url"] = cc.url("/plugins/authors/" + slug + "/");
      v["count"] = entry.second.size();
      authors.terms.push_back(std::move(v));
    }
    lists.push_back(std::move(authors));
  }
  for (auto& [t, items] : by_tag) {
    ListSpec s;
    s.url = "/plugins/tags/" + t + "/";
    s.title = "Plugins tagged " + t;
    s.crumbs = {{"Plugins", "/plugins/"}, {"Tags", "/plugins/tags/"}};
    s.items = std::move(items);
    lists.push_back(std::move(s));
  }
  for (auto& [slug, entry] : by_author) {
    ListSpec s;
    s.url = "/plugins/authors/" + slug + "/";
    s.title = "Plugins by " + entry.first;
    s.crumbs = {{"Plugins", "/plugins/"}, {"Authors", "/plugins/authors/"}};
    s.items = std::move(entry.second);
    lists.push_back(std::move(s));
  }
  std::vector<const PluginListing*> newest = by_name, updated = by_name;
  std::stable_sort(newest.begin(), newest.end(), [](const PluginListing* a, const PluginListing* b) {
    return b->added < a->added;
  });
  std::stable_sort(updated.begin(), updated.end(), [](const PluginListing* a, const PluginListing* b) {
    return b->last_released() < a->last_released();
  });
  {
    ListSpec s;
    s.url = "/plugins/new/";
    s.title = "New plugins";
    s.description = "The most recently added listings.";
    s.crumbs = {{"Plugins", "/plugins/"}};
    s.paginate = false;
    s.items.assign(newest.begin(), newest.begin() + std::min(kRecent, newest.size()));
    lists.push_back(std::move(s));
    ListSpec u;
    u.url = "/plugins/updated/";
    u.title = "Recently updated plugins";
    u.description = "The listings with the most recent releases.";
    u.crumbs = {{"Plugins", "/plugins/"}};
    u.paginate = false;
    u.items.assign(updated.begin(), updated.begin() + std::min(kRecent, updated.size()));
    lists.push_back(std::move(u));
  }
  return lists;
}

}  // namespace agora
