#include "output/sitemap.h"

#include <catch2/catch.hpp>

#include "output/test_xml.h"

using namespace agora;
using agora::testing::parse_xml;

TEST_CASE("write_sitemap sorts urls by loc and formats lastmod", "[output]") {
  std::vector<SitemapEntry> in = {
      {"https://example.org/z/", parse_date("2024-05-01")},
      {"https://example.org/", std::nullopt},
      {"https://example.org/a?x=1&y=2", parse_date("2024-05-01T10:00:00+02:00")},
  };
  std::string xml = write_sitemap(in);
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  auto doc = parse_xml(xml);
  REQUIRE(doc);
  CHECK(doc->root.name == "urlset");
  CHECK(doc->root.ns == "http://www.sitemaps.org/schemas/sitemap/0.9");
  auto urls = doc->root.all("url");
  REQUIRE(urls.size() == 3);
  CHECK(urls[0]->child_text("loc") == "https://example.org/");
  CHECK_FALSE(urls[0]->child("lastmod"));
  CHECK(urls[1]->child_text("loc") == "https://example.org/a?x=1&y=2");
  CHECK(urls[1]->child_text("lastmod") == "2024-05-01T10:00:00+02:00");
  CHECK(urls[2]->child_text("loc") == "https://example.org/z/");
  CHECK(urls[2]->child_text("lastmod") == "2024-05-01");
}

TEST_CASE("write_sitemap writes a repeated loc once with its newest lastmod", "[output]") {
  std::vector<SitemapEntry> in = {
      {"https://example.org/a/", parse_date("2024-01-01")},
      {"https://example.org/a/", parse_date("2024-03-01")},
      {"https://example.org/a/", std::nullopt},
  };
  auto doc = parse_xml(write_sitemap(in));
  REQUIRE(doc);
  auto urls = doc->root.all("url");
  REQUIRE(urls.size() == 1);
  CHECK(urls[0]->child_text("lastmod") == "2024-03-01");
}

TEST_CASE("write_sitemap of nothing is an empty, valid urlset", "[output]") {
  auto doc = parse_xml(write_sitemap({}));
  REQUIRE(doc);
  CHECK(doc->root.name == "urlset");
  CHECK(doc->root.children.empty());
}

TEST_CASE("write_robots_txt points at the sitemap on a line of its own", "[output]") {
  CHECK(write_robots_txt("https://example.org/sitemap.xml") ==
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n");
  CHECK(write_robots_txt("https://example.org/s.xml\nDisallow: /") ==
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/s.xmlDisallow: /\n");
  CHECK(write_robots_txt("") == "User-agent: *\nAllow: /\n");
}
