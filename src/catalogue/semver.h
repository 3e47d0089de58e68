// catalogue/semver.h — Semantic Versioning 2.0.0 versions and npm-style version ranges.
// Owns: Version (strict parse, precedence), VersionRange (parse, satisfies).
// Does not own: which versions a listing has or which one to install (catalogue.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/syntax_error.h"

namespace agora {

/// A semantic version (https://semver.org/spec/v2.0.0.html). Build metadata is kept for
/// display but ignored by comparisons, as the specification requires.
struct Version {
  uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  ///< dot-separated identifiers after '-'
  std::string build;                    ///< text after '+', without the '+'

  bool is_prerelease() const { return !prerelease.empty(); }
  /// Canonical text: "1.2.3-rc.1+build.5".
  std::string str() const;
};

/// Precedence order (semver §11): negative, zero or positive. Build metadata is ignored.
int compare(const Version& a, const Version& b);
inline bool operator<(const Version& a, const Version& b) { return compare(a, b) < 0; }
inline bool operator<=(const Version& a, const Version& b) { return compare(a, b) <= 0; }
inline bool operator>(const Version& a, const Version& b) { return compare(a, b) > 0; }
inline bool operator>=(const Version& a, const Version& b) { return compare(a, b) >= 0; }
inline bool operator==(const Version& a, const Version& b) { return compare(a, b) == 0; }

/// Strict semver 2.0.0: MAJOR.MINOR.PATCH, no leading zeros, no 'v' prefix, optional
/// -prerelease and +build. `error` (when given) says what is wrong and where.
std::optional<Version> parse_version(std::string_view text, SyntaxError* error = nullptr);

/// A host version as projects usually name them: "2", "2.3" or "2.3.1" (missing parts are 0;
/// a full semver with prerelease/build is accepted too). Used for the site's host_versions.
std::optional<Version> parse_host_version(std::string_view text, SyntaxError* error = nullptr);

/// One comparison against a version: the building block of ranges.
struct Comparator {
  enum class Op { Less, LessEqual, Greater, GreaterEqual, Equal };
  Op op = Op::Equal;
  Version version;
};

/// A version range in npm's syntax, the one plugin authors already know:
///   ">=1.2 <2", "^2.3", "~1.4", "1.x", "1.2.*", "*", "1.2 - 1.4", "=1.0.0", joined with "||".
/// Partial versions and x-ranges are desugared like node-semver (">1.2" means ">=1.3.0",
/// "^0.2.3" means ">=0.2.3 <0.3.0-0", "<=1.2" means "<1.3.0-0"). A prerelease version only
/// satisfies a range when one comparator of the matching set names the same MAJOR.MINOR.PATCH
/// with a prerelease ("^1.0.0-beta" admits 1.0.0-rc.1, never 1.1.0-beta).
struct VersionRange {
  std::string text;                           ///< as written, trimmed
  std::vector<std::vector<Comparator>> sets;  ///< OR of ANDs; an empty AND set matches all
};

std::optional<VersionRange> parse_range(std::string_view text, SyntaxError* error = nullptr);

/// True when `v` is in `range`.
bool satisfies(const Version& v, const VersionRange& range);

/// The desugared form, for debugging and documentation: ">=1.2.0 <2.0.0-0 || =3.0.0".
std::string describe(const VersionRange& range);

}  // namespace agora
