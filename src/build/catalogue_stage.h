// build/catalogue_stage.h — the pipeline's `catalogue` stage: plugins-index/*.yaml and
// reviews/<id>/*.md → validated listings → plugin pages, catalogue lists, the Atom feed of new
// and updated plugins, the ecosystem stats page and the static registry API (/api/v1/).
// Owns: reading the catalogue's files (the stage's I/O edge), the catalogue's reference date,
// rendering descriptions and reviews with the Markdown module, the page jobs and output files
// (the view data of each page is build/catalogue_views.h), and the plugins' search documents.
// Does not own: the listing schema and its validation (catalogue/), templates (theme/),
// JSON and feed text (output/), the search index (search/).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "config/config.h"
#include "core/diagnostic.h"
#include "output/sitemap.h"
#include "output/writer.h"
#include "search/search_index.h"
#include "site/site.h"
#include "theme/theme.h"

namespace agora {

/// What the stage needs from earlier stages. Nothing here is modified.
struct CatalogueStageInput {
  std::filesystem::path root;  ///< the site folder (plugins-index/ and reviews/ are below it)
  const SiteConfig* config = nullptr;
  const SiteModel* site = nullptr;
  const Theme* theme = nullptr;
  const ViewContext* ctx = nullptr;
  unsigned jobs = 1;
};

/// One listing's Markdown, rendered.
struct RenderedListing {
  std::string description_html;
  std::string description_text;           ///< plain text: the search documents point into it
  std::vector<std::string> review_html;   ///< per listing.reviews[i]
};

/// The wall time of one step of the stage, and the items it handled.
struct CatalogueStep {
  std::string name;
  double ms = 0;
  size_t count = 0;
};

/// Everything the stage produced. Keep it alive while the search index is built (the search
/// documents' texts are views into `rendered`).
struct CatalogueOutput {
  bool enabled = false;  ///< the site declares a `catalogue:` block
  std::optional<CatalogueConfig> config;
  std::vector<PluginListing> listings;  ///< sorted by id
  std::vector<RenderedListing> rendered;  ///< per listing
  Date reference;                         ///< the date staleness was computed against
  std::vector<OutputFile> files;          ///< pages, feed, API documents, copied assets
  std::vector<SitemapEntry> sitemap;      ///< the HTML pages the stage wrote
  size_t pages = 0;                       ///< HTML pages among `files`
  /// The stage's own steps, in order (read, listings, ..., feed): `--stats` prints them under
  /// the stage's line.
  std::vector<CatalogueStep> steps;
};

/// Runs the stage: reads, validates (every problem is reported; nothing is rendered when any
/// was an error), renders. A site without a `catalogue:` block and without plugins-index/
/// listings or reviews gets an empty, disabled output; listings without the block are an error.
CatalogueOutput run_catalogue_stage(const CatalogueStageInput& in, Diagnostics& diags);

/// One search document per listing: title = name, section "plugins", category = the
/// category's title, tags, summary, and the description's plain text.
std::vector<SearchDocument> catalogue_search_documents(const CatalogueOutput& out,
                                                       const SiteConfig& config);

/// The reference date for staleness: SOURCE_DATE_EPOCH when set, else the newest date written
/// in the catalogue or the content (never the wall clock, so builds are reproducible).
Date catalogue_reference_date(const std::vector<PluginListing>& listings, const SiteModel& site);

}  // namespace agora
