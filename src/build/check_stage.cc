#include "build/check_stage.h"

#include <unordered_map>

#include "build/links.h"
#include "check/check.h"
#include "core/parallel.h"
#include "core/text.h"

namespace agora {

namespace {

/// The Markdown links of `page` keyed by the URL the render wrote for each: the rewrite is
/// repeated (it is a pure function of the page and the index), so the Markdown stage need not
/// keep a second copy of every link.
std::multimap<std::string, SourceLoc> written_links(const Page& page, const PageIndex& index,
                                                    const SiteConfig& config) {
  std::multimap<std::string, SourceLoc> out;
  for (const LinkRef& l : page.links) {
    if (l.url.empty() || has_url_scheme(l.url)) {
      out.emplace(l.url, l.loc);
      continue;
    }
    Diagnostics ignored;  // reported by render_markdown already
    auto to = rewrite_link(l.url, l.loc, page, index, config, ignored);
    out.emplace(to ? *to : l.url, l.loc);
  }
  return out;
}

}  // namespace

size_t check_site_links(const SiteModel& site, const SiteConfig& config,
                        const std::vector<OutputFile>& files, bool orphans, unsigned jobs,
                        Diagnostics& diags) {
  PageIndex index;
  for (const Page& p : site.pages) index.emplace(p.rel_path, p.url);

  // Which content page each output page shows: its own, or a list's _index.md.
  std::unordered_map<std::string_view, const Page*> source_of;
  for (const Page& p : site.pages) source_of.emplace(p.output_path, &p);
  for (const ListPage& l : site.lists)
    if (l.index_page) source_of[l.output_path] = l.index_page;

  std::vector<std::string> all_files;
  all_files.reserve(files.size());
  std::vector<CheckedPage> pages;
  std::vector<const Page*> sources;
  for (const OutputFile& f : files) {
    all_files.push_back(f.path);
    if (!f.copy_from.empty() || !ends_with(f.path, ".html")) continue;
    CheckedPage c;
    c.path = f.path;
    c.html = f.content;
    const Page* src = nullptr;
    if (auto it = source_of.find(f.path); it != source_of.end()) src = it->second;
    if (src) {
      c.source_path = src->source_path;
      c.source_text = src->source;
    }
    pages.push_back(std::move(c));
    sources.push_back(src);
  }
  parallel_for(pages.size(), jobs, [&](size_t i) {
    if (sources[i]) pages[i].source_links = written_links(*sources[i], index, config);
  });

  LinkCheckOptions options;
  options.base_path = config.base_path();
  options.orphans = orphans;
  check_links(pages, all_files, options, jobs, diags);
  return pages.size();
}

}  // namespace agora
