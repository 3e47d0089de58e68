#include "output/feeds.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "output/xml_writer.h"

namespace agora {

namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";

/// The date a feed reports as its last change: info.updated, else the newest entry date
/// (updated or published), else the Unix epoch.
Date feed_updated(const FeedInfo& info, const std::vector<FeedEntry>& entries) {
  if (info.updated) return *info.updated;
  std::optional<Date> newest;
  for (const auto& e : entries) {
    Date d = e.updated && e.published < *e.updated ? *e.updated : e.published;
    if (!newest || *newest < d) newest = d;
  }
  return newest.value_or(Date{});
}

const std::string& entry_id(const FeedEntry& e) { return e.id.empty() ? e.url : e.id; }

Date entry_updated(const FeedEntry& e) {
  return e.updated && e.published < *e.updated ? *e.updated : e.published;
}

}  // namespace

std::string write_atom(const FeedInfo& info, const std::vector<FeedEntry>& entries) {
  XmlWriter w;
  w.start("feed");
  w.attribute("xmlns", kAtomNs);
  if (!info.language.empty()) w.attribute("xml:lang", info.language);
  w.element("title", info.title);
  w.element_if("subtitle", info.subtitle);
  w.element("id", info.feed_url.empty() ? info.site_url : info.feed_url);
  w.element("updated", feed_updated(info, entries).rfc3339());
  if (!info.site_url.empty())
    w.empty_element("link", {{"href", info.site_url}, {"rel", "alternate"}, {"type", "text/html"}});
  if (!info.feed_url.empty())
    w.empty_element("link",
                    {{"href", info.feed_url}, {"rel", "self"}, {"type", "application/atom+xml"}});
  w.element_if("generator", info.generator);
  // RFC 4287 4.1.1: a feed needs an author unless every entry has one.
  bool every_entry_has_author = true;
  for (const auto& e : entries)
    every_entry_has_author = every_entry_has_author && !e.authors.empty();
  if (!every_entry_has_author) {
    w.start("author");
    w.element("name", info.title);
    w.end();
  }
  for (const auto& e : entries) {
    w.start("entry");
    w.element("title", e.title);
    w.element("id", entry_id(e));
    w.empty_element("link", {{"href", e.url}, {"rel", "alternate"}, {"type", "text/html"}});
    w.element("published", e.published.rfc3339());
    w.element("updated", entry_updated(e).rfc3339());
    for (const auto& a : e.authors) {
      w.start("author");
      w.element("name", a);
      w.end();
    }
    for (const auto& t : e.tags) w.empty_element("category", {{"term", t}});
    w.element_if("summary", e.summary);
    if (!e.content_html.empty()) {
      w.start("content");
      w.attribute("type", "html");
      if (!e.url.empty()) w.attribute("xml:base", e.url);
      w.text(e.content_html);
      w.end();
    }
    w.end();
  }
  w.end();
  return w.finish();
}

std::string write_rss(const FeedInfo& info, const std::vector<FeedEntry>& entries) {
  XmlWriter w;
  w.start("rss");
  w.attribute("version", "2.0");
  w.attribute("xmlns:atom", kAtomNs);
  w.attribute("xmlns:content", "http://purl.org/rss/1.0/modules/content/");
  w.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/");
  w.start("channel");
  w.element("title", info.title);
  w.element("link", info.site_url);
  // <description> is required; fall back to the title.
  w.element("description", info.subtitle.empty() ? info.title : info.subtitle);
  w.element_if("language", info.language);
  w.element_if("generator", info.generator);
  w.element("lastBuildDate", feed_updated(info, entries).rfc822());
  if (!info.feed_url.empty())
    w.empty_element("atom:link",
                    {{"href", info.feed_url}, {"rel", "self"}, {"type", "application/rss+xml"}});
  for (const auto& e : entries) {
    w.start("item");
    w.element("title", e.title);
    w.element("link", e.url);
    const std::string& id = entry_id(e);
    w.start("guid");
    w.attribute("isPermaLink", id == e.url ? "true" : "false");
    w.text(id);
    w.end();
    w.element("pubDate", e.published.rfc822());
    for (const auto& a : e.authors) w.element("dc:creator", a);
    for (const auto& t : e.tags) w.element("category", t);
    if (!e.summary.empty()) {
      w.element("description", html_escape(e.summary));  // description holds HTML
      w.element_if("content:encoded", e.content_html);
    } else {
      w.element_if("description", e.content_html);
    }
    w.end();
  }
  w.end();
  w.end();
  return w.finish();
}

std::string write_json_feed(const FeedInfo& info, const std::vector<FeedEntry>& entries) {
  nlohmann::json feed = nlohmann::json::object();
  feed["version"] = "https://jsonfeed.org/version/1.1";
  feed["title"] = info.title;
  if (!info.site_url.empty()) feed["home_page_url"] = info.site_url;
  if (!info.feed_url.empty()) feed["feed_url"] = info.feed_url;
  if (!info.subtitle.empty()) feed["description"] = info.subtitle;
  if (!info.language.empty()) feed["language"] = info.language;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json item = nlohmann::json::object();
    item["id"] = entry_id(e);
    item["url"] = e.url;
    item["title"] = e.title;
    // An item needs content_html or content_text.
    if (!e.content_html.empty())
      item["content_html"] = e.content_html;
    else
      item["content_text"] = e.summary;
    if (!e.summary.empty()) item["summary"] = e.summary;
    item["date_published"] = e.published.rfc3339();
    if (e.updated) item["date_modified"] = e.updated->rfc3339();
    if (!e.authors.empty()) {
      nlohmann::json authors = nlohmann::json::array();
      for (const auto& a : e.authors) authors.push_back({{"name", a}});
      item["authors"] = std::move(authors);
    }
    if (!e.tags.empty()) item["tags"] = e.tags;
    items.push_back(std::move(item));
  }
  feed["items"] = std::move(items);
  return feed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace agora
