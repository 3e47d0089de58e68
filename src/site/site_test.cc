#include <catch2/catch.hpp>

#include "content/content.h"
#include "site/site.h"

using namespace agora;

namespace {

SiteConfig config() {
  SiteConfig c;
  c.title = "T";
  c.base_url = "https://org.github.io/repo/";
  c.sections = {{"docs", PageKind::Doc, "Docs", 10}, {"blog", PageKind::Post, "Blog", 2}};
  return c;
}

Page page(const SiteConfig& c, const std::string& path, const std::string& fm) {
  Diagnostics d;
  auto p = parse_page({path, "---\n" + fm + "\n---\n"}, c, d);
  INFO(format_diagnostics(d));
  REQUIRE(p);
  return std::move(*p);
}

}  // namespace

TEST_CASE("assemble builds the docs tree ordered by weight then title", "[site]") {
  SiteConfig c = config();
  std::vector<Page> pages;
  pages.push_back(page(c, "content/docs/_index.md", "title: Docs"));
  pages.push_back(page(c, "content/docs/b.md", "title: Beta"));
  pages.push_back(page(c, "content/docs/a.md", "title: Alpha\nweight: 5"));
  pages.push_back(page(c, "content/docs/guide/_index.md", "title: Guide\nweight: 1"));
  pages.push_back(page(c, "content/docs/guide/x.md", "title: X"));
  pages.push_back(page(c, "content/docs/loose/y.md", "title: Y"));
  Diagnostics d;
  SiteModel s = assemble(std::move(pages), c, d);
  CHECK_FALSE(d.has_errors());
  const NavNode& root = s.docs_nav.at("docs");
  CHECK(root.title == "Docs");
  std::vector<std::string> titles;
  for (const auto& n : root.children) titles.push_back(n.title);
  // weight 0 (Beta, Loose) before 1 (Guide) before 5 (Alpha); ties by title.
  CHECK(titles == std::vector<std::string>{"Beta", "Loose", "Guide", "Alpha"});
  // A folder without _index.md gets a generated index page listing its first level.
  CHECK(root.children[1].url == "/docs/loose/");
  const ListPage* loose = nullptr;
  for (const auto& l : s.lists)
    if (l.url == "/docs/loose/") loose = &l;
  REQUIRE(loose);
  CHECK(loose->title == "Loose");
  REQUIRE(loose->items.size() == 1);
  CHECK(loose->items[0]->meta.title == "Y");
  CHECK(root.children[2].children.at(0).title == "X");
  // prev/next follow the tree in reading order.
  const Page* beta = root.children[0].page;
  CHECK(s.next.at(beta)->meta.title == "Y");
  CHECK(s.prev.at(beta)->meta.title == "Docs");
}

TEST_CASE("assemble paginates lists and collects taxonomies", "[site]") {
  SiteConfig c = config();
  std::vector<Page> pages;
  for (int i = 1; i <= 5; ++i)
    pages.push_back(page(c, "content/blog/p" + std::to_string(i) + ".md",
                         "title: P" + std::to_string(i) + "\ndate: 2024-01-0" + std::to_string(i) +
                             "\ntags: [News, C++]"));
  Diagnostics d;
  SiteModel s = assemble(std::move(pages), c, d);
  REQUIRE_FALSE(s.lists.empty());
  std::vector<std::string> urls;
  for (const auto& l : s.lists)
    if (l.section == "blog") urls.push_back(l.url);
  CHECK(urls == std::vector<std::string>{"/blog/", "/blog/page/2/", "/blog/page/3/"});
  CHECK(s.lists[0].items[0]->meta.title == "P5");
  const auto& tags = s.taxonomies.at("tags");
  REQUIRE(tags.size() == 2);
  CHECK(tags[0].slug == "c");
  CHECK(tags[1].url == "/tags/news/");
  CHECK(tags[1].pages.size() == 5);
}

TEST_CASE("assemble names both files when two pages share a URL", "[site]") {
  SiteConfig c = config();
  std::vector<Page> pages;
  pages.push_back(page(c, "content/docs/a.md", "title: A"));
  pages.push_back(page(c, "content/docs/b.md", "title: B\nslug: a"));
  Diagnostics d;
  assemble(std::move(pages), c, d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].message == "two pages would write /docs/a/: content/docs/a.md and content/docs/b.md");
  CHECK(d.items()[0].loc.line == 3);
}

TEST_CASE("view data carries base-path URLs and escapes nothing itself", "[site]") {
  SiteConfig c = config();
  std::vector<Page> pages;
  pages.push_back(page(c, "content/docs/a.md", "title: <A>\ntags: [x]"));
  Diagnostics d;
  SiteModel s = assemble(std::move(pages), c, d);
  ViewContext ctx;
  Value v = page_view(s, s.pages[0], ctx);
  CHECK(v["page"]["url"].as_string() == "/repo/docs/a/");
  CHECK(v["page"]["url_abs"].as_string() == "https://org.github.io/repo/docs/a/");
  CHECK(v["page"]["title"].as_string() == "<A>");  // templates escape
  CHECK(v["page"]["tags"].as_list()[0]["url"].as_string() == "/repo/tags/x/");
  CHECK(v["meta"]["json_ld"].as_string().find("\\u003cA\\u003e") != std::string::npos);
}

TEST_CASE("a docs section without _index.md gets a generated index page", "[site]") {
  SiteConfig c = config();
  std::vector<Page> pages;
  pages.push_back(page(c, "content/docs/b.md", "title: B"));
  pages.push_back(page(c, "content/docs/a.md", "title: A"));
  Diagnostics d;
  SiteModel s = assemble(std::move(pages), c, d);
  const ListPage* index = nullptr;
  for (const auto& l : s.lists)
    if (l.url == "/docs/") index = &l;
  REQUIRE(index);
  REQUIRE(index->items.size() == 2);
  CHECK(index->items[0]->meta.title == "A");
}
