#include "build/catalogue_stage.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

#include "build/catalogue_views.h"
#include "build/stages.h"
#include "catalogue/registry.h"
#include "core/files.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "core/text.h"
#include "markdown/markdown.h"
#include "output/feeds.h"
#include "output/json.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

bool is_listing_file(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

// ---------------------------------------------------------------------------------------------
// Reading and validating

struct Sources {
  std::vector<std::pair<std::string, std::string>> listings;  ///< (site-relative path, text)
  std::vector<std::pair<std::string, std::string>> reviews;
};

/// Reads plugins-index/*.yaml and reviews/**/*.md, sorted by path. Everything runs in
/// parallel — listing the review folders (one per plugin) and reading the files: with
/// thousands of listings and reviews, both are a visible part of the stage.
Sources read_sources(const fs::path& root, unsigned jobs, Diagnostics& diags) {
  Sources s;
  std::error_code ec;
  std::vector<std::string> listing_files, review_files;  // site-relative, '/'-separated
  fs::path index = root / "plugins-index";
  if (fs::is_directory(index, ec))
    for (const auto& e : fs::directory_iterator(index, ec))
      if (e.is_regular_file() && is_listing_file(e.path()))
        listing_files.push_back("plugins-index/" + e.path().filename().string());
  fs::path reviews = root / "reviews";
  if (fs::is_directory(reviews, ec)) {
    std::vector<fs::directory_entry> top;
    for (const auto& e : fs::directory_iterator(reviews, ec)) top.push_back(e);
    std::vector<std::vector<std::string>> found(top.size());
    parallel_for(top.size(), jobs, [&](size_t i) {
      auto add = [&](const fs::directory_entry& e) {
        if (e.is_regular_file() && e.path().extension() == ".md")
          found[i].push_back(e.path().lexically_relative(root).generic_string());
      };
      add(top[i]);
      std::error_code dir_ec;
      if (top[i].is_directory(dir_ec) && !top[i].is_symlink(dir_ec))  // as a recursive walk would
        for (const auto& e : fs::recursive_directory_iterator(top[i].path(), dir_ec)) add(e);
    });
    for (auto& f : found)
      for (auto& p : f) review_files.push_back(std::move(p));
  }
  std::sort(listing_files.begin(), listing_files.end());
  std::sort(review_files.begin(), review_files.end());
  auto read_all = [&](const std::vector<std::string>& files, bool listings,
                      std::vector<std::pair<std::string, std::string>>& into) {
    std::vector<std::optional<std::string>> texts(files.size());
    parallel_for(files.size(), jobs, [&](size_t i) { texts[i] = read_whole_file((root / files[i]).string()); });
    for (size_t i = 0; i < files.size(); ++i) {
      if (texts[i])
        into.emplace_back(files[i], std::move(*texts[i]));
      else
        diags.error({files[i], 0, 0}, listings ? "cannot read the listing file" : "cannot read the review file");
    }
  };
  read_all(listing_files, true, s.listings);
  read_all(review_files, false, s.reviews);
  return s;
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

/// Records the wall time of each step since the previous one.
class StepClock {
 public:
  using Clock = std::chrono::steady_clock;
  explicit StepClock(std::vector<CatalogueStep>& into) : into_(into) {}
  void done(const char* name, size_t count) {
    Clock::time_point now = Clock::now();
    into_.push_back({name, std::chrono::duration<double, std::milli>(now - last_).count(), count});
    last_ = now;
  }

 private:
  std::vector<CatalogueStep>& into_;
  Clock::time_point last_ = Clock::now();
};

std::string output_path_for(const std::string& site_url) {
  std::string p = site_url.substr(1);
  return p + "index.html";
}

}  // namespace

Date catalogue_reference_date(const std::vector<PluginListing>& listings, const SiteModel& site) {
  if (auto d = stages::source_date_epoch()) return *d;
  std::optional<Date> best = newest_catalogue_date(listings);
  for (const Page& p : site.pages)
    for (const auto& d : {p.meta.date, p.meta.updated})
      if (d && (!best || *best < *d)) best = d;
  return best ? *best : date_from_unix(0);
}

CatalogueOutput run_catalogue_stage(const CatalogueStageInput& in, Diagnostics& diags) {
  CatalogueOutput out;
  StepClock step(out.steps);
  const SiteConfig& config = *in.config;
  Sources src = read_sources(in.root, in.jobs, diags);
  step.done("read", src.listings.size() + src.reviews.size());
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
  step.done("listings", out.listings.size());
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
  step.done("reviews", src.reviews.size());
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
  step.done("markdown", out.listings.size());
  if (diags.has_errors()) return out;

  CatalogueContext cc = make_catalogue_context(config, cat, *in.site, *in.ctx, *in.theme, out.listings);
  const std::vector<PluginListing>& all = out.listings;
  std::vector<ListSpec> lists = catalogue_lists(cc, all);

  // Page jobs.
  std::vector<PageJob> jobs;
  for (const ListSpec& s : lists) {
    int total = s.paginate ? std::max<int>(1, static_cast<int>((s.items.size() + kCataloguePerPage - 1) / kCataloguePerPage)) : 1;
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
  // Each card is in several lists (all, its category, tags, authors): shared, not copied.
  parallel_for(all.size(), in.jobs, [&](size_t i) { cards[i] = Value::shared(card_value(cc, all[i])); });
  Value filters = Value::shared(filters_value(cc, all));

  std::vector<OutputFile> rendered(jobs.size());
  std::vector<std::string> errors(jobs.size());
  parallel_for(jobs.size(), in.jobs, [&](size_t i) {
    const PageJob& j = jobs[i];
    Value view = j.list ? list_view(cc, *j.list, j.page_number, j.page_count, cards, filters, all)
                 : j.listing ? plugin_view(cc, *j.listing, out.rendered[j.listing_index], cards[j.listing_index])
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
  step.done("templates", out.pages);

  // The registry API: canonical JSON.
  // The index is one job among the records (the first taken), not a serial step after them.
  {
    std::vector<std::string> docs(all.size() + 1);
    parallel_for(docs.size(), in.jobs, [&](size_t i) {
      docs[i] = i == 0 ? to_json(registry_index(all, cat, config.base_url))
                       : to_json(registry_record(all[i - 1], cat, config.base_url));
    });
    out.files.push_back({registry_index_path(), std::move(docs[0]), {}});
    for (size_t i = 0; i < all.size(); ++i)
      out.files.push_back({registry_record_path(all[i].id), std::move(docs[i + 1]), {}});
  }
  step.done("registry", all.size() + 1);

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
  step.done("feed", 1);
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
