// build/catalogue_views.h — the view data of the catalogue's pages (internal to build/).
// Owns: which lists the catalogue has (the index, categories, tags, authors, new, updated),
// and the values the theme's plugin_list, plugin and plugin_stats templates receive
// (documented in themes/default/VIEW-MODEL.md).
// Does not own: reading and validating listings, rendering Markdown, the page jobs, the feed,
// the registry documents (build/catalogue_stage.cc).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "build/catalogue_stage.h"
#include "catalogue/catalogue.h"
#include "config/config.h"
#include "core/value.h"
#include "site/site.h"
#include "theme/theme.h"

namespace agora {

/// Listings per page of the no-JavaScript lists (/plugins/, categories, tags, authors).
inline constexpr size_t kCataloguePerPage = 30;

/// Everything shared by the catalogue's pages: URLs of its lists, categories, host versions.
struct CatalogueContext {
  const SiteConfig* config;
  const CatalogueConfig* cat;
  const SiteModel* site;
  const ViewContext* ctx;
  std::string js_url, css_url;
  /// view["catalogue"] of a page in each category ("" for none), with that category marked
  /// current: made once (Value::shared) for the thousands of pages that hold it.
  std::map<std::string, Value, std::less<>> shared_by_category;
  std::map<std::string, size_t> category_counts;

  std::string url(std::string_view site_url) const { return with_base(*config, site_url); }
  std::string category_title(const std::string& id) const {
    const CategoryConfig* c = cat->category(id);
    return c ? c->title : id;
  }
};

/// The part of every catalogue page's view that does not depend on the page: the lists' URLs,
/// categories with counts, host versions, the fingerprinted script and stylesheet.
CatalogueContext make_catalogue_context(const SiteConfig& config, const CatalogueConfig& cat,
                                        const SiteModel& site, const ViewContext& ctx,
                                        const Theme& theme, const std::vector<PluginListing>& listings);

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

/// Every list page of the catalogue, before pagination; items point into `all`.
std::vector<ListSpec> catalogue_lists(const CatalogueContext& cc, const std::vector<PluginListing>& all);

/// "/plugins/<id>/" (site-relative).
std::string plugin_url(std::string_view id);
/// The site-relative URL of page `n` of a list whose first page is `first`.
std::string list_page_url(const std::string& first, int n);

/// A listing as one card in a list (partials/plugin_card.mustache). Every key is present.
Value card_value(const CatalogueContext& cc, const PluginListing& l);
/// The filter form's options: categories, tags, licences, statuses, host versions.
Value filters_value(const CatalogueContext& cc, const std::vector<PluginListing>& listings);
/// Page `n` of `total` of a list (template plugin_list).
Value list_view(const CatalogueContext& cc, const ListSpec& spec, int n, int total,
                const std::vector<Value>& cards, const Value& filters, const std::vector<PluginListing>& all);
/// A plugin's own page (template plugin), with its JSON-LD. `card` is card_value(cc, l): the
/// page's `plugin` holds every key of the card, and more.
Value plugin_view(const CatalogueContext& cc, const PluginListing& l, const RenderedListing& r,
                  const Value& card);
/// The ecosystem statistics page (template plugin_stats).
Value stats_view(const CatalogueContext& cc, const std::vector<PluginListing>& listings);

}  // namespace agora
