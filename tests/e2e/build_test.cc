// End-to-end: the basic fixture site built with the real binary, output parsed with libxml2.
#include <algorithm>
#include <catch2/catch.hpp>

#include "harness.h"

using namespace e2e;

namespace {

struct Built {
  TempDir dir;
  fs::path out;
  RunResult run;
  explicit Built(const std::vector<std::string>& extra = {},
                 const std::map<std::string, std::string>& env = {{"SOURCE_DATE_EPOCH", "1735689600"}}) {
    dir.copy_fixture("basic");
    out = dir.path() / "public";
    std::vector<std::string> args = {"build", "--source", dir.path().string(), "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    run = run_agora(args, {}, env);
  }
  Doc page(const std::string& rel) const {
    INFO("page " << rel);
    REQUIRE(fs::exists(out / rel));
    return Doc::html(read_file(out / rel));
  }
};

}  // namespace

TEST_CASE("the basic fixture builds every kind of page", "[e2e]") {
  Built b;
  INFO(b.run.err);
  REQUIRE(b.run.exit_code == 0);
  CHECK(b.run.err.empty());
  CHECK(b.run.out.find("agora: ") == 0);

  for (const char* p : {"index.html", "about/index.html", "docs/index.html", "docs/intro/index.html",
                        "docs/guide/index.html", "docs/guide/install/index.html",
                        "docs/guide/configuration/index.html", "blog/index.html",
                        "blog/page/2/index.html", "blog/post-1/index.html", "tutorials/first/index.html",
                        "case-studies/fixture/index.html", "events/meetup/index.html",
                        "tags/index.html", "tags/release-notes/index.html", "authors/ada/index.html",
                        "404.html", "sitemap.xml", "robots.txt", "blog/atom.xml", "blog/rss.xml",
                        "blog/feed.json", "old-intro/index.html", "img/logo.svg", ".agora-build"})
    CHECK(fs::exists(b.out / p));
  // Drafts and future posts are left out; the list section's _index.md is the list page.
  CHECK_FALSE(fs::exists(b.out / "blog/draft/index.html"));
  CHECK_FALSE(fs::exists(b.out / "blog/future/index.html"));
}

TEST_CASE("docs pages have ids, toc, sidebar, breadcrumbs, prev/next and edit links", "[e2e]") {
  Built b;
  REQUIRE(b.run.exit_code == 0);
  Doc d = b.page("docs/intro/index.html");
  CHECK(d.one("//html/@lang") == "en");
  CHECK(d.one("//title").find("Introduction") != std::string::npos);
  CHECK(d.one("//link[@rel='canonical']/@href") == "https://example.org/docs/intro/");
  CHECK(d.one("//meta[@property='og:title']/@content") == "Introduction");
  // Headings get unique ids; the TOC links to them.
  CHECK(d.count("//main//h2[@id='overview']") == 1);
  CHECK(d.count("//main//h2[@id='overview-1']") == 1);
  CHECK(d.count("//main//h3[@id='details']") == 1);
  CHECK(d.count("//a[@href='#overview']") >= 1);
  CHECK(d.count("//a[@href='#details']") >= 1);
  // Relative .md links are rewritten to page URLs, anchors kept.
  CHECK(d.count("//main//a[@href='/docs/guide/install/#requirements']") == 1);
  CHECK(d.count("//main//a[@href='/docs/guide/configuration/']") == 1);
  // GitHub alert → admonition.
  CHECK(d.count("//div[contains(@class,'admonition') and contains(@class,'note')]") == 1);
  // Sidebar: the guide folder nests its pages; the current page is marked.
  CHECK(d.count("//a[@aria-current='page' and @href='/docs/intro/']") >= 1);
  // Closed folders are one line: the guide is listed, its pages are not (only the folders on
  // the current page's path are expanded, so a sidebar does not grow with the whole tree).
  CHECK(d.count("//nav//a[@href='/docs/guide/']") >= 1);
  CHECK(d.count("//a[@href='/docs/guide/install/']") == 0);
  Doc install_page = b.page("docs/guide/install/index.html");
  CHECK(install_page.count("//nav[@class='sidebar']//a[@aria-current='page' and @href='/docs/guide/install/']") == 1);
  CHECK(install_page.count("//nav[@class='sidebar']//li[contains(@class,'open')]/a[@href='/docs/guide/']") == 1);
  // Edit link.
  CHECK(d.count("//a[@href='https://github.com/example/fixture/edit/main/content/docs/intro.md']") == 1);
  // prev/next follow sidebar order: Documentation, Introduction, Guide, Install, Configure.
  CHECK(d.count("//a[@rel='prev' and @href='/docs/']") == 1);
  CHECK(d.count("//a[@rel='next' and @href='/docs/guide/']") == 1);

  Doc install = b.page("docs/guide/install/index.html");
  auto crumbs = install.all("//nav[@aria-label='Breadcrumb']//a/@href");
  CHECK(crumbs == std::vector<std::string>{"/docs/", "/docs/guide/"});
  CHECK(install.count("//main//table//td") == 2);
  CHECK(install.count("//main//a[@href='/docs/intro/#overview']") == 1);

  Doc config = b.page("docs/guide/configuration/index.html");
  CHECK(config.count("//main//input[@type='checkbox']") == 2);
}

TEST_CASE("blog lists paginate newest first, with tags, authors and feeds", "[e2e]") {
  Built b;
  REQUIRE(b.run.exit_code == 0);
  Doc list = b.page("blog/index.html");
  CHECK(list.one("//h1") == "The Blog");
  auto items = list.all("//main//article//h2//a/@href");
  CHECK(items == std::vector<std::string>{"/blog/post-3/", "/blog/post-2/"});
  CHECK(list.count("//a[@rel='next' and @href='/blog/page/2/']") >= 1);
  Doc page2 = b.page("blog/page/2/index.html");
  CHECK(page2.all("//main//article//h2//a/@href") == std::vector<std::string>{"/blog/post-1/"});

  Doc post = b.page("blog/post-2/index.html");
  CHECK(post.one("//main//time/@datetime") == "2024-02-15");
  CHECK(post.count("//a[@href='/tags/release-notes/']") >= 1);
  CHECK(post.count("//a[@href='/authors/ada/']") >= 1);
  CHECK(post.count("//link[@rel='alternate' and @type='application/atom+xml' and @href='/blog/atom.xml']") == 1);

  Doc tag = b.page("tags/release-notes/index.html");
  CHECK(tag.all("//main//article//h2//a/@href") ==
        std::vector<std::string>{"/blog/post-3/", "/blog/post-2/", "/blog/post-1/"});

  Doc atom = Doc::xml(read_file(b.out / "blog/atom.xml"));
  REQUIRE(atom.ok());
  CHECK(atom.all("/atom:feed/atom:entry/atom:title") ==
        std::vector<std::string>{"Post number 3", "Post number 2", "Post number 1"});
  CHECK(atom.one("/atom:feed/atom:link[@rel='self']/@href") == "https://example.org/blog/atom.xml");
  Doc rss = Doc::xml(read_file(b.out / "blog/rss.xml"));
  CHECK(rss.count("/rss/channel/item") == 3);
}

TEST_CASE("tutorials, case studies and events show their structured fields", "[e2e]") {
  Built b;
  REQUIRE(b.run.exit_code == 0);
  Doc t = b.page("tutorials/first/index.html");
  auto text = t.one("//main");
  CHECK(text.find("beginner") != std::string::npos);
  CHECK(text.find("10 minutes") != std::string::npos);
  CHECK(t.all("//main//li[contains(.,'A terminal') or contains(.,'Git')]").size() == 2);
  Doc cs = b.page("case-studies/fixture/index.html");
  CHECK(cs.one("//main//blockquote").find("It works.") != std::string::npos);
  CHECK(cs.one("//main//figcaption").find("Bo Example") != std::string::npos);
  Doc ev = b.page("events/meetup/index.html");
  CHECK(ev.count("//main//time[@datetime='2024-06-01T18:00:00+02:00']") >= 1);
  CHECK(ev.count("//main//a[@href='https://example.org/register']") == 1);
}

TEST_CASE("front matter values are escaped where they land", "[e2e]") {
  Built b;
  REQUIRE(b.run.exit_code == 0);
  Doc about = b.page("about/index.html");
  CHECK(about.one("//main//h1") == "About <this> \"site\"");
  CHECK(about.count("//this") == 0);
  CHECK(about.count("//main//img[@src='/img/logo.svg']") == 1);
}

TEST_CASE("aliases become redirect pages; sitemap and robots list the site", "[e2e]") {
  Built b;
  REQUIRE(b.run.exit_code == 0);
  Doc r = b.page("old-intro/index.html");
  CHECK(r.one("//meta[@http-equiv='refresh']/@content").find("https://example.org/docs/intro/") != std::string::npos);
  CHECK(r.one("//link[@rel='canonical']/@href") == "https://example.org/docs/intro/");
  Doc sm = Doc::xml(read_file(b.out / "sitemap.xml"));
  auto locs = sm.all("//sm:url/sm:loc");
  CHECK(std::find(locs.begin(), locs.end(), "https://example.org/docs/intro/") != locs.end());
  CHECK(std::is_sorted(locs.begin(), locs.end()));
  CHECK(read_file(b.out / "robots.txt").find("Sitemap: https://example.org/sitemap.xml") != std::string::npos);
}

TEST_CASE("a base_url with a subpath prefixes every link and asset", "[e2e]") {
  Built b({"--base-url", "https://org.github.io/repo/"});
  REQUIRE(b.run.exit_code == 0);
  size_t checked = 0;
  for (const auto& [rel, text] : snapshot(b.out)) {
    if (rel.size() < 5 || rel.substr(rel.size() - 5) != ".html") continue;
    Doc d = Doc::html(text);
    for (const std::string& xp : {std::string("//a/@href"), std::string("//link/@href"),
                                  std::string("//script/@src"), std::string("//img/@src"),
                                  std::string("//form/@action")}) {
      for (const std::string& url : d.all(xp)) {
        INFO(rel << ": " << xp << " = " << url);
        bool ok = url.rfind("/repo/", 0) == 0 || url.rfind("https://", 0) == 0 ||
                  url.rfind("#", 0) == 0 || url.rfind("mailto:", 0) == 0;
        CHECK(ok);
        if (url.rfind("https://org.github.io/", 0) == 0) CHECK(url.rfind("https://org.github.io/repo/", 0) == 0);
        ++checked;
      }
    }
  }
  CHECK(checked > 100);
}

TEST_CASE("two builds of the same input are byte-identical", "[e2e]") {
  Built a, b;
  REQUIRE(a.run.exit_code == 0);
  REQUIRE(b.run.exit_code == 0);
  auto sa = snapshot(a.out), sb = snapshot(b.out);
  CHECK(sa.size() == sb.size());
  for (const auto& [k, v] : sa) {
    INFO(k);
    REQUIRE(sb.count(k));
    CHECK(v == sb.at(k));
  }
}

TEST_CASE("a failed build leaves the previous output byte-identical", "[e2e]") {
  Built b;
  REQUIRE(b.run.exit_code == 0);
  auto before = snapshot(b.out);
  b.dir.write("content/docs/broken.md", "---\ntitle: [unclosed\n---\nBody\n");
  RunResult r = run_agora({"build", "--source", b.dir.path().string(), "--out", b.out.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("content/docs/broken.md:2:") != std::string::npos);
  CHECK(snapshot(b.out) == before);
  for (const auto& e : fs::directory_iterator(b.dir.path())) {
    INFO(e.path());
    CHECK(e.path().filename().string().find("staging") == std::string::npos);
  }
}

TEST_CASE("--drafts includes drafts and future posts", "[e2e]") {
  Built b({"--drafts"});
  REQUIRE(b.run.exit_code == 0);
  CHECK(fs::exists(b.out / "blog/draft/index.html"));
  CHECK(fs::exists(b.out / "blog/future/index.html"));
}
