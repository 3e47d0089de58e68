// core/date.h — calendar dates and times from front matter, formatted without the locale.
// Owns: Date (civil date + optional time and UTC offset), parsing YAML-style timestamps and
// formatting them as RFC 3339, RFC 822 and human text. Never reads the wall clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora {

/// A date with an optional time of day. Stored as written, compared as a UTC instant.
struct Date {
  int year = 1970, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;  ///< east of UTC
  bool has_time = false;

  /// Seconds since the Unix epoch (UTC).
  int64_t unix_seconds() const;
  /// 2024-05-01 or 2024-05-01T10:00:00+02:00
  std::string iso() const;
  /// Always a full RFC 3339 timestamp (midnight UTC when no time was given).
  std::string rfc3339() const;
  /// "Wed, 01 May 2024 10:00:00 +0200" for RSS.
  std::string rfc822() const;
  /// "1 May 2024" for people.
  std::string human() const;
  /// "2024-05-01"
  std::string ymd() const;

  friend bool operator<(const Date& a, const Date& b) { return a.unix_seconds() < b.unix_seconds(); }
  friend bool operator==(const Date& a, const Date& b) { return a.unix_seconds() == b.unix_seconds(); }
};

/// Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]".
/// Returns nullopt for anything else or an impossible date (2023-02-30).
std::optional<Date> parse_date(std::string_view s);

/// The date for a Unix timestamp (UTC).
Date date_from_unix(int64_t seconds);

/// Days in month `m` (1–12) of year `y`, leap years counted (February 2024 has 29).
int days_in_month(int y, int m);

}  // namespace agora
