// site/site.h — the site as a whole: what needs every page at once.
// Owns: sections, the docs navigation tree (order, breadcrumbs, prev/next), list pages with
// pagination, taxonomies (tags, authors), alias redirects, URL collision checks, and the
// view data each template receives (see themes/default/VIEW-MODEL.md).
// Does not own: parsing pages (content/), Markdown (markdown/) or template rendering (theme/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/diagnostic.h"
#include "core/page.h"
#include "core/value.h"

namespace agora {

/// A node of a docs section's sidebar: a page, or a folder (whose page is its _index.md).
struct NavNode {
  std::string title;
  std::string url;             ///< site-relative, "" for a folder without an _index.md
  const Page* page = nullptr;  ///< the page (or the folder's _index.md page)
  int64_t weight = 0;
  std::vector<NavNode> children;
};

/// One taxonomy term: a tag or an author, with its pages (newest first).
struct Term {
  std::string name;  ///< as displayed
  std::string slug;  ///< URL segment
  std::string url;   ///< site-relative "/tags/<slug>/"
  std::string profile_url;  ///< authors: their own URL from the config
  std::vector<const Page*> pages;
};

/// A generated page that lists other pages: a section index, one of its pagination pages,
/// a taxonomy term page, or a taxonomy's own page of terms.
struct ListPage {
  std::string url, output_path;
  std::string title, description;
  std::string template_name;  ///< "list" or "terms"
  std::string section;        ///< section path or taxonomy name
  const Page* index_page = nullptr;     ///< the section's _index.md (for its content), if any
  std::vector<const Page*> items;       ///< this page's slice
  std::vector<const Term*> terms;       ///< for "terms"
  int page_number = 1, page_count = 1;
  std::string first_url;      ///< URL of page 1 of this list (pagination links)
};

/// An alias: an old URL that redirects to a page.
struct Redirect {
  std::string from_url, output_path, to_url;
  SourceLoc loc;
};

/// Everything assemble() derives. Pages are owned here and never move afterwards.
struct SiteModel {
  const SiteConfig* config = nullptr;
  std::vector<Page> pages;                  ///< sorted by source path
  std::map<std::string, NavNode> docs_nav;  ///< per docs section
  std::map<const Page*, const Page*> prev, next;
  std::map<std::string, std::vector<const Page*>> section_pages;  ///< dated newest first, else by weight/title
  std::map<std::string, std::vector<Term>> taxonomies;            ///< "tags", "authors" → terms by slug
  std::vector<ListPage> lists;
  std::vector<Redirect> redirects;
  const Page* home = nullptr;
};

/// Arranges the pages. Reports URL collisions (naming both source files), aliases that clash
/// with pages, and _index.md pages of undeclared sections. The model is complete even when
/// errors were reported, so a stage can report everything it finds.
SiteModel assemble(std::vector<Page> pages, const SiteConfig& config, Diagnostics& diags);

/// Inputs for view data that do not come from pages.
struct ViewContext {
  std::string css_url, js_url;  ///< fingerprinted theme asset URLs (with base path)
  std::string assets_url;       ///< base URL of theme static files (with base path)
  std::vector<std::pair<std::string, std::string>> feeds;  ///< (title, site-relative url) of the blog feeds
  std::string generator = "agora";
};

/// Prefixes a site-relative URL ("/docs/") with the base path ("/repo/docs/").
std::string with_base(const SiteConfig& config, std::string_view site_url);
/// The absolute form ("https://org.github.io/repo/docs/").
std::string absolute_url(const SiteConfig& config, std::string_view site_url);

/// True for a list section's own _index.md (blog, tutorials, ...): its content is shown on the
/// section's list page instead of a page of its own.
bool shown_as_list(const Page& page, const SiteConfig& config);

/// The template a page renders with (front-matter `layout` wins).
std::string template_for(const Page& page);

Value page_view(const SiteModel& site, const Page& page, const ViewContext& ctx);
Value list_view(const SiteModel& site, const ListPage& list, const ViewContext& ctx);
Value redirect_view(const SiteModel& site, const Redirect& r, const ViewContext& ctx);
Value not_found_view(const SiteModel& site, const ViewContext& ctx);
/// A page of the site's own that no content file makes (404, search): title, URL, noindex.
Value utility_page_view(const SiteModel& site, const ViewContext& ctx, std::string_view url,
                        std::string_view title);

}  // namespace agora
