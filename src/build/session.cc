#include "build/session.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "build/check_stage.h"
#include "build/stages.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "core/text.h"
#include "output/sitemap.h"
#include "search/search_index.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

using Clock = std::chrono::steady_clock;
using stages::Retained;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// A running 64-bit hash of values and strings (strings by their XXH3 and length).
struct Mix {
  uint64_t h = 0x243f6a8885a308d3ull;
  Mix& add(uint64_t v) {
    uint64_t z = (h ^ v) + 0x9e3779b97f4a7c15ull;  // splitmix64 finaliser
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    h = z ^ (z >> 31);
    return *this;
  }
  Mix& add(std::string_view s) { return add(content_hash(s)).add(s.size()); }
  Mix& add(const char* s) { return add(std::string_view(s)); }
  Mix& add(const std::string& s) { return add(std::string_view(s)); }
};

std::string_view front_matter(const Page& p) { return std::string_view(p.source).substr(0, p.body_offset); }

/// Two hashes per page, kept between updates and computed again only for changed pages:
/// everything of its own its page view shows (source, rendered Markdown), and what an item
/// for it in a list or feed shows (URL, front matter, summary, reading time).
struct PageKeys {
  uint64_t own = 0, item = 0;
};
PageKeys page_keys(const Page& p) {
  PageKeys k;
  k.own = Mix().add(p.source_path).add(p.source).add(p.html).add(p.summary).add(p.word_count).h;
  k.item = Mix().add(p.url).add(front_matter(p)).add(p.summary).add(static_cast<uint64_t>(p.reading_minutes)).h;
  return k;
}

/// What one output is made from, so that a changed signature means "render it again".
enum class OutputKind { Page, List, Redirect, Feed, Sitemap };
struct Signature {
  std::string path;
  uint64_t hash = 0;
  OutputKind kind = OutputKind::Page;
  size_t index = 0;  ///< into shown pages, site.lists, site.redirects or feed sections
};

/// The docs sidebar and breadcrumbs a page's view shows are the children of every node on the
/// path from the section root to the page (see nav_value in site/view.cc): one hash per page
/// over those child lists (titles, URLs, folders) and the path taken through them.
class NavSignatures {
 public:
  explicit NavSignatures(const SiteModel& site) {
    for (const auto& [section, root] : site.docs_nav) {
      uint64_t root_list = child_list_hash(root);
      roots_[section] = Mix().add(root_list).add("not in the tree").h;
      walk(root, Mix(), root_list);
    }
  }
  uint64_t of(const Page& p) const {
    if (p.kind != PageKind::Doc) return 0;
    if (auto it = by_page_.find(&p); it != by_page_.end()) return it->second;
    auto r = roots_.find(p.section);
    return r == roots_.end() ? 0 : r->second;
  }

 private:
  static uint64_t child_list_hash(const NavNode& n) {
    Mix m;
    m.add(n.title).add(n.url);
    for (const NavNode& c : n.children)
      m.add(c.title).add(c.url).add(c.children.empty() ? 0 : 1)
          .add(c.page ? std::string_view(c.page->source_path) : std::string_view());
    return m.h;
  }
  void walk(const NavNode& n, Mix path, uint64_t own_list) {
    path.add(own_list);
    if (n.page && !by_page_.count(n.page)) by_page_[n.page] = path.h;
    for (size_t i = 0; i < n.children.size(); ++i) {
      const NavNode& c = n.children[i];
      Mix next = path;
      next.add(i);
      walk(c, next, c.children.empty() ? Mix().add(c.title).add(c.url).h : child_list_hash(c));
    }
  }
  std::unordered_map<const Page*, uint64_t> by_page_;
  std::map<std::string, uint64_t> roots_;
};

/// Signatures of every output that depends on pages: shown pages, lists, redirects, feeds and
/// the sitemap. (Theme assets, 404, the search page, the catalogue and static files depend only
/// on the config, the theme, the catalogue's files or the static file itself: those changes
/// take a full build.) `keys` has every page's PageKeys, in the order of site.pages.
std::vector<Signature> signatures(const Retained& r, const std::vector<const Page*>& shown,
                                  const std::vector<PageKeys>& keys, unsigned jobs) {
  const SiteModel& site = r.site;
  const SiteConfig& c = *r.config;
  NavSignatures nav(site);
  auto key = [&](const Page& p) -> const PageKeys& {
    return keys[static_cast<size_t>(&p - site.pages.data())];
  };
  std::vector<Signature> out(shown.size() + site.lists.size() + site.redirects.size());
  parallel_for(out.size(), jobs, [&](size_t i) {
    Mix m;
    Signature& s = out[i];
    if (i < shown.size()) {
      const Page& p = *shown[i];
      s = {p.output_path, 0, OutputKind::Page, i};
      m.add(key(p).own).add(&p == site.home ? 1 : 0).add(nav.of(p));
      if (auto it = site.prev.find(&p); it != site.prev.end()) m.add(it->second->meta.title).add(it->second->url);
      m.add("|");
      if (auto it = site.next.find(&p); it != site.next.end()) m.add(it->second->meta.title).add(it->second->url);
    } else if (i < shown.size() + site.lists.size()) {
      size_t k = i - shown.size();
      const ListPage& l = site.lists[k];
      s = {l.output_path, 0, OutputKind::List, k};
      m.add(l.url).add(l.title).add(l.description).add(l.template_name).add(l.section).add(l.first_url);
      m.add(static_cast<uint64_t>(l.page_number)).add(static_cast<uint64_t>(l.page_count));
      m.add(l.index_page && l.page_number == 1 ? key(*l.index_page).own : 0);
      for (const Page* p : l.items) m.add(key(*p).item);
      m.add("|");
      for (const Term* t : l.terms) m.add(t->name).add(t->url).add(t->profile_url).add(t->pages.size());
    } else {
      size_t k = i - shown.size() - site.lists.size();
      const Redirect& rd = site.redirects[k];
      s = {rd.output_path, 0, OutputKind::Redirect, k};
      m.add(rd.from_url).add(rd.to_url);
    }
    s.hash = m.h;
  });
  for (size_t k = 0; k < r.feed_sections.size(); ++k) {
    Mix m;
    for (const Page* p : stages::feed_pages(site, c, r.feed_sections[k])) m.add(key(*p).item).add(key(*p).own);
    for (const char* name : {"/atom.xml", "/rss.xml", "/feed.json"})
      out.push_back({r.feed_sections[k] + name, m.h, OutputKind::Feed, k});
  }
  // The sitemap: page URLs and dates (in the front matter), list URLs, the catalogue's pages.
  Mix m;
  for (const Page* p : shown) {
    const auto& lastmod = p->meta.updated ? p->meta.updated : p->meta.date;
    m.add(p->url).add(lastmod ? lastmod->iso() : std::string());
  }
  for (const ListPage& l : site.lists) m.add(l.url);
  for (const SitemapEntry& e : r.catalogue.sitemap) m.add(e.loc).add(e.lastmod ? e.lastmod->iso() : std::string());
  out.push_back({"sitemap.xml", m.h, OutputKind::Sitemap, 0});
  return out;
}

std::vector<std::pair<std::string, uint64_t>> signature_list(const std::vector<Signature>& sigs) {
  std::vector<std::pair<std::string, uint64_t>> out;
  out.reserve(sigs.size());
  for (const Signature& s : sigs) out.emplace_back(s.path, s.hash);
  return out;
}

std::vector<PageKeys> all_page_keys(const SiteModel& site, unsigned jobs) {
  std::vector<PageKeys> k(site.pages.size());
  parallel_for(k.size(), jobs, [&](size_t i) { k[i] = page_keys(site.pages[i]); });
  return k;
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
  std::vector<PageKeys> keys;  ///< every page's PageKeys, in the order of r->site.pages
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

UpdateResult BuildSession::build(Diagnostics& diags) {
  UpdateResult u;
  u.mode = "full";
  auto t0 = Clock::now();
  auto keep = std::make_unique<Retained>();
  u.build = stages::run_stages(s_->opts, diags, keep.get());
  if (!u.build.ok) {
    s_->full_retry = true;
    return u;
  }
  auto t_sig = Clock::now();
  std::vector<const Page*> shown = stages::shown_pages(keep->site, *keep->config);
  s_->keys = all_page_keys(keep->site, s_->jobs);
  keep->signatures = signature_list(signatures(*keep, shown, s_->keys, s_->jobs));
  u.build.stages.push_back({"signatures", ms_since(t_sig), keep->signatures.size()});
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
  if (!s_->r || s_->full_retry) return build(diags);
  auto t0 = Clock::now();
  Retained& r = *s_->r;
  const SiteConfig& config = *r.config;
  fs::path root(s_->opts.source_dir);

  std::set<std::string> paths = s_->retry;
  for (const std::string& c : changed) paths.insert(normalise(c));
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
  std::vector<size_t> at;
  bool front_matter_changed = false;
  for (const std::string& p : targets) {
    size_t i = find_page(r.site, p);
    auto text = stages::read_file(root / p);
    if (!text) {
      d.error({p, 0, 0}, "cannot read file", "check the file's permissions");
      continue;
    }
    auto np = parse_page({p, std::move(*text)}, config, d);
    if (!np) continue;
    const Page& old = r.site.pages[i];
    // Held back now, or at another URL: other pages' links resolve differently. Build it all.
    if (excluded_from_build(*np, r.popts) || np->url != old.url || np->output_path != old.output_path)
      return build(diags);
    if (front_matter(*np) != front_matter(old) || np->body_line != old.body_line)
      front_matter_changed = true;
    fresh.push_back(std::move(*np));
    at.push_back(i);
  }
  br.stages.push_back({"parse_sources", ms_since(t), fresh.size()});
  if (d.has_errors()) return fail();

  // render_markdown
  t = Clock::now();
  {
    MarkdownRenderer renderer = stages::markdown_renderer(config);
    for (Page& p : fresh) stages::render_page_markdown(p, renderer, r.index, config, r.held_back, d);
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
  if (!front_matter_changed) {
    u.mode = "body";
    for (size_t k = 0; k < fresh.size(); ++k) r.site.pages[at[k]] = std::move(fresh[k]);
  } else {
    u.mode = "front-matter";
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

  // signatures → the outputs to render again.
  t = Clock::now();
  std::vector<const Page*> shown = stages::shown_pages(r.site, config);
  // The pages are the same set as before, in the same order (by source path): only the changed
  // ones get new keys. Should the order ever differ, compute them all.
  bool same_order = s_->keys.size() == r.site.pages.size();
  for (size_t k = 0; same_order && k < at.size(); ++k)
    same_order = r.site.pages[at[k]].source_path == targets[k];
  if (same_order)
    for (size_t i : at) s_->keys[i] = page_keys(r.site.pages[i]);
  else
    s_->keys = all_page_keys(r.site, s_->jobs);
  std::vector<Signature> sigs = signatures(r, shown, s_->keys, s_->jobs);
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
