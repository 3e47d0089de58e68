// catalogue/listing.cc — what a parsed listing answers: its newest versions, release date,
// lifecycle (stale against the build's reference date), rating, and where its assets are written.
// Declared in catalogue/catalogue.h; parsing and validation stay in catalogue.cc.
#include <algorithm>
#include <cmath>

#include "catalogue/catalogue.h"
#include "core/text.h"

namespace agora {

namespace {

/// A civil date as YYYYMMDD, for comparing release dates without their times.
int ymd_key(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }

}  // namespace

const char* status_name(ListingStatus s) {
  switch (s) {
    case ListingStatus::Active:
      return "active";
    case ListingStatus::Deprecated:
      return "deprecated";
    case ListingStatus::Archived:
      return "archived";
  }
  return "active";
}

const char* lifecycle_name(Lifecycle l) {
  switch (l) {
    case Lifecycle::Active:
      return "active";
    case Lifecycle::Stale:
      return "stale";
    case Lifecycle::Deprecated:
      return "deprecated";
    case Lifecycle::Archived:
      return "archived";
  }
  return "active";
}

const PluginVersion& PluginListing::latest() const {
  for (const auto& v : versions)
    if (!v.version.is_prerelease()) return v;
  return versions.front();
}

const PluginVersion* PluginListing::latest_prerelease() const {
  if (versions.empty() || !versions.front().version.is_prerelease()) return nullptr;
  return &versions.front() == &latest() ? nullptr : &versions.front();
}

Date PluginListing::last_released() const {
  Date best = versions.empty() ? added : versions.front().released;
  for (const auto& v : versions)
    if (ymd_key(v.released) > ymd_key(best)) best = v.released;
  return best;
}

SourceLoc PluginListing::loc_of(std::string_view key) const {
  auto it = locs.find(key);
  return it == locs.end() ? SourceLoc{path, 1, 1} : it->second;
}

Lifecycle PluginListing::lifecycle() const {
  if (status == ListingStatus::Archived) return Lifecycle::Archived;
  if (status == ListingStatus::Deprecated) return Lifecycle::Deprecated;
  return stale ? Lifecycle::Stale : Lifecycle::Active;
}

double PluginListing::rating_average() const {
  if (reviews.empty()) return 0;
  int64_t sum = 0;
  for (const auto& r : reviews) sum += r.rating;
  // Rounded to one decimal so every output shows the same number.
  return std::round(static_cast<double>(sum) * 10.0 / static_cast<double>(reviews.size())) / 10.0;
}

const PluginVersion* newest_compatible(const PluginListing& listing, const Version& host,
                                       bool allow_prerelease) {
  for (const auto& v : listing.versions) {  // newest first
    if (v.version.is_prerelease() && !allow_prerelease) continue;
    if (satisfies(host, v.compatible)) return &v;
  }
  return nullptr;
}

bool is_stale(const PluginListing& listing, const Date& reference, int64_t months) {
  if (listing.versions.empty()) return false;
  int64_t index = static_cast<int64_t>(reference.year) * 12 + (reference.month - 1) - months;
  int y = static_cast<int>(index / 12);
  int m = static_cast<int>(index % 12) + 1;
  int d = std::min(reference.day, days_in_month(y, m));
  int cutoff = y * 10000 + m * 100 + d;
  return ymd_key(listing.last_released()) < cutoff;
}

void mark_stale(std::vector<PluginListing>& listings, const Date& reference, int64_t months) {
  for (auto& l : listings) l.stale = is_stale(l, reference, months);
}

std::optional<Date> newest_catalogue_date(const std::vector<PluginListing>& listings) {
  std::optional<Date> best;
  auto take = [&](const Date& d) {
    if (!best || *best < d) best = d;
  };
  for (const auto& l : listings) {
    take(l.added);
    for (const auto& v : l.versions) take(v.released);
    for (const auto& r : l.reviews) take(r.date);
  }
  return best;
}

std::string asset_output_path(const PluginAsset& asset) {
  std::string_view p = asset.path;
  if (starts_with(p, "plugins-index/")) p.remove_prefix(std::string_view("plugins-index/").size());
  return "plugins/assets/" + std::string(p);
}

}  // namespace agora
