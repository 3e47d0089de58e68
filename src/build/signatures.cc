#include <map>
#include <unordered_map>

#include "build/stages.h"
#include "core/hash.h"
#include "core/parallel.h"

namespace agora::stages {

namespace {

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

}  // namespace

PageKeys page_keys(const Page& p) {
  PageKeys k;
  k.own = Mix().add(p.source_path).add(p.source).add(p.html).add(p.summary).add(p.word_count).h;
  k.item = Mix().add(p.url).add(front_matter(p)).add(p.summary).add(static_cast<uint64_t>(p.reading_minutes)).h;
  return k;
}

std::vector<PageKeys> all_page_keys(const SiteModel& site, unsigned jobs) {
  std::vector<PageKeys> k(site.pages.size());
  parallel_for(k.size(), jobs, [&](size_t i) { k[i] = page_keys(site.pages[i]); });
  return k;
}

std::vector<std::pair<std::string, uint64_t>> signature_list(const std::vector<Signature>& sigs) {
  std::vector<std::pair<std::string, uint64_t>> out;
  out.reserve(sigs.size());
  for (const Signature& s : sigs) out.emplace_back(s.path, s.hash);
  return out;
}

namespace {

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

}  // namespace

std::vector<Signature> output_signatures(const SiteModel& site, const SiteConfig& c,
                                         const std::vector<std::string>& feed_sections,
                                         const std::vector<SitemapEntry>& catalogue_sitemap,
                                         const std::vector<const Page*>& shown,
                                         const std::vector<PageKeys>& keys, unsigned jobs) {
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
  for (size_t k = 0; k < feed_sections.size(); ++k) {
    Mix m;
    for (const Page* p : stages::feed_pages(site, c, feed_sections[k])) m.add(key(*p).item).add(key(*p).own);
    for (const char* name : {"/atom.xml", "/rss.xml", "/feed.json"})
      out.push_back({feed_sections[k] + name, m.h, OutputKind::Feed, k});
  }
  // The sitemap: page URLs and dates (in the front matter), list URLs, the catalogue's pages.
  Mix m;
  for (const Page* p : shown) {
    const auto& lastmod = p->meta.updated ? p->meta.updated : p->meta.date;
    m.add(p->url).add(lastmod ? lastmod->iso() : std::string());
  }
  for (const ListPage& l : site.lists) m.add(l.url);
  for (const SitemapEntry& e : catalogue_sitemap) m.add(e.loc).add(e.lastmod ? e.lastmod->iso() : std::string());
  out.push_back({"sitemap.xml", m.h, OutputKind::Sitemap, 0});
  return out;
}

}  // namespace agora::stages
