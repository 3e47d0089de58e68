#include <catch2/catch.hpp>

#include "core/date.h"
#include "core/diagnostic.h"
#include "core/text.h"

using namespace agora;

TEST_CASE("html_escape escapes the five special characters", "[core]") {
  CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("find_invalid_utf8 finds the first bad byte", "[core]") {
  CHECK_FALSE(find_invalid_utf8("héllo ✓ 𝄞").has_value());
  CHECK(find_invalid_utf8("ab\xff").value() == 2);
  CHECK(find_invalid_utf8("a\xc0\xaf").value() == 1);       // overlong '/'
  CHECK(find_invalid_utf8("\xed\xa0\x80").value() == 0);   // surrogate
  CHECK(find_invalid_utf8("ok\xe2\x82").value() == 2);      // truncated
}

TEST_CASE("slugify makes URL-safe lowercase slugs", "[core]") {
  CHECK(slugify("Hello, World!") == "hello-world");
  CHECK(slugify("  C++ & Rust  ") == "c-rust");
  CHECK(slugify("Café au lait") == "café-au-lait");  // non-ASCII letters are kept as written
  CHECK(slugify("snake_case") == "snake_case");
}

TEST_CASE("did_you_mean suggests close keys only", "[core]") {
  std::vector<std::string> keys = {"title", "description", "date", "tags"};
  CHECK(did_you_mean("tittle", keys) == "did you mean 'title'?");
  CHECK(did_you_mean("tag", keys) == "did you mean 'tags'?");
  CHECK(did_you_mean("completely", keys).empty());
}

TEST_CASE("is_allowed_url accepts http, https, mailto and relative URLs only", "[core]") {
  CHECK(is_allowed_url("https://example.org/x"));
  CHECK(is_allowed_url("HTTP://example.org"));
  CHECK(is_allowed_url("mailto:a@b.c"));
  CHECK(is_allowed_url("../guide/install.md#top"));
  CHECK(is_allowed_url("/docs/"));
  CHECK(is_allowed_url("#anchor"));
  CHECK_FALSE(is_allowed_url("javascript:alert(1)"));
  CHECK_FALSE(is_allowed_url("JaVaScRiPt:alert(1)"));
  CHECK_FALSE(is_allowed_url("data:text/html,x"));
  CHECK_FALSE(is_allowed_url("vbscript:x"));
  CHECK_FALSE(is_allowed_url("//evil.example/x"));
  CHECK_FALSE(is_allowed_url("java\tscript:x"));
}

TEST_CASE("normalize_relative_path refuses to climb out", "[core]") {
  CHECK(normalize_relative_path("a/./b/../c").value() == "a/c");
  CHECK_FALSE(normalize_relative_path("../x").has_value());
  CHECK_FALSE(normalize_relative_path("a/../../x").has_value());
  CHECK_FALSE(normalize_relative_path("/etc/passwd").has_value());
}

TEST_CASE("json_escape is safe inside script elements", "[core]") {
  CHECK(json_escape("</script>\"\n") == "\\u003c/script\\u003e\\\"\\n");
}

TEST_CASE("dates parse strictly and format without the locale", "[core]") {
  auto d = parse_date("2024-02-29");
  REQUIRE(d);
  CHECK(d->ymd() == "2024-02-29");
  CHECK(d->rfc3339() == "2024-02-29T00:00:00Z");
  CHECK(d->rfc822() == "Thu, 29 Feb 2024 00:00:00 +0000");
  CHECK(d->human() == "29 February 2024");
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("2023-13-01"));
  CHECK_FALSE(parse_date("yesterday"));
  auto t = parse_date("2024-05-01T10:30:00+02:00");
  REQUIRE(t);
  CHECK(t->rfc3339() == "2024-05-01T10:30:00+02:00");
  CHECK(t->unix_seconds() == 1714552200);
  CHECK(date_from_unix(1714552200).rfc3339() == "2024-05-01T08:30:00Z");
}

TEST_CASE("diagnostics print file:line:col, the line and a caret", "[core]") {
  Diagnostics ds;
  ds.error({"content/a.md", 2, 3}, "unknown key 'tittle'", "did you mean 'title'?",
           "---\n  tittle: x\n---\n");
  CHECK(format_diagnostics(ds) ==
        "content/a.md:2:3: error: unknown key 'tittle'\n"
        "  2 |   tittle: x\n"
        "    |   ^\n"
        "  hint: did you mean 'title'?\n");
  CHECK(ds.has_errors());
}

TEST_CASE("UTF-8 decodes and encodes every plane; invalid input becomes U+FFFD", "[core]") {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
  std::vector<char32_t> cps;
  for (size_t i = 0; i < s.size();) cps.push_back(decode_utf8(s, i));
  CHECK(cps == std::vector<char32_t>{U'a', 0xE9, 0x20AC, 0x1F600});
  std::string out;
  for (char32_t cp : cps) append_utf8(out, cp);
  CHECK(out == s);
  size_t i = 0;
  CHECK(decode_utf8("\xC3", i) == 0xFFFD);  // truncated
  CHECK(i == 1);
  std::string bad;
  append_utf8(bad, 0xD800);    // a lone surrogate
  append_utf8(bad, 0x110000);  // past the last plane
  append_utf8(bad, 0);
  CHECK(bad == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("ascii_slug keeps lowercase ASCII letters and digits, one '-' between runs", "[core]") {
  CHECK(ascii_slug("Lumen SARIF (v2)") == "lumen-sarif-v2");
  CHECK(ascii_slug("--snake_case--") == "snake-case");
  CHECK(ascii_slug("Ünïcode") == "n-code");
  CHECK(ascii_slug("!!!").empty());
}

TEST_CASE("days_in_month counts leap years", "[date]") {
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2023, 2) == 28);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
  CHECK(days_in_month(2025, 4) == 30);
  CHECK(days_in_month(2025, 12) == 31);
}
