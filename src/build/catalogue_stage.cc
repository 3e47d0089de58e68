#include "build/catalogue_stage.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "catalogue/registry.h"
#include "catalogue/stats.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "core/text.h"
#include "markdown/markdown.h"
#include "output/feeds.h"
#include "output/json.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

/// Listings per page of the no-JavaScript lists (/plugins/, categories, tags, authors).
constexpr size_t kPerPage = 30;
/// Entries of the "new" and "recently updated" lists.
constexpr size_t kRecent = 30;

std::optional<std::string> read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool is_listing_file(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

// ---------------------------------------------------------------------------------------------
// Reading and validating

struct Sources {
  std::vector<std::pair<std::string, std::string>> listings;  ///< (site-relative path, text)
  std::vector<std::pair<std::string, std::string>> reviews;
};

/// Reads plugins-index/*.yaml and reviews/**/*.md, sorted by path (the files in parallel: with
/// thousands of listings and reviews, the reads are a visible part of the stage).
Sources read_sources(const fs::path& root, unsigned jobs, Diagnostics& diags) {
  Sources s;
  std::error_code ec;
  std::vector<fs::path> listing_files, review_files;
  fs::path index = root / "plugins-index";
  if (fs::is_directory(index, ec))
    for (const auto& e : fs::directory_iterator(index, ec))
      if (e.is_regular_file() && is_listing_file(e.path())) listing_files.push_back(e.path());
  fs::path reviews = root / "reviews";
  if (fs::is_directory(reviews, ec))
    for (const auto& e : fs::recursive_directory_iterator(reviews, ec))
      if (e.is_regular_file() && e.path().extension() == ".md") review_files.push_back(e.path());
  std::sort(listing_files.begin(), listing_files.end());
  std::sort(review_files.begin(), review_files.end());
  auto read_all = [&](const std::vector<fs::path>& files, bool listings,
                      std::vector<std::pair<std::string, std::string>>& into) {
    std::vector<std::optional<std::string>> texts(files.size());
    parallel_for(files.size(), jobs, [&](size_t i) { texts[i] = read_text(files[i]); });
    for (size_t i = 0; i < files.size(); ++i) {
      std::error_code rec;
      std::string rel = listings ? "plugins-index/" + files[i].filename().string()
                                 : fs::relative(files[i], root, rec).generic_string();
      if (texts[i])
        into.emplace_back(std::move(rel), std::move(*texts[i]));
      else
        diags.error({rel, 0, 0}, listings ? "cannot read the listing file" : "cannot read the review file");
    }
  };
  read_all(listing_files, true, s.listings);
  read_all(review_files, false, s.reviews);
  return s;
}

std::optional<Date> env_reference_date() {
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(e, &end, 10);
    if (end && end != e && *end == '\0') return date_from_unix(v);
  }
  return std::nullopt;
}

/// The file line where a listing's `description` text starts (the line after `|` or `>`).
int description_first_line(const PluginListing& l) {
  SourceLoc at = l.loc_of("description");
  std::vector<std::string_view> lines = split(l.source, '\n');
  if (at.line >= 1 && static_cast<size_t>(at.line) <= lines.size()) {
    std::string_view line = lines[at.line - 1];
    size_t col = at.col > 0 ? static_cast<size_t>(at.col - 1) : 0;
    if (col < line.size() && (line[col] == '|' || line[col] == '>')) return at.line + 1;
  }
  return at.line > 0 ? at.line : 1;
}

// ---------------------------------------------------------------------------------------------
// View data

std::string plugin_url(std::string_view id) { return "/plugins/" + std::string(id) + "/"; }

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

/// Everything shared by the catalogue's pages: URLs of its lists, categories, host versions.
struct CatalogueContext {
  const SiteConfig* config;
  const CatalogueConfig* cat;
  const SiteModel* site;
  const ViewContext* ctx;
  std::string js_url, css_url;
  Value shared;  ///< view["catalogue"] without the current-category marks
  std::map<std::string, size_t> category_counts;

  std::string url(std::string_view site_url) const { return with_base(*config, site_url); }
  std::string category_title(const std::string& id) const {
    const CategoryConfig* c = cat->category(id);
    return c ? c->title : id;
  }
};

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
  Value cat = cc.shared;
  for (Value& c : cat["categories"].as_list())
    c["current"] = c["id"].as_string() == current_category;
  view["catalogue"] = std::move(cat);
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

/// One list of listings, before pagination.
struct ListSpec {
  std::string url;  ///< site-relative, of page 1
  std::string title, description;
  std::vector<const PluginListing*> items;
  bool paginate = true;
  bool filters = false;             ///< the JavaScript filter form (the main index only)
  std::string current_category;
  std::vector<std::pair<std::string, std::string>> crumbs;
  Value terms;                      ///< for the tags and authors pages: [{name, url, count}]
};

/// A page to render: template and view, built lazily on a worker thread.
struct PageJob {
  std::string output_path;
  std::string site_url;
  std::string template_name;
  const ListSpec* list = nullptr;
  int page_number = 1, page_count = 1;
  const PluginListing* listing = nullptr;
  size_t listing_index = 0;
};

std::string list_page_url(const std::string& first, int n) {
  return n == 1 ? first : first + "page/" + std::to_string(n) + "/";
}

std::string output_path_for(const std::string& site_url) {
  std::string p = site_url.substr(1);
  return p + "index.html";
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
  size_t begin = spec.paginate ? static_cast<size_t>(n - 1) * kPerPage : 0;
  size_t end = spec.paginate ? std::min(spec.items.size(), begin + kPerPage) : spec.items.size();
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

Value plugin_view(const CatalogueContext& cc, const PluginListing& l, const RenderedListing& r) {
  std::string url = plugin_url(l.id);
  Value view = base_view(cc, url, l.name, l.summary, l.category);
  view["meta"]["og_type"] = "website";
  view["meta"]["json_ld"] = json_ld(cc, l);
  view["page"]["breadcrumbs"] =
      breadcrumbs(cc, {{"Plugins", "/plugins/"},
                       {cc.category_title(l.category), "/plugins/category/" + l.category + "/"}});
  Value p = card_value(cc, l);
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

}  // namespace

Date catalogue_reference_date(const std::vector<PluginListing>& listings, const SiteModel& site) {
  if (auto d = env_reference_date()) return *d;
  std::optional<Date> best = newest_catalogue_date(listings);
  for (const Page& p : site.pages)
    for (const auto& d : {p.meta.date, p.meta.updated})
      if (d && (!best || *best < *d)) best = d;
  return best ? *best : date_from_unix(0);
}

CatalogueOutput run_catalogue_stage(const CatalogueStageInput& in, Diagnostics& diags) {
  CatalogueOutput out;
  const SiteConfig& config = *in.config;
  Sources src = read_sources(in.root, in.jobs, diags);
  if (!config.catalogue) {
    if (!src.listings.empty())
      diags.error({src.listings.front().first, 1, 1},
                  "plugins-index/ holds listings but site-config.yaml has no 'catalogue:' block",
                  "declare the categories: 'catalogue: { categories: [{ id: tools, title: Tools }] }'");
    else if (!src.reviews.empty())
      diags.error({src.reviews.front().first, 1, 1},
                  "reviews/ holds reviews but site-config.yaml has no 'catalogue:' block");
    return out;
  }
  out.enabled = true;
  YamlSource cfg_src{config.source_file, config.source_text, 0};
  out.config = parse_catalogue_config(*config.catalogue, cfg_src, diags);
  if (!out.config) return out;
  const CatalogueConfig& cat = *out.config;

  // Validate every listing (in parallel: parse_listing is pure), then the cross-file rules.
  auto exists = [&](std::string_view p) {
    std::error_code ec;
    return fs::is_regular_file(in.root / std::string(p), ec);
  };
  {
    std::vector<std::optional<PluginListing>> parsed(src.listings.size());
    std::vector<Diagnostics> local(src.listings.size());
    parallel_for(src.listings.size(), in.jobs, [&](size_t i) {
      parsed[i] = parse_listing(src.listings[i].first, src.listings[i].second, cat, exists, local[i]);
    });
    for (auto& d : local) diags.merge(std::move(d));
    for (auto& p : parsed)
      if (p) out.listings.push_back(std::move(*p));
  }
  check_listings(out.listings, diags);
  std::vector<Review> reviews;
  {
    std::vector<std::optional<Review>> parsed(src.reviews.size());
    std::vector<Diagnostics> local(src.reviews.size());
    parallel_for(src.reviews.size(), in.jobs, [&](size_t i) {
      parsed[i] = parse_review(src.reviews[i].first, src.reviews[i].second, local[i]);
    });
    for (auto& d : local) diags.merge(std::move(d));
    for (auto& r : parsed)
      if (r) reviews.push_back(std::move(*r));
  }
  attach_reviews(out.listings, std::move(reviews), diags);
  if (diags.has_errors()) return out;

  // Output paths a content page already owns would be overwritten: report them.
  std::set<std::string> taken;
  for (const Page& p : in.site->pages) taken.insert(p.output_path);
  for (const ListPage& l : in.site->lists) taken.insert(l.output_path);
  for (const char* p : {"plugins/index.html", "plugins/atom.xml"})
    if (taken.count(p))
      diags.error({"content/plugins", 0, 0},
                  std::string("the plugin catalogue writes ") + p + ", which a content page also writes",
                  "move the page out of content/plugins/");
  if (diags.has_errors()) return out;

  out.reference = catalogue_reference_date(out.listings, *in.site);
  mark_stale(out.listings, out.reference, cat.stale_after_months);

  // Descriptions and reviews, with the same Markdown rules as pages but never raw HTML.
  {
    MarkdownOptions mopts;
    mopts.unsafe_html = false;
    mopts.max_input_bytes = CatalogueLimits::kDescriptionChars * 4;
    MarkdownRenderer renderer(mopts);
    out.rendered.resize(out.listings.size());
    std::vector<Diagnostics> local(out.listings.size());
    parallel_for(out.listings.size(), in.jobs, [&](size_t i) {
      const PluginListing& l = out.listings[i];
      RenderedListing& r = out.rendered[i];
      Diagnostics& d = local[i];
      LinkRewriter rewrite = [&](std::string_view url, const SourceLoc&, bool) -> std::optional<std::string> {
        if (!url.empty() && url[0] == '/' && (url.size() < 2 || url[1] != '/'))
          return with_base(config, url);
        return std::nullopt;
      };
      if (!l.description.empty()) {
        if (auto res = renderer.render(l.description, l.path, description_first_line(l), l.source,
                                       rewrite, d)) {
          r.description_html = std::move(res->html);
          r.description_text = std::move(res->plain_text);
        }
      }
      for (const Review& rv : l.reviews) {
        auto res = renderer.render(rv.body(), rv.path, rv.body_line, rv.source, rewrite, d);
        r.review_html.push_back(res ? std::move(res->html) : std::string());
      }
    });
    for (auto& d : local) diags.merge(std::move(d));
  }
  if (diags.has_errors()) return out;

  // The shared part of every catalogue page's view.
  CatalogueContext cc{&config, &cat, in.site, in.ctx, {}, {}, Value::object(), {}};
  for (const auto& l : out.listings) ++cc.category_counts[l.category];
  std::string js_version, css_version;
  for (const ThemeAsset& a : in.theme->assets()) {
    if (a.rel_path == "catalogue.js") js_version = fingerprint(a.content);
    if (a.rel_path == "catalogue.css") css_version = fingerprint(a.content);
  }
  cc.js_url = cc.url("/assets/catalogue.js") + (js_version.empty() ? "" : "?v=" + js_version);
  cc.css_url = cc.url("/assets/catalogue.css") + (css_version.empty() ? "" : "?v=" + css_version);
  {
    Value& s = cc.shared;
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
    s["count"] = out.listings.size();
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

  // Lists.
  const std::vector<PluginListing>& all = out.listings;
  std::vector<const PluginListing*> by_name;
  for (const auto& l : all) by_name.push_back(&l);
  std::sort(by_name.begin(), by_name.end(), [](const PluginListing* a, const PluginListing* b) {
    std::string x = ascii_lower(a->name), y = ascii_lower(b->name);
    return x != y ? x < y : a->id < b->id;
  });
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

  // Page jobs.
  std::vector<PageJob> jobs;
  for (const ListSpec& s : lists) {
    int total = s.paginate ? std::max<int>(1, static_cast<int>((s.items.size() + kPerPage - 1) / kPerPage)) : 1;
    for (int n = 1; n <= total; ++n) {
      PageJob j;
      j.site_url = list_page_url(s.url, n);
      j.output_path = output_path_for(j.site_url);
      j.template_name = "plugin_list";
      j.list = &s;
      j.page_number = n;
      j.page_count = total;
      jobs.push_back(std::move(j));
    }
  }
  for (size_t i = 0; i < all.size(); ++i) {
    PageJob j;
    j.site_url = plugin_url(all[i].id);
    j.output_path = output_path_for(j.site_url);
    j.template_name = "plugin";
    j.listing = &all[i];
    j.listing_index = i;
    jobs.push_back(std::move(j));
  }
  {
    PageJob j;
    j.site_url = "/plugins/stats/";
    j.output_path = output_path_for(j.site_url);
    j.template_name = "plugin_stats";
    jobs.push_back(std::move(j));
  }
  for (const PageJob& j : jobs)
    if (taken.count(j.output_path))
      diags.error({"content/" + j.output_path.substr(0, j.output_path.size() - 10), 0, 0},
                  "the plugin catalogue writes " + j.output_path + ", which a content page also writes",
                  "move the page out of content/plugins/");
  for (const char* t : {"plugin_list", "plugin", "plugin_stats"})
    if (!in.theme->has_template(t))
      diags.error({config.source_file, 0, 0},
                  std::string("theme '") + config.theme + "' has no '" + t + "' template for the plugin catalogue",
                  "copy templates/" + std::string(t) + ".mustache from agora's default theme");
  if (diags.has_errors()) return out;

  std::vector<Value> cards(all.size());
  parallel_for(all.size(), in.jobs, [&](size_t i) { cards[i] = card_value(cc, all[i]); });
  Value filters = filters_value(cc, all);

  std::vector<OutputFile> rendered(jobs.size());
  std::vector<std::string> errors(jobs.size());
  parallel_for(jobs.size(), in.jobs, [&](size_t i) {
    const PageJob& j = jobs[i];
    Value view = j.list ? list_view(cc, *j.list, j.page_number, j.page_count, cards, filters, all)
                 : j.listing ? plugin_view(cc, *j.listing, out.rendered[j.listing_index])
                             : stats_view(cc, all);
    rendered[i].path = j.output_path;
    rendered[i].content = in.theme->render_page(j.template_name, view, &errors[i]);
  });
  for (size_t i = 0; i < errors.size(); ++i)
    if (!errors[i].empty()) diags.error({rendered[i].path, 0, 0}, "template error: " + errors[i]);
  out.pages = rendered.size();
  for (size_t i = 0; i < jobs.size(); ++i) {
    SitemapEntry e;
    e.loc = absolute_url(config, jobs[i].site_url);
    if (jobs[i].listing) e.lastmod = jobs[i].listing->last_released();
    out.sitemap.push_back(std::move(e));
  }
  for (auto& f : rendered) out.files.push_back(std::move(f));

  // The registry API: canonical JSON.
  out.files.push_back({registry_index_path(), to_json(registry_index(all, cat, config.base_url)), {}});
  {
    std::vector<std::string> records(all.size());
    parallel_for(all.size(), in.jobs, [&](size_t i) {
      records[i] = to_json(registry_record(all[i], cat, config.base_url));
    });
    for (size_t i = 0; i < all.size(); ++i)
      out.files.push_back({registry_record_path(all[i].id), std::move(records[i]), {}});
  }

  // Local icons and screenshots, copied as they are (each path once).
  std::set<std::string> assets;
  for (const auto& l : all) {
    auto add = [&](const PluginAsset& a) {
      if (a.is_local() && assets.insert(a.path).second)
        out.files.push_back({asset_output_path(a), {}, (in.root / a.path).string()});
    };
    if (l.icon) add(*l.icon);
    for (const auto& s : l.screenshots) add(s);
  }

  // The Atom feed of new and updated plugins: one entry per listing, for its newest event.
  {
    std::vector<size_t> order(all.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto last_event = [&](size_t i) {
      Date a = all[i].added, r = all[i].last_released();
      return a < r ? r : a;
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      Date x = last_event(a), y = last_event(b);
      if (!(x == y)) return y < x;
      return all[a].id < all[b].id;
    });
    std::vector<FeedEntry> entries;
    for (size_t i : order) {
      if (static_cast<int64_t>(entries.size()) >= config.feed_limit) break;
      const PluginListing& l = all[i];
      FeedEntry e;
      bool is_new = !(l.added < l.last_released());
      std::string version = l.latest().version.str();
      e.title = is_new ? "New: " + l.name : l.name + " " + version;
      e.url = absolute_url(config, plugin_url(l.id));
      e.id = e.url + "#" + (is_new ? std::string("added") : "v" + version);
      e.summary = l.summary;
      e.content_html = out.rendered[i].description_html;
      e.published = l.added;
      if (!is_new) e.updated = l.last_released();
      for (const auto& a : l.authors) e.authors.push_back(a.name);
      e.tags = l.tags;
      entries.push_back(std::move(e));
    }
    FeedInfo info;
    info.title = config.title + " — new and updated plugins";
    info.subtitle = "Plugins added to or released in the catalogue";
    info.language = config.language;
    info.site_url = absolute_url(config, "/plugins/");
    info.feed_url = absolute_url(config, "/plugins/atom.xml");
    info.generator = in.ctx->generator;
    out.files.push_back({"plugins/atom.xml", write_atom(info, entries), {}});
  }
  return out;
}

std::vector<SearchDocument> catalogue_search_documents(const CatalogueOutput& out,
                                                       const SiteConfig& config) {
  std::vector<SearchDocument> docs;
  if (!out.enabled || !out.config) return docs;
  docs.reserve(out.listings.size());
  for (size_t i = 0; i < out.listings.size(); ++i) {
    const PluginListing& l = out.listings[i];
    SearchDocument d;
    d.url = with_base(config, plugin_url(l.id));
    d.title = l.name;
    d.section = "plugins";
    const CategoryConfig* c = out.config->category(l.category);
    d.category = c ? c->title : l.category;
    d.language = config.language;
    d.tags = l.tags;
    d.summary = l.summary;
    if (i < out.rendered.size() && !out.rendered[i].description_text.empty())
      d.sections.push_back({"", "", out.rendered[i].description_text});
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace agora
