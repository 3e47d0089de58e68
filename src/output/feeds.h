// output/feeds.h — syndication feeds written from already-rendered entries.
// Owns: FeedEntry, FeedInfo and the Atom 1.0, RSS 2.0 and JSON Feed 1.1 writers.
// Does not own: choosing or sorting entries, rendering their HTML, making URLs absolute
// (site/ and build/ do that), or writing the files to disk (writer.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace agora {

/// One item of a feed. URLs are absolute; text fields are plain text, content_html is HTML.
struct FeedEntry {
  std::string title;
  std::string url;           ///< absolute URL of the page
  std::string id;            ///< stable identifier; the url when empty
  std::string summary;       ///< plain text
  std::string content_html;  ///< rendered HTML of the page body
  Date published;
  std::optional<Date> updated;
  std::vector<std::string> authors;
  std::vector<std::string> tags;
};

/// The feed itself.
struct FeedInfo {
  std::string title;
  std::string subtitle;
  std::string language;  ///< BCP 47 tag such as "en"; omitted when empty
  std::string site_url;  ///< absolute URL of the site (or section) the feed follows
  std::string feed_url;  ///< absolute URL of this feed file
  std::string generator;
  std::optional<Date> updated;  ///< the newest entry's date when absent
};

// All three writers keep entries in the given order (the caller sorts newest first), are
// deterministic, drop characters XML 1.0 forbids (control characters other than tab, LF and CR)
// and replace invalid UTF-8 with U+FFFD. With no entries and no info.updated the feed's date is
// the Unix epoch, so output never depends on the wall clock.

/// Atom 1.0 (RFC 4287): indented UTF-8 XML. Content is type="html" escaped text with xml:base set
/// to the entry URL. Atom requires an author: when an entry has none, the feed gets a feed-level
/// author named after info.title.
std::string write_atom(const FeedInfo& info, const std::vector<FeedEntry>& entries);

/// RSS 2.0 with atom:link rel="self", RFC 822 dates, dc:creator for authors. <description> is
/// the summary (HTML-escaped) when there is one, else the content; content:encoded carries the
/// content when both are present.
std::string write_rss(const FeedInfo& info, const std::vector<FeedEntry>& entries);

/// JSON Feed 1.1: keys sorted, two-space indentation, trailing newline.
std::string write_json_feed(const FeedInfo& info, const std::vector<FeedEntry>& entries);

}  // namespace agora
