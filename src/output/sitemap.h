// output/sitemap.h — the sitemap (sitemaps.org 0.9) and robots.txt.
// Owns: SitemapEntry, write_sitemap, write_robots_txt.
// Does not own: deciding which pages are listed or their URLs (site/), writing files (writer.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace agora {

/// One <url> of a sitemap.
struct SitemapEntry {
  std::string loc;  ///< absolute URL
  std::optional<Date> lastmod;
};

/// Indented UTF-8 XML. Entries are sorted by loc; a loc listed twice is written once with its
/// newest lastmod. lastmod is YYYY-MM-DD for dates without a time, full RFC 3339 otherwise.
/// The sitemaps.org limit of 50,000 URLs per file is not enforced here.
std::string write_sitemap(const std::vector<SitemapEntry>& entries);

/// "User-agent: *", "Allow: /" and a Sitemap line (omitted when the URL is empty).
std::string write_robots_txt(const std::string& sitemap_url_abs);

}  // namespace agora
