// Listing and config validation: one test per rule, each asserting the whole diagnostic text
// as `agora build` prints it. Reviews are in reviews_test.cc, versions and lifecycle in
// listing_test.cc.
#include <catch2/catch.hpp>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_test_support.h"
#include "core/text.h"

using namespace agora;
using namespace agora::catalogue_testing;


TEST_CASE("a complete listing is read field by field", "[catalogue]") {
  PluginListing l = parse_ok(R"(name: SARIF Export
summary: Writes Lumen findings as SARIF 2.1 for code scanning.
description: |
  Converts **every** finding.
category: reporters
tags: [sarif, ci]
authors:
  - name: Ada Example
    url: https://ada.example.org
    github: ada-example
  - Bo Example
repository: https://github.com/example/sarif-export
homepage: https://sarif.example.org
documentation: https://sarif.example.org/docs
license: mit OR Apache-2.0
status: deprecated
official: true
verified: yes
install:
  package: lumen-sarif
  command: lumen plugin add lumen-sarif
icon: icons/sarif.svg
screenshots: [shots/one.png, "https://img.example.org/two.png"]
added: 2024-01-15
versions:
  - version: 1.2.0
    released: 2024-06-01
    compatible: ">=2.0 <3"
    download: https://github.com/example/sarif-export/releases/download/v1.2.0/sarif.tar.gz
    sha256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08
  - version: 2.0.0-beta.1
    released: 2024-07-01
    compatible: ^2.3
  - version: 1.10.0
    released: 2024-03-01
    compatible: 1.x || 2.x
stats: { stars: 120, downloads: 4500 }
)");
  CHECK(l.id == "sarif-export");
  CHECK(l.name == "SARIF Export");
  CHECK(l.description == "Converts **every** finding.\n");
  CHECK(l.category == "reporters");
  CHECK(l.tags == std::vector<std::string>{"sarif", "ci"});
  REQUIRE(l.authors.size() == 2);
  CHECK(l.authors[0].url == "https://ada.example.org");
  CHECK(l.authors[0].github == "ada-example");
  CHECK(l.authors[1].name == "Bo Example");
  CHECK(l.license == "MIT OR Apache-2.0");
  CHECK(l.licenses == std::vector<std::string>{"Apache-2.0", "MIT"});
  CHECK(l.status == ListingStatus::Deprecated);
  CHECK(l.official);
  CHECK(l.verified);
  REQUIRE(l.install);
  CHECK(l.install->command == "lumen plugin add lumen-sarif");
  REQUIRE(l.icon);
  CHECK(l.icon->path == "plugins-index/icons/sarif.svg");
  CHECK(asset_output_path(*l.icon) == "plugins/assets/icons/sarif.svg");
  REQUIRE(l.screenshots.size() == 2);
  CHECK(l.screenshots[0].is_local());
  CHECK(l.screenshots[1].url == "https://img.example.org/two.png");
  CHECK(l.added.ymd() == "2024-01-15");
  // Newest first by semver precedence, not by file order or date.
  REQUIRE(l.versions.size() == 3);
  CHECK(l.versions[0].version.str() == "2.0.0-beta.1");
  CHECK(l.versions[1].version.str() == "1.10.0");
  CHECK(l.versions[2].version.str() == "1.2.0");
  CHECK(l.latest().version.str() == "1.10.0");
  CHECK(l.latest_prerelease()->version.str() == "2.0.0-beta.1");
  CHECK(l.versions[2].sha256 == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  CHECK(l.last_released().ymd() == "2024-07-01");
  CHECK(l.stars == 120);
  CHECK(l.downloads == 4500);
  // Locations are keyed by position in the file; versions[] itself is sorted.
  CHECK(l.loc_of("versions[0].sha256").line == 30);
  CHECK(l.loc_of("versions[0].sha256").col == 13);
  CHECK(l.versions[2].loc.line == 26);
  CHECK(l.loc_of("name").col == 7);
  CHECK(l.source.substr(0, 4) == "name");
}

TEST_CASE("rule: missing required keys", "[catalogue]") {
  CHECK(errors(with("summary: Writes Lumen findings as SARIF 2.1 for code scanning.\n", "")) ==
        "plugins-index/sarif-export.yaml:1:1: error: missing required listing key 'summary'\n"
        "  1 | name: SARIF Export\n"
        "    | ^\n"
        "  hint: add 'summary:' (string): one sentence of at most 140 characters, shown in lists\n");
  CHECK(errors(with("    released: 2024-06-01\n", "")) ==
        "plugins-index/sarif-export.yaml:11:5: error: missing required version key 'released'\n"
        "  11 |   - version: 1.2.0\n"
        "     |     ^\n"
        "  hint: add 'released:' (date): the release date, YYYY-MM-DD\n");
  CHECK(errors(with("license: MIT", "license:")) ==
        "plugins-index/sarif-export.yaml:8:1: error: 'license' has no value\n"
        "  8 | license:\n"
        "    | ^\n"
        "  hint: SPDX expression: an SPDX license id or expression, such as 'MIT' or 'MIT OR Apache-2.0'\n");
  CHECK(errors("") ==
        "plugins-index/sarif-export.yaml:1:1: error: the listing is empty\n"
        "  hint: start from the example in the plugin catalogue guide: name, summary, category, "
        "authors, repository, license, added and versions are required\n");
}

TEST_CASE("rule: unknown keys, with did you mean", "[catalogue]") {
  // A likely typo is reported once, as unknown, not also as a missing 'summary'.
  CHECK(errors(with("summary:", "sumary:")) ==
        "plugins-index/sarif-export.yaml:2:1: error: unknown listing key 'sumary'\n"
        "  2 | sumary: Writes Lumen findings as SARIF 2.1 for code scanning.\n"
        "    | ^\n"
        "  hint: did you mean 'summary'?\n");
  CHECK(errors(with("    github: ada-example", "    gihtub: ada-example")) ==
        "plugins-index/sarif-export.yaml:6:5: error: unknown author key 'gihtub'\n"
        "  6 |     gihtub: ada-example\n"
        "    |     ^\n"
        "  hint: did you mean 'github'?\n");
  CHECK(errors(with("license: MIT", "license: MIT\nrating: 5")) ==
        "plugins-index/sarif-export.yaml:9:1: error: unknown listing key 'rating'\n"
        "  9 | rating: 5\n"
        "    | ^\n");
}

TEST_CASE("rule: wrong types", "[catalogue]") {
  CHECK(errors(with("category: reporters", "category: reporters\ntags: {a: b}\nofficial: maybe")) ==
        "plugins-index/sarif-export.yaml:4:7: error: 'tags' must be a list of strings, not a mapping\n"
        "  4 | tags: {a: b}\n"
        "    |       ^\n"
        "  hint: write a list as [a, b] or as lines starting with '- '\n"
        "plugins-index/sarif-export.yaml:5:11: error: 'official' must be true or false, not 'maybe'\n"
        "  5 | official: maybe\n"
        "    |           ^\n");
  CHECK(errors(with("license: MIT", "license: MIT\nstats: { stars: many }")) ==
        "plugins-index/sarif-export.yaml:9:17: error: 'stars' must be a whole number, not 'many'\n"
        "  9 | stats: { stars: many }\n"
        "    |                 ^\n");
  CHECK(errors(with("versions:\n", "versions: 1.2.0\nx:\n"))
            .find("plugins-index/sarif-export.yaml:10:11: error: 'versions' must be a list, not a scalar\n") == 0);
}

TEST_CASE("rule: bad dates", "[catalogue]") {
  CHECK(errors(with("added: 2024-01-15", "added: 2024-02-30")) ==
        "plugins-index/sarif-export.yaml:9:8: error: 'added' must be a date, not '2024-02-30'\n"
        "  9 | added: 2024-02-30\n"
        "    |        ^\n"
        "  hint: write dates as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+01:00 with a time\n");
}

TEST_CASE("rule: versions must be semver", "[catalogue]") {
  CHECK(errors(with("version: 1.2.0", "version: 1.2")) ==
        "plugins-index/sarif-export.yaml:11:14: error: 'version' is not a semantic version: '1.2' "
        "has two numbers; a semantic version has three, MAJOR.MINOR.PATCH\n"
        "  11 |   - version: 1.2\n"
        "     |              ^\n"
        "  hint: write 1.2.0\n");
  CHECK(errors(with("version: 1.2.0", "version: v1.2.0")) ==
        "plugins-index/sarif-export.yaml:11:14: error: 'version' is not a semantic version: a "
        "version is written without a leading 'v'\n"
        "  11 |   - version: v1.2.0\n"
        "     |              ^\n"
        "  hint: write 1.2.0\n");
  // The same version twice.
  CHECK(errors(with("    compatible: \">=2.0 <3\"\n",
                    "    compatible: \">=2.0 <3\"\n  - version: 1.2.0+rebuild\n    released: 2024-06-02\n"
                    "    compatible: \"*\"\n")) ==
        "plugins-index/sarif-export.yaml:14:14: error: version 1.2.0+rebuild is listed twice (also at line 11)\n"
        "  14 |   - version: 1.2.0+rebuild\n"
        "     |              ^\n"
        "  hint: each release appears once in 'versions'\n");
}

TEST_CASE("rule: compatible must be a version range", "[catalogue]") {
  CHECK(errors(with("\">=2.0 <3\"", "\">=2.0 <<3\"")) ==
        "plugins-index/sarif-export.yaml:13:25: error: 'compatible' is not a valid version range: "
        "unexpected '<' after '<'\n"
        "  13 |     compatible: \">=2.0 <<3\"\n"
        "     |                         ^\n"
        "  hint: ranges look like '>=1.2 <2', '^2.3', '~1.4', '1.x', '1.2 - 1.4' or '*', joined with '||'\n");
  // A valid range that admits none of the declared host versions is a warning.
  CHECK(errors(with("\">=2.0 <3\"", "\">=20\"")) ==
        "plugins-index/sarif-export.yaml:13:17: warning: 'compatible' range '>=20' matches none of "
        "the host versions declared in site-config.yaml\n"
        "  13 |     compatible: \">=20\"\n"
        "     |                 ^\n"
        "  hint: the host versions are: 1.0, 2.0, 2.3\n");
}

TEST_CASE("rule: the id is the file name, a lowercase slug", "[catalogue]") {
  CHECK(errors(with("name: SARIF Export", "id: sarif\nname: SARIF Export")) ==
        "plugins-index/sarif-export.yaml:1:5: error: 'id' is 'sarif' but the file is named 'sarif-export.yaml'\n"
        "  1 | id: sarif\n"
        "    |     ^\n"
        "  hint: the id is the file name: remove 'id', or rename the file to 'sarif.yaml'\n");
  CHECK(errors(kBase, "plugins-index/SARIF_Export.yaml") ==
        "plugins-index/SARIF_Export.yaml:1:1: error: the file name 'SARIF_Export.yaml' is not a valid plugin id\n"
        "  hint: ids are lowercase letters, digits and single hyphens (at most 64 characters); "
        "rename the file to 'sarif-export.yaml'\n");
  CHECK(parse_ok(with("name: SARIF Export", "id: sarif-export\nname: SARIF Export")).id == "sarif-export");
}

TEST_CASE("rule: duplicate YAML keys", "[catalogue]") {
  CHECK(errors(with("license: MIT", "license: MIT\nlicense: ISC")) ==
        "plugins-index/sarif-export.yaml:9:1: error: duplicate key 'license'\n"
        "  9 | license: ISC\n"
        "    | ^\n"
        "  hint: each key may appear once in a mapping; remove one of them\n");
}

TEST_CASE("rule: YAML anchors and aliases", "[catalogue]") {
  CHECK(errors(with("license: MIT", "license: &l MIT\nhomepage: *l")) ==
        "plugins-index/sarif-export.yaml:8:10: error: YAML anchors (&name) are not allowed here\n"
        "  8 | license: &l MIT\n"
        "    |          ^\n"
        "  hint: write the value out in full; anchors and aliases make contributor files hard to review\n"
        "plugins-index/sarif-export.yaml:9:11: error: YAML aliases (*name) are not allowed here\n"
        "  9 | homepage: *l\n"
        "    |           ^\n"
        "  hint: write the value out in full; anchors and aliases make contributor files hard to review\n");
}

TEST_CASE("rule: URLs must be https", "[catalogue]") {
  CHECK(errors(with("https://github.com/example/sarif-export", "http://github.com/example/sarif-export")) ==
        "plugins-index/sarif-export.yaml:7:13: error: 'repository' must use https://, not http://\n"
        "  7 | repository: http://github.com/example/sarif-export\n"
        "    |             ^\n"
        "  hint: did you mean 'https://github.com/example/sarif-export'?\n");
  CHECK(errors(with("license: MIT", "license: MIT\ndocumentation: docs/index.html")) ==
        "plugins-index/sarif-export.yaml:9:16: error: 'documentation' must be an absolute https:// URL\n"
        "  9 | documentation: docs/index.html\n"
        "    |                ^\n"
        "  hint: for example https://github.com/you/your-plugin\n");
  CHECK(errors(with("license: MIT", "license: MIT\nhomepage: https://\"x.org")) ==
        "plugins-index/sarif-export.yaml:9:19: error: 'homepage' contains the character '\"'\n"
        "  9 | homepage: https://\"x.org\n"
        "    |                   ^\n"
        "  hint: percent-encode it (a space is %20)\n");
}

TEST_CASE("rule: javascript:, data: and other schemes", "[catalogue]") {
  CHECK(errors(with("license: MIT", "license: MIT\nhomepage: JavaScript:alert(1)")) ==
        "plugins-index/sarif-export.yaml:9:11: error: 'homepage' uses the URL scheme 'javascript:', which is not allowed\n"
        "  9 | homepage: JavaScript:alert(1)\n"
        "    |           ^\n"
        "  hint: listings may only link to https:// URLs\n");
  CHECK(errors(with("license: MIT", "license: MIT\nicon: data:image/svg+xml;base64,PHN2Zz4=")) ==
        "plugins-index/sarif-export.yaml:9:7: error: 'icon' uses the URL scheme 'data:', which is not allowed\n"
        "  9 | icon: data:image/svg+xml;base64,PHN2Zz4=\n"
        "    |       ^\n"
        "  hint: listings may only link to https:// URLs\n");
  CHECK(errors(with("    github: ada-example", "    url: vbscript:x")) ==
        "plugins-index/sarif-export.yaml:6:10: error: 'url' uses the URL scheme 'vbscript:', which is not allowed\n"
        "  6 |     url: vbscript:x\n"
        "    |          ^\n"
        "  hint: listings may only link to https:// URLs\n");
}

TEST_CASE("rule: SPDX license ids and expressions", "[catalogue]") {
  CHECK(errors(with("license: MIT", "license: Apache 2.0")) ==
        "plugins-index/sarif-export.yaml:8:10: error: unknown SPDX license id 'Apache'\n"
        "  8 | license: Apache 2.0\n"
        "    |          ^\n"
        "  hint: did you mean 'Apache-2.0'?\n");
  CHECK(errors(with("license: MIT", "license: \"MIT OR GPL-3.0\"")) ==
        "plugins-index/sarif-export.yaml:8:18: error: 'GPL-3.0' is a deprecated SPDX license id\n"
        "  8 | license: \"MIT OR GPL-3.0\"\n"
        "    |                  ^\n"
        "  hint: use 'GPL-3.0-only' or 'GPL-3.0-or-later'\n");
  CHECK(errors(with("license: MIT", "license: MTI")) ==
        "plugins-index/sarif-export.yaml:8:10: error: unknown SPDX license id 'MTI'\n"
        "  8 | license: MTI\n"
        "    |          ^\n"
        "  hint: did you mean 'MIT'?\n");
}

TEST_CASE("rule: sha256 is 64 hex digits", "[catalogue]") {
  std::string good = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  CHECK(errors(with("\">=2.0 <3\"\n", "\">=2.0 <3\"\n    sha256: " + good.substr(1) + "\n")) ==
        "plugins-index/sarif-export.yaml:14:13: error: 'sha256' must be 64 hexadecimal digits; this one has 63\n"
        "  14 |     sha256: " + good.substr(1) + "\n"
        "     |             ^\n"
        "  hint: a sha256 checksum is 64 hexadecimal digits, as printed by 'sha256sum FILE'\n");
  CHECK(errors(with("\">=2.0 <3\"\n", "\">=2.0 <3\"\n    sha256: " + good.substr(0, 10) + "z" + good.substr(11) + "\n")) ==
        "plugins-index/sarif-export.yaml:14:23: error: 'sha256' contains 'z', which is not a hexadecimal digit\n"
        "  14 |     sha256: " + good.substr(0, 10) + "z" + good.substr(11) + "\n"
        "     |                       ^\n"
        "  hint: a sha256 checksum is 64 hexadecimal digits, as printed by 'sha256sum FILE'\n");
  CHECK(errors(with("\">=2.0 <3\"\n", "\">=2.0 <3\"\n    sha256: sha256:" + good + "\n")) ==
        "plugins-index/sarif-export.yaml:14:13: error: 'sha256' must be only the 64 hexadecimal digits\n"
        "  14 |     sha256: sha256:" + good + "\n"
        "     |             ^\n"
        "  hint: remove the 'sha256:' prefix\n");
}

TEST_CASE("rule: local icons and screenshots must exist inside plugins-index/", "[catalogue]") {
  CHECK(errors(with("license: MIT", "license: MIT\nicon: icons/sarif-export.svg")) ==
        "plugins-index/sarif-export.yaml:9:7: error: 'icon' file 'plugins-index/icons/sarif-export.svg' does not exist\n"
        "  9 | icon: icons/sarif-export.svg\n"
        "    |       ^\n"
        "  hint: add the file to the pull request, or use an https:// URL\n");
  CHECK(errors(with("license: MIT", "license: MIT\nscreenshots: [../../etc/passwd.png]")) ==
        "plugins-index/sarif-export.yaml:9:15: error: 'screenshots' must be a path inside plugins-index/ or an https:// URL\n"
        "  9 | screenshots: [../../etc/passwd.png]\n"
        "    |               ^\n"
        "  hint: write a path relative to the listing, such as 'icons/my-plugin.svg'\n");
  CHECK(errors(with("license: MIT", "license: MIT\nicon: icons/sarif.html")) ==
        "plugins-index/sarif-export.yaml:9:7: error: 'icon' must be an image file\n"
        "  9 | icon: icons/sarif.html\n"
        "    |       ^\n"
        "  hint: use one of: .png, .jpg, .jpeg, .gif, .webp, .svg, .avif\n");
}

TEST_CASE("rule: over-long fields", "[catalogue]") {
  CHECK(errors(with("name: SARIF Export", "name: SARIF Export for GitHub Code Scanning and GitLab Security Dashboards")) ==
        "plugins-index/sarif-export.yaml:1:7: error: 'name' is 68 characters long; the limit is 60\n"
        "  1 | name: SARIF Export for GitHub Code Scanning and GitLab Security Dashboards\n"
        "    |       ^\n"
        "  hint: use a short name; the summary and description can say more\n");
  std::string summary(141, 'x');
  CHECK(errors(with("Writes Lumen findings as SARIF 2.1 for code scanning.", summary)) ==
        "plugins-index/sarif-export.yaml:2:10: error: 'summary' is 141 characters long; the limit is 140\n"
        "  2 | summary: " + summary + "\n"
        "    |          ^\n"
        "  hint: keep the summary to one sentence; 'description' can be as long as needed\n");
  // Characters, not bytes: 140 accented letters are fine.
  std::string accents;
  for (int i = 0; i < 140; ++i) accents += "\xC3\xA9";
  CHECK(errors(with("Writes Lumen findings as SARIF 2.1 for code scanning.", accents)) == "");
}

TEST_CASE("rule: control and bidi characters in names and summaries", "[catalogue]") {
  CHECK(errors(with("name: SARIF Export", "name: SARIF \xE2\x80\xAE" "Export")) ==
        "plugins-index/sarif-export.yaml:1:13: error: 'name' contains the bidirectional control "
        "character U+202E (RIGHT-TO-LEFT OVERRIDE)\n"
        "  1 | name: SARIF <U+202E>Export\n"
        "    |             ^\n"
        "  hint: remove it: bidirectional controls make text display in a different order than it "
        "is stored, which can disguise what a listing says\n");
  CHECK(errors(with("summary: Writes", "summary: Wri\xE2\x81\xA6tes")) ==
        "plugins-index/sarif-export.yaml:2:13: error: 'summary' contains the bidirectional control "
        "character U+2066 (LEFT-TO-RIGHT ISOLATE)\n"
        "  2 | summary: Wri<U+2066>tes Lumen findings as SARIF 2.1 for code scanning.\n"
        "    |             ^\n"
        "  hint: remove it: bidirectional controls make text display in a different order than it "
        "is stored, which can disguise what a listing says\n");
  CHECK(errors(with("name: SARIF Export", "name: \"SARIF\\u200FExport\"")).find(
            "'name' contains the bidirectional control character U+200F (RIGHT-TO-LEFT MARK)") !=
        std::string::npos);
  CHECK(errors(with("summary: Writes", "summary: Writes\x07")) ==
        "plugins-index/sarif-export.yaml:2:16: error: 'summary' contains the control character U+0007\n"
        "  2 | summary: Writes<U+0007> Lumen findings as SARIF 2.1 for code scanning.\n"
        "    |                ^\n"
        "  hint: remove it; it cannot be seen, but it changes how the text compares and displays\n");
  CHECK(errors(with("name: SARIF Export", "name: |\n  SARIF\n  Export")) ==
        "plugins-index/sarif-export.yaml:1:7: error: 'name' contains the control character U+000A (LINE FEED)\n"
        "  1 | name: |\n"
        "    |       ^\n"
        "  hint: write 'name' on a single line\n");
  CHECK(errors(with("  - name: Ada Example", "  - name: Ada \xE2\x80\x8B")).find(
            "contains the invisible character U+200B (ZERO WIDTH SPACE)") != std::string::npos);
}

TEST_CASE("rule: categories come from site-config.yaml", "[catalogue]") {
  CHECK(errors(with("category: reporters", "category: reporter")) ==
        "plugins-index/sarif-export.yaml:3:11: error: unknown category 'reporter'\n"
        "  3 | category: reporter\n"
        "    |           ^\n"
        "  hint: did you mean 'reporters'?\n");
  CHECK(errors(with("category: reporters", "category: exporters-x")) ==
        "plugins-index/sarif-export.yaml:3:11: error: unknown category 'exporters-x'\n"
        "  3 | category: exporters-x\n"
        "    |           ^\n"
        "  hint: the categories declared in site-config.yaml are: reporters, languages, rules\n");
}

TEST_CASE("rule: status, tags, authors and install values", "[catalogue]") {
  CHECK(errors(with("license: MIT", "license: MIT\nstatus: archvied")) ==
        "plugins-index/sarif-export.yaml:9:9: error: unknown status 'archvied'\n"
        "  9 | status: archvied\n"
        "    |         ^\n"
        "  hint: did you mean 'archived'?\n");
  CHECK(errors(with("category: reporters", "category: reporters\ntags: [CI/CD, sarif, sarif]")) ==
        "plugins-index/sarif-export.yaml:4:8: error: tag 'CI/CD' is not a lowercase slug of at most 32 characters\n"
        "  4 | tags: [CI/CD, sarif, sarif]\n"
        "    |        ^\n"
        "  hint: did you mean 'ci-cd'?\n"
        "plugins-index/sarif-export.yaml:4:22: error: tag 'sarif' is listed twice\n"
        "  4 | tags: [CI/CD, sarif, sarif]\n"
        "    |                      ^\n");
  CHECK(errors(with("github: ada-example", "github: \"@ada-example\"")) ==
        "plugins-index/sarif-export.yaml:6:13: error: 'github' is not a valid GitHub handle: '@ada-example'\n"
        "  6 |     github: \"@ada-example\"\n"
        "    |             ^\n"
        "  hint: write the handle without '@': 'ada-example'\n");
  CHECK(errors(with("license: MIT", "license: MIT\ninstall: {}")) ==
        "plugins-index/sarif-export.yaml:9:10: error: 'install' needs 'package' or 'command'\n"
        "  9 | install: {}\n"
        "    |          ^\n"
        "  hint: for example 'package: lumen-sarif' or 'command: lumen plugin add lumen-sarif'\n");
  CHECK(errors(with("authors:\n  - name: Ada Example\n    github: ada-example\n", "authors: []\n")) ==
        "plugins-index/sarif-export.yaml:4:10: error: 'authors' is empty\n"
        "  4 | authors: []\n"
        "    |          ^\n"
        "  hint: list at least one author\n");
}

TEST_CASE("rule: files that are not YAML mappings or not UTF-8", "[catalogue]") {
  CHECK(errors("- a\n- b\n") ==
        "plugins-index/sarif-export.yaml:1:1: error: a listing must be a mapping of keys to values, not a list\n"
        "  1 | - a\n"
        "    | ^\n"
        "  hint: write it as 'key: value' lines, e.g. 'name: My plugin'\n");
  CHECK(errors(with("name: SARIF Export", "name: SARIF \xff")) ==
        "plugins-index/sarif-export.yaml:1:13: error: invalid UTF-8\n"
        "  hint: save the file as UTF-8\n");
  CHECK(errors("name: [unclosed\n").substr(0, 82) ==
        "plugins-index/sarif-export.yaml:1:7: error: invalid YAML: this '[' is never closed");
}

TEST_CASE("rule: duplicate ids and names across files", "[catalogue]") {
  CatalogueConfig cfg = test_config();
  Diagnostics d;
  std::vector<PluginListing> all;
  auto add = [&](std::string path, std::string text) {
    auto l = parse_listing(path, text, cfg, exists, d);
    REQUIRE(l);
    all.push_back(std::move(*l));
  };
  add("plugins-index/sarif-export.yaml", kBase);
  add("plugins-index/sarif-export.yml", with("SARIF Export", "SARIF Exporter"));
  add("plugins-index/sarif-two.yaml", with("name: SARIF Export", "name: \"sarif  export!\""));
  add("plugins-index/other.yaml", with("SARIF Export", "Other"));
  check_listings(all, d);
  CHECK(format_diagnostics(d) ==
        "plugins-index/sarif-export.yml:1:1: error: duplicate plugin id 'sarif-export': "
        "plugins-index/sarif-export.yaml has it too\n"
        "  hint: each plugin has exactly one listing file; remove or rename one of them\n"
        "plugins-index/sarif-two.yaml:1:7: error: plugin name 'sarif  export!' is already used by "
        "plugins-index/sarif-export.yaml:1:7 ('SARIF Export')\n"
        "  1 | name: \"sarif  export!\"\n"
        "    |       ^\n"
        "  hint: plugin names must be unique, ignoring case and punctuation; choose a distinct name\n");
  // Sorted by id, then path.
  CHECK(all[0].id == "other");
  CHECK(all[1].path == "plugins-index/sarif-export.yaml");
  CHECK(all[2].path == "plugins-index/sarif-export.yml");
}

TEST_CASE("the catalogue block of site-config.yaml is validated", "[catalogue]") {
  const char* text = R"(catalogue:
  categories:
    - { id: reporters, title: Reporters }
    - { id: Reporters!, title: Other }
    - { id: reporters, title: Again }
    - { title: No id }
  stale_after_months: 0
  host_versions: ["2.0", "1.x", "2"]
  stale_after_month: 3
)";
  Diagnostics d;
  YamlSource src{"site-config.yaml", text, 0};
  auto root = parse_yaml(src, d);
  REQUIRE(root);
  auto cfg = parse_catalogue_config(*root->get("catalogue"), src, d);
  CHECK_FALSE(cfg);
  CHECK(format_diagnostics(d) ==
        "site-config.yaml:4:13: error: category id 'Reporters!' is not a lowercase slug\n"
        "  4 |     - { id: Reporters!, title: Other }\n"
        "    |             ^\n"
        "  hint: ids are lowercase letters, digits and single hyphens: 'code-quality'\n"
        "site-config.yaml:5:13: error: category 'reporters' is declared twice\n"
        "  5 |     - { id: reporters, title: Again }\n"
        "    |             ^\n"
        "site-config.yaml:6:7: error: missing required category key 'id'\n"
        "  6 |     - { title: No id }\n"
        "    |       ^\n"
        "site-config.yaml:7:23: error: 'stale_after_months' must be between 1 and 240\n"
        "  7 |   stale_after_months: 0\n"
        "    |                       ^\n"
        "site-config.yaml:8:27: error: host version '1.x' is not a version: a host version cannot be a wildcard\n"
        "  8 |   host_versions: [\"2.0\", \"1.x\", \"2\"]\n"
        "    |                           ^\n"
        "  hint: write a version such as 2, 2.3 or 2.3.1\n"
        "site-config.yaml:8:33: error: host version '2' is listed twice\n"
        "  8 |   host_versions: [\"2.0\", \"1.x\", \"2\"]\n"
        "    |                                 ^\n"
        "site-config.yaml:9:3: error: unknown catalogue key 'stale_after_month'\n"
        "  9 |   stale_after_month: 3\n"
        "    |   ^\n"
        "  hint: did you mean 'stale_after_months'?\n");

  CatalogueConfig good = test_config();
  CHECK(good.categories.size() == 3);
  CHECK(good.category("rules")->title == "Rule packs");
  CHECK(good.stale_after_months == 18);
  REQUIRE(good.host_versions.size() == 3);
  CHECK(good.host_versions[2].name == "2.3");
  CHECK(good.host_versions[2].version.str() == "2.3.0");
}

TEST_CASE("the schema is declared once and covers every key", "[catalogue]") {
  std::vector<std::string> top;
  for (const auto& f : listing_schema()) {
    CHECK_FALSE(f.doc.empty());
    CHECK_FALSE(f.type.empty());
    if (f.path.find('.') == std::string_view::npos) top.emplace_back(f.path);
  }
  CHECK(top == std::vector<std::string>{"id", "name", "summary", "description", "category", "tags",
                                        "authors", "repository", "homepage", "documentation",
                                        "license", "status", "official", "verified", "install",
                                        "icon", "screenshots", "added", "versions", "stats"});
  CHECK(review_schema().size() == 4);
}
