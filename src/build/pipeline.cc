#include "build/pipeline.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "build/check_stage.h"
#include "build/catalogue_stage.h"
#include "build/links.h"
#include "build/stages.h"
#include "config/config.h"
#include "content/content.h"
#include "core/files.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "core/text.h"
#include "markdown/markdown.h"
#include "output/feeds.h"
#include "output/json.h"
#include "output/sitemap.h"
#include "output/writer.h"
#include "search/search_index.h"
#include "site/site.h"
#include "theme/theme.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

using Clock = std::chrono::steady_clock;

/// Times one stage and records it in the result.
class StageTimer {
 public:
  StageTimer(BuildResult& r, std::string name) : r_(r), name_(std::move(name)), start_(Clock::now()) {}
  void done(size_t count) {
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
    r_.stages.push_back({name_, ms, count});
  }

 private:
  BuildResult& r_;
  std::string name_;
  Clock::time_point start_;
};

/// Merges per-item diagnostics in item order, so output never depends on thread timing.
void merge_all(std::vector<Diagnostics>& parts, Diagnostics& into) {
  for (auto& d : parts) into.merge(std::move(d));
}

FeedEntry feed_entry(const SiteConfig& c, const Page& p) {
  FeedEntry e;
  e.title = p.meta.title;
  e.url = absolute_url(c, p.url);
  e.summary = p.meta.description.empty() ? p.summary : p.meta.description;
  e.content_html = p.html;
  e.published = *p.meta.date;
  e.updated = p.meta.updated;
  for (const auto& a : p.meta.authors) {
    const AuthorConfig* ac = c.author(a);
    e.authors.push_back(ac ? ac->name : a);
  }
  e.tags = p.meta.tags;
  return e;
}

}  // namespace

namespace stages {

std::optional<std::string> read_file(const fs::path& p) { return read_whole_file(p.string()); }

std::optional<Date> source_date_epoch() {
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(e, &end, 10);
    if (end && end != e && *end == '\0') return date_from_unix(v);
  }
  return std::nullopt;
}

std::optional<Date> reference_now() {
  if (auto d = source_date_epoch()) return d;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch()).count();
  return date_from_unix(secs);
}

MarkdownRenderer markdown_renderer(const SiteConfig& config) {
  MarkdownOptions mopts;
  mopts.unsafe_html = config.markdown.unsafe_html;
  mopts.max_input_bytes = static_cast<size_t>(config.markdown.max_file_bytes);
  return MarkdownRenderer(mopts);
}

bool render_page_markdown(Page& p, const MarkdownRenderer& renderer, const PageIndex& index,
                          const SiteConfig& config, const HeldBackPages& held_back, Diagnostics& d,
                          std::vector<LinkCall>* calls) {
  LinkRewriter rewrite = [&](std::string_view url, const SourceLoc& at, bool) {
    if (!calls) return rewrite_link(url, at, p, index, config, d, &held_back);
    size_t before = d.items().size();
    auto result = rewrite_link(url, at, p, index, config, d, &held_back);
    calls->push_back({std::string(url), at, result, d.items().size() - before});
    return result;
  };
  std::string_view body = std::string_view(p.source).substr(p.body_offset);
  auto r = renderer.render(body, p.source_path, p.body_line, p.source, rewrite, d);
  if (!r) return false;
  p.html = std::move(r->html);
  p.headings = std::move(r->headings);
  p.links = std::move(r->links);
  p.plain_text = std::move(r->plain_text);
  p.summary = std::move(r->summary);
  p.word_count = r->word_count;
  p.reading_minutes = std::max<int>(1, static_cast<int>((p.word_count + 219) / 220));
  return true;
}

std::vector<const Page*> shown_pages(const SiteModel& site, const SiteConfig& config) {
  std::vector<const Page*> shown;
  for (const Page& p : site.pages)
    if (!shown_as_list(p, config)) shown.push_back(&p);
  return shown;
}

std::vector<OutputFile> theme_asset_files(const Theme& theme, const SiteConfig& config,
                                          ViewContext& ctx) {
  std::vector<OutputFile> files;
  for (const ThemeAsset& a : theme.assets()) {
    std::string out = "assets/" + a.rel_path;
    // Fingerprint the stylesheet and script so they can be cached forever.
    if (a.rel_path == "style.css" || a.rel_path == "theme.js") {
      size_t dot = a.rel_path.rfind('.');
      out = "assets/" + a.rel_path.substr(0, dot) + "." + fingerprint(a.content) + a.rel_path.substr(dot);
      (a.rel_path == "style.css" ? ctx.css_url : ctx.js_url) = with_base(config, "/" + out);
    }
    files.push_back({out, a.content, {}});
  }
  return files;
}

std::vector<std::string> feed_sections(const SiteConfig& config, ViewContext& ctx) {
  std::vector<std::string> sections;
  for (const SectionConfig& sc : config.sections)
    if (sc.kind == PageKind::Post) {
      sections.push_back(sc.path);
      ctx.feeds.emplace_back(sc.title + " (Atom)", "/" + sc.path + "/atom.xml");
      ctx.feeds.emplace_back(sc.title + " (RSS)", "/" + sc.path + "/rss.xml");
      ctx.feeds.emplace_back(sc.title + " (JSON Feed)", "/" + sc.path + "/feed.json");
    }
  return sections;
}

OutputFile render_page_file(const SiteModel& site, const Page& p, const Theme& theme,
                            const ViewContext& ctx, std::string* error) {
  return {p.output_path, theme.render_page(template_for(p), page_view(site, p, ctx), error), {}};
}

OutputFile render_list_file(const SiteModel& site, const ListPage& l, const Theme& theme,
                            const ViewContext& ctx, std::string* error) {
  return {l.output_path, theme.render_page(l.template_name, list_view(site, l, ctx), error), {}};
}

OutputFile render_redirect_file(const SiteModel& site, const Redirect& r, const Theme& theme,
                                const ViewContext& ctx, std::string* error) {
  return {r.output_path, theme.render(std::string_view("redirect"), redirect_view(site, r, ctx), error), {}};
}

OutputFile render_not_found_file(const SiteModel& site, const Theme& theme, const ViewContext& ctx,
                                 std::string* error) {
  return {"404.html", theme.render_page("404", not_found_view(site, ctx), error), {}};
}

OutputFile render_search_page_file(const SiteModel& site, const Theme& theme,
                                   const ViewContext& ctx, std::string* error) {
  return {"search/index.html",
          theme.render_page("search", utility_page_view(site, ctx, "/search/", "Search"), error), {}};
}

std::vector<const Page*> feed_pages(const SiteModel& site, const SiteConfig& config,
                                    const std::string& section) {
  std::vector<const Page*> out;
  auto it = site.section_pages.find(section);
  if (it == site.section_pages.end()) return out;
  for (const Page* p : it->second) {
    if (!p->meta.date) continue;
    out.push_back(p);
    if (static_cast<int64_t>(out.size()) >= config.feed_limit) break;
  }
  return out;
}

void append_feed_files(const SiteModel& site, const SiteConfig& config, const ViewContext& ctx,
                       const std::string& section, std::vector<OutputFile>& out) {
  std::vector<FeedEntry> entries;
  for (const Page* p : feed_pages(site, config, section)) entries.push_back(feed_entry(config, *p));
  const SectionConfig* sc = config.section(section);
  FeedInfo info;
  info.title = config.title + " — " + sc->title;
  info.subtitle = config.description;
  info.language = config.language;
  info.site_url = absolute_url(config, "/" + section + "/");
  info.generator = ctx.generator;
  info.feed_url = absolute_url(config, "/" + section + "/atom.xml");
  out.push_back({section + "/atom.xml", write_atom(info, entries), {}});
  info.feed_url = absolute_url(config, "/" + section + "/rss.xml");
  out.push_back({section + "/rss.xml", write_rss(info, entries), {}});
  info.feed_url = absolute_url(config, "/" + section + "/feed.json");
  out.push_back({section + "/feed.json", write_json_feed(info, entries), {}});
}

std::vector<SitemapEntry> sitemap_entries(const SiteModel& site, const SiteConfig& config,
                                          const std::vector<const Page*>& shown,
                                          const std::vector<SitemapEntry>& catalogue) {
  std::vector<SitemapEntry> sitemap;
  sitemap.reserve(shown.size() + site.lists.size() + catalogue.size());
  for (const Page* p : shown) {
    SitemapEntry e;
    e.loc = absolute_url(config, p->url);
    e.lastmod = p->meta.updated ? p->meta.updated : p->meta.date;
    sitemap.push_back(std::move(e));
  }
  for (const ListPage& l : site.lists) sitemap.push_back({absolute_url(config, l.url), std::nullopt});
  for (const SitemapEntry& e : catalogue) sitemap.push_back(e);
  return sitemap;
}

BuildResult run_stages(const BuildOptions& opt, Diagnostics& diags, Retained* keep,
                       const Retained* previous, bool reuse_outputs) {
  BuildResult result;
  auto t0 = Clock::now();
  unsigned jobs = opt.jobs ? opt.jobs : default_jobs();
  fs::path root(opt.source_dir);
  auto finish = [&](bool ok) {
    result.ok = ok && !diags.has_errors();
    result.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    diags.sort();
    return result;
  };

  // load_config
  StageTimer t_config(result, "load_config");
  const std::string config_name = "site-config.yaml";
  auto config_text = read_file(root / config_name);
  if (!config_text) {
    diags.error({(root / config_name).string(), 0, 0}, "cannot read site-config.yaml",
                "run agora in a site folder or pass --source DIR");
    return finish(false);
  }
  auto parsed_config = parse_site_config(*config_text, config_name, diags);
  if (!parsed_config) return finish(false);
  // Owned on the heap so that the site model's pointer to it survives handing it to `keep`.
  auto config = std::make_unique<SiteConfig>(std::move(*parsed_config));
  if (opt.base_url) {
    auto b = normalize_base_url(*opt.base_url);
    if (!b) {
      diags.error({"--base-url", 0, 0}, "'" + *opt.base_url + "' is not an absolute http(s) URL",
                  "for example --base-url https://org.github.io/repo/");
      return finish(false);
    }
    config->base_url = *b;
  }
  t_config.done(1);

  // discover
  StageTimer t_discover(result, "discover");
  DiscoveredSite found = discover(opt.source_dir, diags, jobs);
  t_discover.done(found.pages.size() + found.statics.size());
  if (diags.has_errors()) return finish(false);

  // A session's earlier build of the same configuration: unchanged files are taken from it.
  if (previous && (previous->config_text != *config_text || !previous->config ||
                   previous->base_url_option != opt.base_url.value_or("")))
    previous = nullptr;
  auto previous_page = [&](const std::string& source_path) -> const Page* {
    const auto& ps = previous->site.pages;
    auto it = std::lower_bound(ps.begin(), ps.end(), source_path,
                               [](const Page& p, const std::string& s) { return p.source_path < s; });
    return it != ps.end() && it->source_path == source_path ? &*it : nullptr;
  };
  std::vector<const PageMemo*> reused(found.pages.size(), nullptr);

  // parse_sources
  StageTimer t_parse(result, "parse_sources");
  std::vector<std::optional<Page>> parsed(found.pages.size());
  std::vector<PageMemo> memos(keep ? found.pages.size() : 0);
  {
    std::vector<Diagnostics> local(found.pages.size());
    parallel_for(found.pages.size(), jobs, [&](size_t i) {
      if (previous) {
        const Page* old = previous_page(found.pages[i].path);
        auto memo = old ? previous->memo.find(old->source_path) : previous->memo.end();
        if (old && memo != previous->memo.end() && memo->second.reusable && old->source == found.pages[i].text) {
          parsed[i] = *old;  // parsed and rendered: render_markdown checks its links again
          local[i] = memo->second.parse;
          reused[i] = &memo->second;
          return;
        }
      }
      parsed[i] = parse_page(std::move(found.pages[i]), *config, local[i]);
      if (keep) memos[i].parse = local[i];
    });
    merge_all(local, diags);
  }
  ParseOptions popts;
  popts.drafts = opt.drafts;
  popts.now = reference_now();
  std::vector<Page> pages;
  std::vector<const PageMemo*> page_reused;  // per page: taken from `previous`
  std::vector<PageMemo> page_memos;          // per page: what a session keeps
  HeldBackPages held_back;
  for (size_t i = 0; i < parsed.size(); ++i) {
    auto& p = parsed[i];
    if (!p) continue;
    if (excluded_from_build(*p, popts)) {
      held_back.emplace(p->rel_path, p->meta.draft ? "is a draft"
                                                   : "is dated in the future (" +
                                                         p->meta.date->ymd() + ")");
    } else {
      pages.push_back(std::move(*p));
      page_reused.push_back(reused[i]);
      if (keep) page_memos.push_back(reused[i] ? *reused[i] : std::move(memos[i]));
    }
  }
  parsed.clear();
  memos.clear();
  t_parse.done(pages.size());
  if (diags.has_errors()) return finish(false);

  // render_markdown
  StageTimer t_md(result, "render_markdown");
  PageIndex index;
  for (const Page& p : pages) index.emplace(p.rel_path, p.url);
  {
    MarkdownRenderer renderer = markdown_renderer(*config);
    std::vector<Diagnostics> local(pages.size());
    parallel_for(pages.size(), jobs, [&](size_t i) {
      if (const PageMemo* m = page_reused[i]) {
        // The same bytes as in the last build: its rendering stands if every link it rewrote
        // resolves as it did then (a page added, removed or held back may change that).
        bool same = true;
        for (const LinkCall& c : m->calls) {
          Diagnostics scratch;
          if (rewrite_link(c.url, c.at, pages[i], index, *config, scratch, &held_back) != c.result ||
              !scratch.empty()) {
            same = false;
            break;
          }
        }
        if (same) {
          local[i] = m->render;
          return;
        }
        if (keep) page_memos[i].calls.clear();
      }
      bool ok = render_page_markdown(pages[i], renderer, index, *config, held_back, local[i],
                                     keep ? &page_memos[i].calls : nullptr);
      if (keep) {
        page_memos[i].render = local[i];
        page_memos[i].reusable = ok && !local[i].has_errors();
        for (const LinkCall& c : page_memos[i].calls)
          if (c.diagnostics) page_memos[i].reusable = false;
      }
    });
    merge_all(local, diags);
  }
  t_md.done(pages.size());
  if (diags.has_errors()) return finish(false);

  std::vector<std::string> memo_paths;
  if (keep)
    for (const Page& p : pages) memo_paths.push_back(p.source_path);

  // assemble
  StageTimer t_assemble(result, "assemble");
  SiteModel site = assemble(std::move(pages), *config, diags);
  t_assemble.done(site.pages.size() + site.lists.size() + site.redirects.size());
  if (diags.has_errors()) return finish(false);

  // load_theme: the site's own themes/<name>, else the bundled one.
  StageTimer t_theme(result, "load_theme");
  fs::path theme_dir = root / "themes" / config->theme;
  if (!fs::is_directory(theme_dir) && !opt.themes_dir.empty())
    theme_dir = fs::path(opt.themes_dir) / config->theme;
  if (!fs::is_directory(theme_dir)) {
    diags.error({config_name, 0, 0}, "theme '" + config->theme + "' not found",
                "put it in themes/" + config->theme + "/ or use 'theme: default'");
    return finish(false);
  }
  auto theme = Theme::load(theme_dir.string(), (root / "layouts").string(), diags);
  if (!theme) return finish(false);
  for (const Page& p : site.pages)
    if (!p.meta.layout.empty() && !theme->has_template(p.meta.layout)) {
      SourceLoc loc = p.meta.key_locs.count("layout") ? p.meta.key_locs.at("layout")
                                                      : SourceLoc{p.source_path, 1, 1};
      diags.error(loc, "layout '" + p.meta.layout + "' is not a template of theme '" + config->theme + "'",
                  did_you_mean(p.meta.layout, theme->template_names()), p.source);
    }
  t_theme.done(theme->assets().size());
  if (diags.has_errors()) return finish(false);

  ViewContext ctx;
  ctx.generator = "agora 0.1.0";
  ctx.assets_url = with_base(*config, "/assets/");
  std::vector<OutputFile> files = theme_asset_files(*theme, *config, ctx);
  std::vector<std::string> feed_section_paths = feed_sections(*config, ctx);

  // catalogue: plugins-index/ and reviews/ → plugin pages, lists, feed, stats, /api/v1/.
  StageTimer t_catalogue(result, "catalogue");
  CatalogueOutput catalogue = run_catalogue_stage({root, &*config, &site, &*theme, &ctx, jobs}, diags);
  std::vector<std::string> catalogue_paths;
  for (auto& f : catalogue.files) {
    catalogue_paths.push_back(f.path);
    files.push_back(std::move(f));
  }
  catalogue.files.clear();
  t_catalogue.done(catalogue.listings.size());
  for (const CatalogueStep& s : catalogue.steps)
    result.stages.push_back({"catalogue/" + s.name, s.ms, s.count, true});
  if (diags.has_errors()) return finish(false);

  // search_index: every page shown on its own (lists and redirects are not results), and
  // every plugin listing. It needs pages, not their HTML, so it runs before apply_templates:
  // its working memory is freed before the site's HTML exists (a lower peak). A session's
  // build runs it after the reload instead (BuildSession::finish).
  if (!keep) {
    StageTimer t_search(result, "search_index");
    std::vector<SearchDocument> docs;
    for (const Page* p : shown_pages(site, *config))
      docs.push_back(search_document(*p, with_base(*config, p->url), config->language));
    for (SearchDocument& d : catalogue_search_documents(catalogue, *config)) docs.push_back(std::move(d));
    SearchIndexOptions sopts;
    sopts.language = config->language;
    sopts.jobs = jobs;
    auto index_files = build_search_index(docs, sopts, result.search, diags);
    for (SearchFile& f : index_files) files.push_back({std::move(f.path), std::move(f.content), {}});
    t_search.done(result.search.files);
    if (diags.has_errors()) return finish(false);
  }

  // apply_templates
  StageTimer t_tpl(result, "apply_templates");
  std::vector<const Page*> shown = shown_pages(site, *config);
  size_t n_pages = shown.size(), n_lists = site.lists.size(), n_redirects = site.redirects.size();
  // Then two pages of the site's own: 404.html and the search page.
  std::vector<OutputFile> rendered(n_pages + n_lists + n_redirects + 2);
  std::vector<std::string> errors(rendered.size());
  // A session's build: what each output is made from; with the last build's signatures, the
  // outputs made from the same inputs as then are taken from it.
  std::vector<PageKeys> keys;
  std::vector<Signature> sigs;
  std::vector<char> reuse(rendered.size(), 0);
  std::vector<std::shared_ptr<const OutputFile>> reused_files;
  if (keep) {
    keys = all_page_keys(site, jobs);
    sigs = output_signatures(site, *config, feed_section_paths, catalogue.sitemap, shown, keys, jobs);
    if (previous && reuse_outputs && previous->files) {
      std::unordered_map<std::string_view, uint64_t> before;
      for (const auto& [path, h] : previous->signatures) before.emplace(path, h);
      for (size_t i = 0; i < n_pages + n_lists + n_redirects; ++i) {
        auto b = before.find(sigs[i].path);
        if (b == before.end() || b->second != sigs[i].hash) continue;
        auto f = previous->files->find(sigs[i].path);
        if (f == previous->files->end()) continue;
        reuse[i] = 1;
        reused_files.push_back(f->second);
      }
    }
  }
  parallel_for(rendered.size(), jobs, [&](size_t i) {
    if (reuse[i]) return;
    if (i < n_pages)
      rendered[i] = render_page_file(site, *shown[i], *theme, ctx, &errors[i]);
    else if (i < n_pages + n_lists)
      rendered[i] = render_list_file(site, site.lists[i - n_pages], *theme, ctx, &errors[i]);
    else if (i < n_pages + n_lists + n_redirects)
      rendered[i] = render_redirect_file(site, site.redirects[i - n_pages - n_lists], *theme, ctx, &errors[i]);
    else if (i == n_pages + n_lists + n_redirects)
      rendered[i] = render_not_found_file(site, *theme, ctx, &errors[i]);
    else
      rendered[i] = render_search_page_file(site, *theme, ctx, &errors[i]);
  });
  for (size_t i = 0; i < errors.size(); ++i)
    if (!errors[i].empty()) diags.error({rendered[i].path, 0, 0}, "template error: " + errors[i]);
  size_t rendered_count = rendered.size() - reused_files.size();
  for (size_t i = 0; i < rendered.size(); ++i)
    if (!reuse[i]) files.push_back(std::move(rendered[i]));
  rendered.clear();
  result.pages = n_pages;
  t_tpl.done(rendered_count);
  if (diags.has_errors()) return finish(false);

  // feeds_sitemap
  StageTimer t_feeds(result, "feeds_sitemap");
  size_t before_feeds = files.size();
  for (const std::string& section : feed_section_paths) append_feed_files(site, *config, ctx, section, files);
  files.push_back({"sitemap.xml", write_sitemap(sitemap_entries(site, *config, shown, catalogue.sitemap)), {}});
  files.push_back({"robots.txt", write_robots_txt(absolute_url(*config, "/sitemap.xml")), {}});
  for (const StaticFile& s : found.statics) files.push_back({s.output_path, {}, s.source_path});
  t_feeds.done(files.size() - before_feeds);
  if (diags.has_errors()) return finish(false);

  if (keep) {
    // A session's build: keep everything in memory; the session runs search_index and
    // check_links as its second step (BuildSession::finish).
    auto out = std::make_shared<SiteFiles>();
    result.files = files.size();
    for (auto& f : files) {
      result.bytes += f.copy_from.empty() ? f.content.size() : 0;
      std::string path = f.path;
      out->insert_or_assign(std::move(path), std::make_shared<const OutputFile>(std::move(f)));
    }
    files.clear();
    for (auto& f : reused_files) {
      result.bytes += f->content.size();
      out->insert_or_assign(f->path, std::move(f));
    }
    result.files = out->size();
    keep->keys = std::move(keys);
    keep->signatures = signature_list(sigs);
    keep->config_text = std::move(*config_text);
    keep->config = std::move(config);
    keep->theme = std::move(theme);
    keep->ctx = std::move(ctx);
    keep->popts = popts;
    keep->site = std::move(site);
    keep->index = std::move(index);
    keep->held_back = std::move(held_back);
    keep->feed_sections = std::move(feed_section_paths);
    keep->statics = std::move(found.statics);
    keep->catalogue = std::move(catalogue);
    keep->catalogue_paths = std::move(catalogue_paths);
    keep->files = std::move(out);
    keep->shown = n_pages;
    keep->base_url_option = opt.base_url.value_or("");
    keep->memo.clear();
    for (size_t i = 0; i < memo_paths.size(); ++i) keep->memo.emplace(std::move(memo_paths[i]), std::move(page_memos[i]));
    return finish(true);
  }

  // check_links: every internal link, anchor, image and asset in the output HTML (orphan
  // pages are reported by `agora check` only).
  StageTimer t_check(result, "check_links");
  t_check.done(check_site_links(site, *config, files, /*orphans=*/!opt.write, jobs, diags));
  if (diags.has_errors()) return finish(false);

  // write_output
  StageTimer t_write(result, "write_output");
  result.files = files.size();
  for (const auto& f : files) result.bytes += f.copy_from.empty() ? f.content.size() : 0;
  if (opt.write) {
    WriteOptions wopts = write_options_from_environment(diags);
    wopts.threads = jobs;
    auto stats = write_site(opt.out_dir, std::move(files), diags, wopts);
    if (!stats) return finish(false);
    result.files = stats->files;
    result.bytes = stats->bytes;
  }
  t_write.done(result.files);
  return finish(true);
}

}  // namespace stages

BuildResult run_build(const BuildOptions& opt, Diagnostics& diags) {
  return stages::run_stages(opt, diags, nullptr);
}

std::string summary_line(const BuildResult& r) {
  char buf[160];
  double mb = static_cast<double>(r.bytes) / (1024.0 * 1024.0);
  std::snprintf(buf, sizeof buf, "agora: %zu pages, %zu files (%.1f MB) in %.0f ms", r.pages,
                r.files, mb, r.total_ms);
  std::string out = buf;
  if (r.search.files > 0) out += "\n" + search_stats_line(r.search);
  return out;
}

std::string stats_table(const BuildResult& r) {
  std::string out = "stage                     ms      count\n";
  char buf[128];
  for (const StageTiming& s : r.stages) {
    std::string name = (s.step ? "  " : "") + s.name;
    std::snprintf(buf, sizeof buf, "%-22s %8.1f %10zu\n", name.c_str(), s.ms, s.count);
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "%-22s %8.1f\n", "total", r.total_ms);
  out += buf;
  return out;
}

}  // namespace agora
