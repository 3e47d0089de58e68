#include "output/sitemap.h"

#include <algorithm>

#include "output/xml_writer.h"

namespace agora {

std::string write_sitemap(const std::vector<SitemapEntry>& input) {
  std::vector<const SitemapEntry*> entries;
  entries.reserve(input.size());
  for (const auto& e : input) entries.push_back(&e);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const SitemapEntry* a, const SitemapEntry* b) { return a->loc < b->loc; });

  XmlWriter w;
  w.start("urlset");
  w.attribute("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
  for (size_t i = 0; i < entries.size();) {
    // A loc listed twice is written once, with its newest lastmod.
    const SitemapEntry* e = entries[i];
    std::optional<Date> lastmod = e->lastmod;
    size_t j = i + 1;
    for (; j < entries.size() && entries[j]->loc == e->loc; ++j)
      if (entries[j]->lastmod && (!lastmod || *lastmod < *entries[j]->lastmod))
        lastmod = entries[j]->lastmod;
    w.start("url");
    w.element("loc", e->loc);
    if (lastmod) w.element("lastmod", lastmod->iso());
    w.end();
    i = j;
  }
  w.end();
  return w.finish();
}

std::string write_robots_txt(const std::string& sitemap_url_abs) {
  std::string out = "User-agent: *\nAllow: /\n";
  std::string url;
  for (char c : sitemap_url_abs)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) url += c;  // one line, always
  if (!url.empty()) out += "\nSitemap: " + url + "\n";
  return out;
}

}  // namespace agora
