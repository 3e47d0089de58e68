// catalogue/catalogue.h — the plugin catalogue: one YAML listing per plugin in plugins-index/,
// reviews in reviews/<plugin-id>/*.md, and the `catalogue:` block of site-config.yaml.
// Owns: the listing and review schemas (declared once, in listing_schema() and
// review_schema()), their validation with file:line:col diagnostics, cross-file rules
// (duplicate ids and names, reviews of unknown plugins), lifecycle (stale listings) and version
// resolution (the newest version compatible with a host version).
// Does not own: reading files (callers pass the text, and a file_exists probe for local
// icons), rendering descriptions and reviews (markdown/), pages and templates (site/, theme/),
// writing JSON (output/). Semver, SPDX, stats and the registry JSON have their own headers.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/semver.h"
#include "catalogue/spdx.h"
#include "core/date.h"
#include "core/diagnostic.h"
#include "yaml/yaml.h"

namespace agora {

// ---------------------------------------------------------------------------------------------
// Configuration: the `catalogue:` block of site-config.yaml

/// One category a listing can be filed under.
struct CategoryConfig {
  std::string id;     ///< slug used in listings and URLs: "reporters"
  std::string title;  ///< "Reporters"
  std::string description;
};

/// A version of the host project that listings declare compatibility with.
struct HostVersion {
  std::string name;  ///< as written: "2.3"
  Version version;   ///< 2.3.0
};

/// site-config.yaml:
///   catalogue:
///     categories: [{id, title, description}]   # required, at least one
///     stale_after_months: 18                    # 1..240
///     host_versions: ["1.0", "2.0", "2.3"]      # optional, oldest first
struct CatalogueConfig {
  std::vector<CategoryConfig> categories;  ///< in declared order
  int64_t stale_after_months = 18;
  std::vector<HostVersion> host_versions;  ///< sorted oldest first

  const CategoryConfig* category(std::string_view id) const;
  std::vector<std::string> category_ids() const;
};

/// Reads the value of the `catalogue:` key. Reports every problem at its position in `src`.
std::optional<CatalogueConfig> parse_catalogue_config(const YamlNode& node, const YamlSource& src,
                                                      Diagnostics& diags);

// ---------------------------------------------------------------------------------------------
// Listings

/// The maintainer's declared status of a listing (`status:`), active by default.
enum class ListingStatus { Active, Deprecated, Archived };
const char* status_name(ListingStatus s);  ///< "active", "deprecated", "archived"

/// Where a listing stands for readers: its status, with "stale" for active listings whose
/// newest release is older than the configured number of months.
enum class Lifecycle { Active, Stale, Deprecated, Archived };
const char* lifecycle_name(Lifecycle l);  ///< "active", "stale", "deprecated", "archived"

/// One entry of `authors:` — a name, or a mapping with name, url and github.
struct PluginAuthor {
  std::string name;
  std::string url;     ///< https URL or ""
  std::string github;  ///< GitHub handle without '@', or ""
};

/// `install:` — how users install the plugin.
struct InstallInfo {
  std::string package;  ///< package name for the host's plugin manager, or ""
  std::string command;  ///< a full install command line, or ""
};

/// An icon or screenshot: a file under plugins-index/ or an https URL.
struct PluginAsset {
  std::string url;   ///< https URL when remote, else ""
  std::string path;  ///< site-relative source path when local: "plugins-index/icons/x.svg"
  bool is_local() const { return !path.empty(); }
};

/// One released version of a plugin.
struct PluginVersion {
  Version version;
  Date released;
  VersionRange compatible;  ///< host versions it works with
  std::string download;     ///< https URL or ""
  std::string sha256;       ///< 64 lowercase hex digits or ""
  SourceLoc loc;            ///< the `version:` value
};

/// One review of a plugin: reviews/<plugin-id>/<slug>.md.
struct Review {
  std::string path;       ///< "reviews/sarif-export/ada.md"
  std::string source;     ///< the whole file text
  std::string plugin_id;  ///< the folder name
  std::string slug;       ///< the file name without ".md"
  std::string author;
  std::string title;  ///< may be ""
  int rating = 0;     ///< 1..5
  Date date;
  size_t body_offset = 0;  ///< Markdown body start in `source`
  int body_line = 1;       ///< 1-based line of the body
  std::string_view body() const { return std::string_view(source).substr(body_offset); }
};

/// One plugin, from plugins-index/<id>.yaml. Every field the schema declares (listing_schema()).
struct PluginListing {
  std::string id;      ///< the file name without extension: a lowercase slug
  std::string path;    ///< "plugins-index/<id>.yaml"
  std::string source;  ///< the whole file text, for later diagnostics

  std::string name;         ///< at most 60 characters
  std::string summary;      ///< at most 140 characters
  std::string description;  ///< Markdown, rendered by the pipeline (may be "")
  std::string category;     ///< a CategoryConfig id
  std::vector<std::string> tags;
  std::vector<PluginAuthor> authors;    ///< at least one
  std::string repository;               ///< https URL
  std::string homepage, documentation;  ///< https URLs or ""
  std::string license;                  ///< canonical SPDX expression
  std::vector<std::string> licenses;    ///< the license ids in it (sorted), for filters
  ListingStatus status = ListingStatus::Active;
  bool official = false, verified = false;
  std::optional<InstallInfo> install;
  std::optional<PluginAsset> icon;
  std::vector<PluginAsset> screenshots;
  Date added;
  std::vector<PluginVersion> versions;      ///< newest first (semver precedence); at least one
  std::optional<int64_t> stars, downloads;  ///< `stats:` committed in the repository

  /// Where each value was written, by schema path with indices: "name", "versions[1].sha256",
  /// "authors[0].github" (indices count items in file order; `versions` itself is sorted).
  /// Points at the value's first character.
  std::map<std::string, SourceLoc, std::less<>> locs;

  // Derived after parsing.
  bool stale = false;           ///< set by mark_stale()
  std::vector<Review> reviews;  ///< set by attach_reviews(), newest first

  /// The newest stable version by semver precedence; the newest pre-release when every
  /// version is a pre-release (like npm's "latest" tag).
  const PluginVersion& latest() const;
  /// A pre-release newer than latest() ("3.0.0-beta.2" while 2.5.1 is latest), or nullptr.
  const PluginVersion* latest_prerelease() const;
  /// The most recent `released` date of any version: "last updated".
  Date last_released() const;
  /// Position of a value for diagnostics ({path, 1, 1} when unknown).
  SourceLoc loc_of(std::string_view key) const;
  Lifecycle lifecycle() const;
  /// Number of reviews and their mean rating (0 when there are none).
  size_t rating_count() const { return reviews.size(); }
  double rating_average() const;
};

/// Parses one listing file. `path` is site-relative ("plugins-index/sarif-export.yaml"); the
/// id is its file name without extension. `file_exists` is asked about local icon and
/// screenshot paths (site-relative, "plugins-index/icons/x.svg") — the module does no I/O.
/// Reports every problem in the file, in line order; returns nullopt when there was any error.
/// Pure and thread-safe: listings can be parsed in parallel (file_exists must be thread-safe).
std::optional<PluginListing> parse_listing(std::string_view path, std::string_view text,
                                           const CatalogueConfig& config,
                                           const std::function<bool(std::string_view)>& file_exists,
                                           Diagnostics& diags);

/// Rules across files: duplicate ids (case-insensitive: "x.yaml" and "x.yml") and duplicate
/// names (compared as slugs, so "Lumen SARIF" and "lumen-sarif" clash), each reported at the
/// later file and naming the earlier one. Sorts the listings by id, then path.
void check_listings(std::vector<PluginListing>& listings, Diagnostics& diags);

// ---------------------------------------------------------------------------------------------
// Reviews

/// Parses reviews/<plugin-id>/<slug>.md: front matter with author, rating (1-5), date and an
/// optional title, then a Markdown body. Does not know which plugins exist (attach_reviews).
std::optional<Review> parse_review(std::string_view path, std::string_view text,
                                   Diagnostics& diags);

/// Moves each review into its listing (newest first, then by path). A review of a plugin with
/// no listing is an error at the review file, with a "did you mean" over the listing ids.
void attach_reviews(std::vector<PluginListing>& listings, std::vector<Review> reviews,
                    Diagnostics& diags);

// ---------------------------------------------------------------------------------------------
// Versions and lifecycle

/// The newest version (by semver precedence) whose `compatible` range admits `host`.
/// Pre-release plugin versions are skipped unless `allow_prerelease`. nullptr when none fits.
const PluginVersion* newest_compatible(const PluginListing& listing, const Version& host,
                                       bool allow_prerelease = false);

/// True when the listing's most recent release is more than `months` calendar months before
/// `reference` (compared by date; "18 months before 2025-08-31" is 2024-02-29).
bool is_stale(const PluginListing& listing, const Date& reference, int64_t months);

/// Sets `stale` on every listing with is_stale().
void mark_stale(std::vector<PluginListing>& listings, const Date& reference, int64_t months);

/// The newest date written in the catalogue (added, released, and review dates once
/// attach_reviews ran), so the caller can fold it into the build's reference date when
/// SOURCE_DATE_EPOCH is not set.
std::optional<Date> newest_catalogue_date(const std::vector<PluginListing>& listings);

// ---------------------------------------------------------------------------------------------
// The schema, declared once

/// One field of a schema, for validation and for the documentation.
struct SchemaField {
  std::string_view path;  ///< "name", "authors[].github", "versions[].sha256"
  std::string_view type;  ///< "string", "date", "https URL", "list of mappings", ...
  bool required = false;
  std::string_view doc;  ///< one sentence
};

/// Every key of a listing file, in documentation order.
const std::vector<SchemaField>& listing_schema();
/// Every front-matter key of a review file.
const std::vector<SchemaField>& review_schema();

/// Limits the validation applies (documented with the schema).
struct CatalogueLimits {
  static constexpr size_t kNameChars = 60;
  static constexpr size_t kSummaryChars = 140;
  static constexpr size_t kDescriptionChars = 20000;
  static constexpr size_t kTagChars = 32;
  static constexpr size_t kMaxTags = 10;
  static constexpr size_t kMaxAuthors = 20;
  static constexpr size_t kMaxScreenshots = 8;
  static constexpr size_t kMaxVersions = 200;
  static constexpr size_t kMaxFileBytes = 128 * 1024;
  static constexpr size_t kReviewTitleChars = 120;
  static constexpr size_t kReviewBodyChars = 10000;
};

/// The output path a local asset is published at: plugins-index/icons/x.svg ->
/// "plugins/assets/icons/x.svg" (relative to the output folder).
std::string asset_output_path(const PluginAsset& asset);

}  // namespace agora
