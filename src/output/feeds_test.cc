#include "output/feeds.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "output/test_xml.h"

using namespace agora;
using agora::testing::parse_xml;
using agora::testing::XmlNode;

namespace {

Date date(const char* s) { return parse_date(s).value(); }

FeedInfo sample_info() {
  FeedInfo info;
  info.title = "Agora & friends";
  info.subtitle = "News from the hub";
  info.language = "en";
  info.site_url = "https://example.org/blog/";
  info.feed_url = "https://example.org/blog/atom.xml";
  info.generator = "agora";
  return info;
}

std::vector<FeedEntry> sample_entries() {
  FeedEntry a;
  a.title = "Release <1.0>";
  a.url = "https://example.org/blog/release/";
  a.summary = "We shipped & it works.";
  a.content_html = "<p>We <em>shipped</em> &amp; it works.</p>";
  a.published = date("2024-05-02T10:00:00+02:00");
  a.updated = date("2024-05-03");
  a.authors = {"Ada", "Linus"};
  a.tags = {"release", "news"};
  FeedEntry b;
  b.title = "Hello";
  b.url = "https://example.org/blog/hello/";
  b.id = "urn:uuid:1234";
  b.content_html = "<p>Hi</p>";
  b.published = date("2024-01-01");
  return {a, b};
}

}  // namespace

TEST_CASE("write_atom writes a well-formed Atom 1.0 feed", "[output]") {
  std::string xml = write_atom(sample_info(), sample_entries());
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  auto doc = parse_xml(xml);
  REQUIRE(doc);
  CHECK(doc->encoding == "UTF-8");
  const XmlNode& feed = doc->root;
  CHECK(feed.name == "feed");
  CHECK(feed.ns == "http://www.w3.org/2005/Atom");
  CHECK(feed.attr("xml:lang") == "en");
  CHECK(feed.child_text("title") == "Agora & friends");
  CHECK(feed.child_text("subtitle") == "News from the hub");
  CHECK(feed.child_text("id") == "https://example.org/blog/atom.xml");
  CHECK(feed.child_text("generator") == "agora");
  // Newest entry date: entry a was updated on 2024-05-03.
  CHECK(feed.child_text("updated") == "2024-05-03T00:00:00Z");

  auto links = feed.all("link");
  REQUIRE(links.size() == 2);
  CHECK(links[0]->attr("rel") == "alternate");
  CHECK(links[0]->attr("href") == "https://example.org/blog/");
  CHECK(links[1]->attr("rel") == "self");
  CHECK(links[1]->attr("href") == "https://example.org/blog/atom.xml");
  CHECK(links[1]->attr("type") == "application/atom+xml");

  // Entry b has no author, so the feed has one.
  REQUIRE(feed.child("author"));
  CHECK(feed.child("author")->child_text("name") == "Agora & friends");

  auto entries = feed.all("entry");
  REQUIRE(entries.size() == 2);
  const XmlNode& a = *entries[0];
  CHECK(a.child_text("title") == "Release <1.0>");
  CHECK(a.child_text("id") == "https://example.org/blog/release/");
  CHECK(a.child("link")->attr("href") == "https://example.org/blog/release/");
  CHECK(a.child_text("published") == "2024-05-02T10:00:00+02:00");
  CHECK(a.child_text("updated") == "2024-05-03T00:00:00Z");
  auto authors = a.all("author");
  REQUIRE(authors.size() == 2);
  CHECK(authors[0]->child_text("name") == "Ada");
  CHECK(authors[1]->child_text("name") == "Linus");
  auto cats = a.all("category");
  REQUIRE(cats.size() == 2);
  CHECK(cats[0]->attr("term") == "release");
  CHECK(cats[1]->attr("term") == "news");
  CHECK(a.child_text("summary") == "We shipped & it works.");
  REQUIRE(a.child("content"));
  CHECK(a.child("content")->attr("type") == "html");
  CHECK(a.child("content")->attr("xml:base") == "https://example.org/blog/release/");
  // The HTML is escaped text, not child elements.
  CHECK(a.child("content")->children.empty());
  CHECK(a.child_text("content") == "<p>We <em>shipped</em> &amp; it works.</p>");

  const XmlNode& b = *entries[1];
  CHECK(b.child_text("title") == "Hello");
  CHECK(b.child_text("id") == "urn:uuid:1234");
  CHECK(b.child_text("updated") == "2024-01-01T00:00:00Z");
  CHECK_FALSE(b.child("summary"));
}

TEST_CASE("write_atom uses info.updated and leaves out the feed author when every entry has one",
          "[output]") {
  FeedInfo info = sample_info();
  info.updated = date("2025-01-01T12:00:00Z");
  auto entries = sample_entries();
  entries.pop_back();
  auto doc = parse_xml(write_atom(info, entries));
  REQUIRE(doc);
  CHECK(doc->root.child_text("updated") == "2025-01-01T12:00:00Z");
  CHECK_FALSE(doc->root.child("author"));
}

TEST_CASE("write_atom with no entries is dated at the epoch, never the clock", "[output]") {
  auto doc = parse_xml(write_atom(sample_info(), {}));
  REQUIRE(doc);
  CHECK(doc->root.child_text("updated") == "1970-01-01T00:00:00Z");
  CHECK(doc->root.all("entry").empty());
}

TEST_CASE("feeds drop characters XML forbids and repair bad UTF-8", "[output]") {
  auto entries = sample_entries();
  entries[0].title = "bell\x07 tab\t nul-free\x1b end \xef\xbf\xbf";
  entries[0].content_html = "<p>\x01x\xff</p>";
  for (const std::string& xml :
       {write_atom(sample_info(), entries), write_rss(sample_info(), entries)}) {
    auto doc = parse_xml(xml);
    REQUIRE(doc);
    const XmlNode* entry = doc->root.name == "feed" ? doc->root.child("entry")
                                                    : doc->root.child("channel")->child("item");
    REQUIRE(entry);
    CHECK(entry->child_text("title") == "bell tab\t nul-free end ");
  }
  auto atom = parse_xml(write_atom(sample_info(), entries));
  CHECK(atom->root.child("entry")->child_text("content") == "<p>x\xef\xbf\xbd</p>");
}

TEST_CASE("write_atom is deterministic and indented", "[output]") {
  std::string a = write_atom(sample_info(), sample_entries());
  CHECK(a == write_atom(sample_info(), sample_entries()));
  CHECK(a.find("\n  <title>Agora &amp; friends</title>\n") != std::string::npos);
  CHECK(a.back() == '\n');
}

TEST_CASE("write_rss writes RSS 2.0 with atom:link and RFC 822 dates", "[output]") {
  FeedInfo info = sample_info();
  info.feed_url = "https://example.org/blog/rss.xml";
  auto doc = parse_xml(write_rss(info, sample_entries()));
  REQUIRE(doc);
  CHECK(doc->root.name == "rss");
  CHECK(doc->root.attr("version") == "2.0");
  const XmlNode* ch = doc->root.child("channel");
  REQUIRE(ch);
  CHECK(ch->child_text("title") == "Agora & friends");
  CHECK(ch->child_text("link") == "https://example.org/blog/");
  CHECK(ch->child_text("description") == "News from the hub");
  CHECK(ch->child_text("language") == "en");
  CHECK(ch->child_text("lastBuildDate") == "Fri, 03 May 2024 00:00:00 +0000");
  const XmlNode* self = ch->child("atom:link");
  REQUIRE(self);
  CHECK(self->ns == "http://www.w3.org/2005/Atom");
  CHECK(self->attr("rel") == "self");
  CHECK(self->attr("href") == "https://example.org/blog/rss.xml");
  CHECK(self->attr("type") == "application/rss+xml");

  auto items = ch->all("item");
  REQUIRE(items.size() == 2);
  const XmlNode& a = *items[0];
  CHECK(a.child_text("title") == "Release <1.0>");
  CHECK(a.child_text("link") == "https://example.org/blog/release/");
  CHECK(a.child_text("guid") == "https://example.org/blog/release/");
  CHECK(a.child("guid")->attr("isPermaLink") == "true");
  CHECK(a.child_text("pubDate") == "Thu, 02 May 2024 10:00:00 +0200");
  auto creators = a.all("dc:creator");
  REQUIRE(creators.size() == 2);
  CHECK(creators[0]->ns == "http://purl.org/dc/elements/1.1/");
  CHECK(creators[1]->text == "Linus");
  REQUIRE(a.all("category").size() == 2);
  CHECK(a.all("category")[1]->text == "news");
  // description holds HTML: the plain-text summary is HTML-escaped inside it.
  CHECK(a.child_text("description") == "We shipped &amp; it works.");
  CHECK(a.child_text("content:encoded") == "<p>We <em>shipped</em> &amp; it works.</p>");

  const XmlNode& b = *items[1];
  CHECK(b.child_text("guid") == "urn:uuid:1234");
  CHECK(b.child("guid")->attr("isPermaLink") == "false");
  CHECK(b.child_text("pubDate") == "Mon, 01 Jan 2024 00:00:00 +0000");
  CHECK(b.child_text("description") == "<p>Hi</p>");
  CHECK_FALSE(b.child("content:encoded"));
}

TEST_CASE("write_json_feed writes JSON Feed 1.1 with sorted keys", "[output]") {
  FeedInfo info = sample_info();
  info.feed_url = "https://example.org/blog/feed.json";
  std::string text = write_json_feed(info, sample_entries());
  CHECK(text == write_json_feed(info, sample_entries()));
  CHECK(text.back() == '\n');
  auto j = nlohmann::json::parse(text);
  CHECK(j["version"] == "https://jsonfeed.org/version/1.1");
  CHECK(j["title"] == "Agora & friends");
  CHECK(j["home_page_url"] == "https://example.org/blog/");
  CHECK(j["feed_url"] == "https://example.org/blog/feed.json");
  CHECK(j["description"] == "News from the hub");
  CHECK(j["language"] == "en");
  REQUIRE(j["items"].size() == 2);
  auto& a = j["items"][0];
  CHECK(a["id"] == "https://example.org/blog/release/");
  CHECK(a["url"] == "https://example.org/blog/release/");
  CHECK(a["title"] == "Release <1.0>");
  CHECK(a["content_html"] == "<p>We <em>shipped</em> &amp; it works.</p>");
  CHECK(a["summary"] == "We shipped & it works.");
  CHECK(a["date_published"] == "2024-05-02T10:00:00+02:00");
  CHECK(a["date_modified"] == "2024-05-03T00:00:00Z");
  CHECK(a["authors"] == nlohmann::json::parse(R"([{"name":"Ada"},{"name":"Linus"}])"));
  CHECK(a["tags"] == nlohmann::json::parse(R"(["release","news"])"));
  auto& b = j["items"][1];
  CHECK(b["id"] == "urn:uuid:1234");
  CHECK_FALSE(b.contains("date_modified"));
  CHECK_FALSE(b.contains("authors"));
  // Keys are written in sorted order.
  CHECK(text.find("\"description\"") < text.find("\"feed_url\""));
  CHECK(text.find("\"feed_url\"") < text.find("\"home_page_url\""));
  CHECK(text.find("\"items\"") < text.find("\"version\""));
}

TEST_CASE("write_json_feed falls back to content_text when there is no HTML", "[output]") {
  auto entries = sample_entries();
  entries[1].content_html.clear();
  auto j = nlohmann::json::parse(write_json_feed(sample_info(), entries));
  CHECK(j["items"][1]["content_text"] == "");
  CHECK_FALSE(j["items"][1].contains("content_html"));
}
