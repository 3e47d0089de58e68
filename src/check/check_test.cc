#include <catch2/catch.hpp>

#include <deque>

#include "check/check.h"

using namespace agora;

namespace {

/// Owns the HTML the CheckedPages of one test point into.
struct Pages {
  std::deque<std::string> texts;
  std::vector<CheckedPage> list;
  CheckedPage& add(std::string path, const std::string& body, std::string source = {}) {
    CheckedPage p;
    p.path = std::move(path);
    p.html = texts.emplace_back("<!doctype html><html><body>" + body + "</body></html>");
    p.source_path = std::move(source);
    return list.emplace_back(std::move(p));
  }
  std::string_view text(std::string t) { return texts.emplace_back(std::move(t)); }
};

}  // namespace

TEST_CASE("check_links finds broken pages and anchors, at the Markdown source", "[check]") {
  Pages pages;
  pages.add("index.html", "<a href='/repo/docs/a/'>a</a><a href='/repo/docs/b/#nope'>b</a>");
  CheckedPage& a = pages.add("docs/a/index.html",
                             "<h2 id='top'>T</h2><a href='/repo/docs/b/#x'>ok</a>"
                             "<a href='/repo/docs/missing/'>missing</a><a href='#top'>self</a>"
                             "<img src='/repo/img/logo.svg'><a href='https://example.org/'>ext</a>",
                             "content/docs/a.md");
  a.source_text = pages.text("---\ntitle: A\n---\nSee [missing](missing.md).\n");
  a.source_links.emplace("/repo/docs/missing/", SourceLoc{"content/docs/a.md", 4, 5});
  pages.add("docs/b/index.html", "<p id='x'>x</p><a href='../a/'>up</a>", "content/docs/b.md");
  std::vector<std::string> files = {"index.html", "docs/a/index.html", "docs/b/index.html"};
  Diagnostics d;
  LinkCheckOptions o;
  o.base_path = "/repo/";
  check_links(pages.list, files, o, 2, d);
  d.sort();
  CHECK(format_diagnostics(d) ==
        "content/docs/a.md:4:5: error: broken link /repo/docs/missing/: no page or file at that URL\n"
        "  4 | See [missing](missing.md).\n"
        "    |     ^\n"
        "docs/a/index.html: error: broken link /repo/img/logo.svg: no page or file at that URL\n"
        "  hint: the link comes from the template of content/docs/a.md\n"
        "index.html: error: broken link /repo/docs/b/#nope: no element with id 'nope' on that page\n"
        "  hint: the link comes from a template\n");
}

TEST_CASE("check_links warns about orphan pages", "[check]") {
  Pages pages;
  pages.add("index.html", "<a href='/a/'>a</a>");
  pages.add("a/index.html", "", "content/a.md");
  pages.add("b/index.html", "<a href='/a/'>a</a>", "content/b.md");
  Diagnostics d;
  check_links(pages.list, {"index.html", "a/index.html", "b/index.html"}, {}, 1, d);
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].severity == Severity::Warning);
  CHECK(d.items()[0].loc.file == "content/b.md");
  CHECK_FALSE(d.has_errors());
}

TEST_CASE("format_for writes GitHub annotations and JSON", "[check]") {
  Diagnostics d;
  d.error({"content/a.md", 3, 7}, "broken link /x/: 50% gone", "fix it");
  d.warning({"content/b.md", 1, 1}, "orphan");
  CHECK(format_for(d, DiagnosticFormat::GitHub, false) ==
        "::error file=content/a.md,line=3,col=7::broken link /x/: 50%25 gone%0Afix it\n"
        "::warning file=content/b.md,line=1,col=1::orphan\n");
  CHECK(format_for(d, DiagnosticFormat::Json, false) ==
        "{\"diagnostics\":[{\"severity\":\"error\",\"file\":\"content/a.md\",\"line\":3,\"column\":7,"
        "\"message\":\"broken link /x/: 50% gone\",\"hint\":\"fix it\"},{\"severity\":\"warning\","
        "\"file\":\"content/b.md\",\"line\":1,\"column\":1,\"message\":\"orphan\",\"hint\":\"\"}],"
        "\"errors\":1,\"warnings\":1}\n");
}
