// catalogue/stats.h — ecosystem statistics over the listings and the SVG bar charts that show
// them on the stats page.
// Owns: CatalogueStats (per category, additions per quarter, lifecycle shares, top authors)
// and bar_chart_svg (accessible, deterministic, no JavaScript).
// Does not own: the stats page itself (site/, theme/) or when listings are stale (catalogue.h).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalogue/catalogue.h"

namespace agora {

/// One counted row: a stable key (category id, "2024-Q3", lifecycle name, author key), the
/// label people read, and the count.
struct CountRow {
  std::string key;
  std::string label;
  size_t count = 0;
};

/// Everything the ecosystem stats page shows, computed from the listings.
struct CatalogueStats {
  size_t total = 0;
  std::vector<CountRow> per_category;  ///< every declared category, in declared order
  std::vector<CountRow> per_quarter;   ///< by `added`, oldest first, empty quarters included
  std::vector<CountRow> lifecycle;     ///< active, stale, deprecated, archived (always 4 rows)
  std::vector<CountRow> top_authors;   ///< most listings first, then by label; key is the
                                       ///< GitHub handle (lowercase) or else the name
};

/// Counts everything. Listings must have `stale` set (mark_stale) for the lifecycle shares.
CatalogueStats catalogue_stats(const std::vector<PluginListing>& listings,
                               const CatalogueConfig& config, size_t top_authors = 10);

/// Rows as chart data: (label, count).
std::vector<std::pair<std::string, double>> chart_data(const std::vector<CountRow>& rows);
/// Rows as percentages of `total`, rounded to one decimal: (label, 37.5).
std::vector<std::pair<std::string, double>> share_data(const std::vector<CountRow>& rows,
                                                       size_t total);

/// Layout options of bar_chart_svg; the defaults suit a page column.
struct ChartOptions {
  std::string id;         ///< element id prefix; default "chart-" + slug of the title
  std::string unit;       ///< appended to values: "%"
  int width = 640;        ///< total width in SVG units
  int label_width = 200;  ///< width of the label column
};

/// A horizontal bar chart as a standalone <svg> element:
///   <svg role="img" aria-labelledby="ID-title ID-desc"><title id="ID-title">…</title>
///   <desc id="ID-desc">desc, then every "label: value" pair</desc> … text labels and values …
/// Output depends only on the arguments (locale-independent numbers); all text is escaped.
/// Bars use class "chart-bar" and fill currentColor-compatible defaults themes can restyle.
std::string bar_chart_svg(std::string_view title, std::string_view desc,
                          const std::vector<std::pair<std::string, double>>& bars,
                          const ChartOptions& options = {});

/// A number as charts print it: integers without decimals, others with one ("37.5").
std::string format_chart_number(double v);

}  // namespace agora
