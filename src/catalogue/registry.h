// catalogue/registry.h — the static registry API that installers and tools read:
// /api/v1/plugins.json (every listing) and /api/v1/plugins/<id>.json (one full record).
// Owns: the documents' shape as Values (schema_version 1, documented in
// content/docs/reference/registry-api.md) and their output paths. Does not own: JSON text
// (output/json.h writes Values canonically).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.h"
#include "core/value.h"

namespace agora {

/// Bumped only for incompatible changes; adding keys keeps version 1.
inline constexpr int kRegistrySchemaVersion = 1;

/// "api/v1/plugins.json" and "api/v1/plugins/<id>.json", relative to the output folder.
std::string registry_index_path();
std::string registry_record_path(std::string_view id);

/// The full record of one listing, with every version. `base_url` is the site's absolute base
/// URL ("https://lumen.example.org/", SiteConfig::base_url) so the record's links work outside
/// the site; with "" they are root-relative ("/plugins/x/").
Value registry_record(const PluginListing& listing, const CatalogueConfig& config,
                      std::string_view base_url = {});

/// Every listing, sorted by id, with what a catalogue or an installer needs to choose one:
/// latest version, newest compatible version per declared host version, lifecycle, rating.
Value registry_index(const std::vector<PluginListing>& listings, const CatalogueConfig& config,
                     std::string_view base_url = {});

}  // namespace agora
