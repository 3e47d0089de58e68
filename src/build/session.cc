#include "build/session.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "build/check_stage.h"
#include "build/stages.h"
#include "core/parallel.h"
#include "core/text.h"
#include "output/sitemap.h"
#include "search/search_index.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

using Clock = std::chrono::steady_clock;
using stages::OutputKind;
using stages::PageKeys;
using stages::Retained;
using stages::Signature;
using stages::all_page_keys;
using stages::page_keys;
using stages::signature_list;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string_view front_matter(const Page& p) { return std::string_view(p.source).substr(0, p.body_offset); }

/// True when assemble() arranges `a` exactly as `b`: same place, same sort keys, same lists and
/// terms, and nothing it copies into the model differs. Keep in step with what site/assemble.cc
/// reads from a page (title, weight, date, tags, authors, aliases; an index page's description).
/// Everything else of the front matter only reaches the page's own output and the items that
/// show it, which the signatures cover.
bool same_arrangement(const Page& a, const Page& b) {
  const FrontMatter& x = a.meta;
  const FrontMatter& y = b.meta;
  return a.url == b.url && a.section == b.section && a.is_index == b.is_index &&
         a.rel_path == b.rel_path && a.kind == b.kind && x.title == y.title &&
         x.weight == y.weight && x.date == y.date && x.tags == y.tags && x.authors == y.authors &&
         x.aliases == y.aliases && (!a.is_index || x.description == y.description);
}

/// The page with this source path ("content/docs/intro.md"), or npos.
size_t find_page(const SiteModel& site, std::string_view source_path) {
  auto it = std::lower_bound(site.pages.begin(), site.pages.end(), source_path,
                             [](const Page& p, std::string_view s) { return p.source_path < s; });
  if (it == site.pages.end() || it->source_path != source_path) {
    // The model is sorted by source path; fall back to a scan should that ever change.
    for (size_t i = 0; i < site.pages.size(); ++i)
      if (site.pages[i].source_path == source_path) return i;
    return std::string::npos;
  }
  return static_cast<size_t>(it - site.pages.begin());
}

std::string normalise(std::string p) {
  while (starts_with(p, "./")) p.erase(0, 2);
  return p;
}

}  // namespace

struct BuildSession::State {
  BuildOptions opts;
  unsigned jobs = 1;
  std::unique_ptr<Retained> r;        ///< the last good build
  std::set<std::string> retry;        ///< changed paths whose update failed: tried again
  bool full_retry = false;            ///< the last full build failed: the next update is full
  bool pending = false;               ///< search index and link check not yet brought up to date
  std::vector<std::string> search_paths;  ///< files the last search index wrote
};

BuildSession::BuildSession(BuildOptions options) : s_(std::make_unique<State>()) {
  s_->opts = std::move(options);
  s_->opts.write = true;  // a serving build: orphan pages are `agora check`'s business
  s_->jobs = s_->opts.jobs ? s_->opts.jobs : default_jobs();
}

BuildSession::~BuildSession() = default;

std::shared_ptr<const SiteFiles> BuildSession::files() const {
  return s_->r ? s_->r->files : nullptr;
}

bool BuildSession::pending() const { return s_->pending; }

UpdateResult BuildSession::build(Diagnostics& diags) { return full_build(diags, false); }

UpdateResult BuildSession::full_build(Diagnostics& diags, bool reuse_outputs) {
  UpdateResult u;
  u.mode = "full";
  auto t0 = Clock::now();
  auto keep = std::make_unique<Retained>();
  u.build = stages::run_stages(s_->opts, diags, keep.get(), s_->r.get(), reuse_outputs);
  if (!u.build.ok) {
    s_->full_retry = true;
    return u;
  }
  u.outputs_changed = keep->files->size();
  s_->search_paths.clear();
  s_->r = std::move(keep);
  s_->retry.clear();
  s_->full_retry = false;
  s_->pending = true;
  u.build.total_ms = ms_since(t0);
  return u;
}

UpdateResult BuildSession::update(const std::vector<std::string>& changed, Diagnostics& diags) {
  if (!s_->r) return build(diags);
  auto t0 = Clock::now();
  Retained& r = *s_->r;
  const SiteConfig& config = *r.config;
  fs::path root(s_->opts.source_dir);

  std::set<std::string> paths = s_->retry;
  for (const std::string& c : changed) paths.insert(normalise(c));
  bool theme_touched = false;
  for (const std::string& p : paths)
    if (starts_with(p, "themes/") || starts_with(p, "layouts/")) theme_touched = true;
  // A full build; should it fail, these paths are retried with the next update (so that a
  // theme edit is still known then, and nothing is reused across it).
  auto build = [&](Diagnostics& d) {
    UpdateResult u = full_build(d, !theme_touched);
    if (!u.build.ok) s_->retry.insert(paths.begin(), paths.end());
    return u;
  };
  if (s_->full_retry) return build(diags);
  // Classify: only Markdown pages the build already has, that still exist, are incremental.
  std::vector<std::string> targets;
  std::set<std::string> statics;
  for (const StaticFile& f : r.statics) statics.insert(fs::path(f.source_path).lexically_normal().string());
  for (const std::string& p : paths) {
    std::error_code ec;
    bool exists = fs::exists(root / p, ec);
    bool known = find_page(r.site, p) != std::string::npos;
    // An editor's temporary file, created and removed again: nothing to do.
    if (!exists && !known && (starts_with(p, "content/") || starts_with(p, "static/")) &&
        !statics.count((root / p).lexically_normal().string()))
      continue;
    bool page = starts_with(p, "content/") && ends_with(p, ".md") && known && fs::is_regular_file(root / p, ec);
    if (!page) return build(diags);
    targets.push_back(p);
  }
  if (targets.empty()) {
    UpdateResult u;
    u.mode = "body";
    u.build.ok = true;
    return u;
  }

  UpdateResult u;
  BuildResult& br = u.build;
  Diagnostics d;
  auto fail = [&]() {
    for (const std::string& p : targets) s_->retry.insert(p);
    d.sort();
    diags.merge(std::move(d));
    br.ok = false;
    br.total_ms = ms_since(t0);
    return u;
  };

  // parse_sources, for the changed pages only.
  auto t = Clock::now();
  std::vector<Page> fresh;
  std::vector<stages::PageMemo> memos;
  std::vector<size_t> at;
  bool front_matter_changed = false;
  bool rearrange = false;  // a change assemble() would arrange differently
  for (const std::string& p : targets) {
    size_t i = find_page(r.site, p);
    auto text = stages::read_file(root / p);
    if (!text) {
      d.error({p, 0, 0}, "cannot read file", "check the file's permissions");
      continue;
    }
    stages::PageMemo memo;
    auto np = parse_page({p, std::move(*text)}, config, memo.parse);
    d.merge(Diagnostics(memo.parse));
    if (!np) continue;
    const Page& old = r.site.pages[i];
    // Held back now, or at another URL: other pages' links resolve differently. Build it all.
    if (excluded_from_build(*np, r.popts) || np->url != old.url || np->output_path != old.output_path)
      return build(diags);
    if (front_matter(*np) != front_matter(old) || np->body_line != old.body_line)
      front_matter_changed = true;
    if (!same_arrangement(*np, old)) rearrange = true;
    fresh.push_back(std::move(*np));
    memos.push_back(std::move(memo));
    at.push_back(i);
  }
  br.stages.push_back({"parse_sources", ms_since(t), fresh.size()});
  if (d.has_errors()) return fail();

  // render_markdown
  t = Clock::now();
  {
    MarkdownRenderer renderer = stages::markdown_renderer(config);
    for (size_t k = 0; k < fresh.size(); ++k) {
      stages::PageMemo& m = memos[k];
      bool ok = stages::render_page_markdown(fresh[k], renderer, r.index, config, r.held_back,
                                             m.render, &m.calls);
      m.reusable = ok && !m.render.has_errors();
      for (const stages::LinkCall& c : m.calls)
        if (c.diagnostics) m.reusable = false;
      d.merge(Diagnostics(m.render));
    }
  }
  br.stages.push_back({"render_markdown", ms_since(t), fresh.size()});
  if (d.has_errors()) return fail();
  for (const Page& p : fresh)
    if (!p.meta.layout.empty() && !r.theme->has_template(p.meta.layout)) {
      SourceLoc loc = p.meta.key_locs.count("layout") ? p.meta.key_locs.at("layout")
                                                      : SourceLoc{p.source_path, 1, 1};
      d.error(loc, "layout '" + p.meta.layout + "' is not a template of theme '" + config.theme + "'",
              did_you_mean(p.meta.layout, r.theme->template_names()), p.source);
    }
  if (d.has_errors()) return fail();

  // assemble: only when what lists, links or sorts the pages may have changed. Page values
  // keep their addresses when replaced in place, so the model's pointers stay valid.
  t = Clock::now();
  u.mode = front_matter_changed ? "front-matter" : "body";
  if (!rearrange) {
    for (size_t k = 0; k < fresh.size(); ++k) r.site.pages[at[k]] = std::move(fresh[k]);
  } else {
    std::vector<Page> pages = std::move(r.site.pages);
    std::vector<Page> olds;
    for (size_t k = 0; k < fresh.size(); ++k) {
      olds.push_back(std::move(pages[at[k]]));
      pages[at[k]] = std::move(fresh[k]);
    }
    Diagnostics ad;
    SiteModel next = assemble(std::move(pages), config, ad);
    if (ad.has_errors()) {
      // Put the last good pages back and arrange them as before.
      pages = std::move(next.pages);
      for (Page& o : olds) {
        size_t i = std::string::npos;
        for (size_t j = 0; j < pages.size(); ++j)
          if (pages[j].source_path == o.source_path) i = j;
        if (i != std::string::npos) pages[i] = std::move(o);
      }
      Diagnostics ignored;
      r.site = assemble(std::move(pages), config, ignored);
      d.merge(std::move(ad));
      return fail();
    }
    d.merge(std::move(ad));
    r.site = std::move(next);
  }
  br.stages.push_back({"assemble", ms_since(t), fresh.size()});
  for (size_t k = 0; k < memos.size(); ++k) r.memo[targets[k]] = std::move(memos[k]);

  // signatures → the outputs to render again.
  t = Clock::now();
  std::vector<const Page*> shown = stages::shown_pages(r.site, config);
  // The pages are the same set as before, in the same order (by source path): only the changed
  // ones get new keys. Should the order ever differ, compute them all.
  bool same_order = r.keys.size() == r.site.pages.size();
  for (size_t k = 0; same_order && k < at.size(); ++k)
    same_order = r.site.pages[at[k]].source_path == targets[k];
  if (same_order)
    for (size_t i : at) r.keys[i] = page_keys(r.site.pages[i]);
  else
    r.keys = all_page_keys(r.site, s_->jobs);
  std::vector<Signature> sigs = stages::output_signatures(r.site, config, r.feed_sections, r.catalogue.sitemap,
                                                         shown, r.keys, s_->jobs);
  std::set<std::string> forced;
  for (const std::string& p : targets) {
    size_t i = find_page(r.site, p);
    if (i != std::string::npos) forced.insert(r.site.pages[i].output_path);
  }
  std::vector<const Signature*> todo;
  std::set<size_t> feeds;
  bool sitemap = false;
  std::vector<std::string> removed;
  auto take = [&](const Signature& s) {
    if (s.kind == OutputKind::Feed) feeds.insert(s.index);
    else if (s.kind == OutputKind::Sitemap) sitemap = true;
    else todo.push_back(&s);
  };
  const auto& old = r.signatures;
  bool same_paths = old.size() == sigs.size();
  for (size_t i = 0; same_paths && i < sigs.size(); ++i) same_paths = old[i].first == sigs[i].path;
  if (same_paths) {
    // The usual case: the same outputs as before, in the same order.
    for (size_t i = 0; i < sigs.size(); ++i)
      if (old[i].second != sigs[i].hash || forced.count(sigs[i].path)) take(sigs[i]);
  } else {
    std::map<std::string_view, uint64_t> before, after;
    for (const auto& [path, h] : old) before.emplace(path, h);
    for (const Signature& s : sigs) {
      after.emplace(s.path, s.hash);
      auto o = before.find(s.path);
      if (o == before.end() || o->second != s.hash || forced.count(s.path)) take(s);
      // A new output where the catalogue, a static file or a theme asset already writes: let
      // the full build report the clash.
      if (o == before.end() && r.files->count(s.path)) return build(diags);
    }
    for (const auto& [path, h] : old)
      if (!after.count(path)) removed.emplace_back(path);
  }
  br.stages.push_back({"signatures", ms_since(t), sigs.size()});

  // apply_templates, feeds_sitemap: only what changed.
  t = Clock::now();
  std::vector<OutputFile> rendered(todo.size());
  std::vector<std::string> errors(todo.size());
  parallel_for(todo.size(), s_->jobs, [&](size_t i) {
    const Signature& s = *todo[i];
    switch (s.kind) {
      case OutputKind::Page:
        rendered[i] = stages::render_page_file(r.site, *shown[s.index], *r.theme, r.ctx, &errors[i]);
        break;
      case OutputKind::List:
        rendered[i] = stages::render_list_file(r.site, r.site.lists[s.index], *r.theme, r.ctx, &errors[i]);
        break;
      case OutputKind::Redirect:
        rendered[i] = stages::render_redirect_file(r.site, r.site.redirects[s.index], *r.theme, r.ctx, &errors[i]);
        break;
      default: break;
    }
  });
  for (size_t i = 0; i < errors.size(); ++i)
    if (!errors[i].empty()) d.error({rendered[i].path, 0, 0}, "template error: " + errors[i]);
  br.stages.push_back({"apply_templates", ms_since(t), rendered.size()});
  t = Clock::now();
  size_t before = rendered.size();
  for (size_t k : feeds) stages::append_feed_files(r.site, config, r.ctx, r.feed_sections[k], rendered);
  if (sitemap)
    rendered.push_back({"sitemap.xml", write_sitemap(stages::sitemap_entries(r.site, config, shown, r.catalogue.sitemap)), {}});
  br.stages.push_back({"feeds_sitemap", ms_since(t), rendered.size() - before});

  // The new output: the old one with these files replaced (readers keep their snapshot).
  t = Clock::now();
  auto files = std::make_shared<SiteFiles>(*r.files);
  for (const std::string& p : removed) files->erase(p);
  for (size_t i = 0; i < rendered.size(); ++i) {
    if (i < errors.size() && !errors[i].empty()) continue;  // keep the last good page
    std::string path = rendered[i].path;
    files->insert_or_assign(std::move(path), std::make_shared<const OutputFile>(std::move(rendered[i])));
  }
  r.files = std::move(files);
  r.signatures = signature_list(sigs);
  r.shown = shown.size();
  br.stages.push_back({"swap_output", ms_since(t), rendered.size() + removed.size()});

  u.outputs_changed = rendered.size() + removed.size();
  br.pages = fresh.size();
  br.files = r.files->size();
  s_->pending = true;
  if (d.has_errors()) return fail();
  s_->retry.clear();
  d.sort();
  diags.merge(std::move(d));
  br.ok = true;
  br.total_ms = ms_since(t0);
  return u;
}

BuildResult BuildSession::finish(Diagnostics& diags) {
  BuildResult br;
  auto t0 = Clock::now();
  if (!s_->r || !s_->pending) {
    br.ok = true;
    return br;
  }
  Retained& r = *s_->r;
  const SiteConfig& config = *r.config;
  std::vector<const Page*> shown = stages::shown_pages(r.site, config);

  // search_index
  auto t = Clock::now();
  Diagnostics d;
  std::vector<SearchFile> index_files;
  {
    std::vector<SearchDocument> catalogue_docs = catalogue_search_documents(r.catalogue, config);
    std::vector<SearchDocument> docs;
    docs.reserve(shown.size() + catalogue_docs.size());
    for (const Page* p : shown) docs.push_back(search_document(*p, with_base(config, p->url), config.language));
    for (SearchDocument& sd : catalogue_docs) docs.push_back(std::move(sd));
    SearchIndexOptions sopts;
    sopts.language = config.language;
    sopts.jobs = s_->jobs;
    index_files = build_search_index(docs, sopts, br.search, d);
  }
  auto files = std::make_shared<SiteFiles>(*r.files);
  for (const std::string& p : s_->search_paths) files->erase(p);
  s_->search_paths.clear();
  for (SearchFile& f : index_files) {
    s_->search_paths.push_back(f.path);
    std::string path = f.path;
    files->insert_or_assign(std::move(path),
                            std::make_shared<const OutputFile>(OutputFile{std::move(f.path), std::move(f.content), {}}));
  }
  r.files = files;
  br.stages.push_back({"search_index", ms_since(t), br.search.files});

  // check_links, over the whole output as `agora build` checks it.
  t = Clock::now();
  std::vector<OutputFile> all;
  all.reserve(files->size());
  for (const auto& [path, f] : *files) all.push_back(*f);
  check_site_links(r.site, config, all, /*orphans=*/false, s_->jobs, d);
  br.stages.push_back({"check_links", ms_since(t), all.size()});

  s_->pending = false;
  br.ok = !d.has_errors();
  br.pages = r.shown;
  br.files = files->size();
  d.sort();
  diags.merge(std::move(d));
  br.total_ms = ms_since(t0);
  return br;
}

}  // namespace agora
