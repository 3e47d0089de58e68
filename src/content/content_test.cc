#include <catch2/catch.hpp>

#include "content/content.h"

using namespace agora;

static SiteConfig config() {
  SiteConfig c;
  c.title = "T";
  c.sections = {{"docs", PageKind::Doc, "Docs", 10}, {"blog", PageKind::Post, "Blog", 10},
                {"tutorials", PageKind::Tutorial, "Tutorials", 10}};
  c.authors = {{"ada", "Ada", ""}};
  return c;
}

TEST_CASE("parse_page reads front matter and computes pretty URLs", "[content]") {
  Diagnostics d;
  auto p = parse_page({"content/docs/guide/install.md",
                       "---\ntitle: Install\nweight: 3\ntags: [a]\n---\n# Body\n"}, config(), d);
  INFO(format_diagnostics(d));
  REQUIRE(p);
  CHECK(p->kind == PageKind::Doc);
  CHECK(p->section == "docs");
  CHECK(p->url == "/docs/guide/install/");
  CHECK(p->output_path == "docs/guide/install/index.html");
  CHECK(p->meta.weight == 3);
  CHECK(p->body_line == 6);
  CHECK(p->source.substr(p->body_offset) == "# Body\n");

  auto idx = parse_page({"content/docs/guide/_index.md", "---\ntitle: Guide\n---\n"}, config(), d);
  REQUIRE(idx);
  CHECK(idx->is_index);
  CHECK(idx->url == "/docs/guide/");
  auto home = parse_page({"content/_index.md", "---\ntitle: Home\n---\n"}, config(), d);
  REQUIRE(home);
  CHECK(home->url == "/");
  CHECK(home->output_path == "index.html");
  auto slugged = parse_page({"content/about.md", "---\ntitle: A\nslug: about-us\n---\n"}, config(), d);
  REQUIRE(slugged);
  CHECK(slugged->url == "/about-us/");
}

TEST_CASE("parse_page validates kind-specific keys", "[content]") {
  Diagnostics d;
  auto t = parse_page({"content/tutorials/t.md",
                       "---\ntitle: T\ndifficulty: begginer\nprerequisites: [Git]\n---\n"}, config(), d);
  CHECK_FALSE(t);
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].message == "unknown difficulty 'begginer'");
  CHECK(d.items()[0].hint == "did you mean 'beginner'?");

  Diagnostics d2;
  auto doc = parse_page({"content/docs/x.md", "---\ntitle: T\ndifficulty: beginner\n---\n"}, config(), d2);
  CHECK_FALSE(doc);
  CHECK(d2.items()[0].message == "unknown front matter key 'difficulty'");

  Diagnostics d3;
  auto post = parse_page({"content/blog/p.md", "---\ntitle: P\nauthors: [adda]\n---\n"}, config(), d3);
  CHECK_FALSE(post);
  CHECK(format_diagnostics(d3) ==
        "content/blog/p.md:3:10: error: unknown author 'adda'\n"
        "  3 | authors: [adda]\n"
        "    |          ^\n"
        "  hint: did you mean 'ada'?\n"
        "content/blog/p.md:2:1: error: a blog post needs a 'date'\n"
        "  2 | title: P\n"
        "    | ^\n"
        "  hint: add 'date: YYYY-MM-DD' to the front matter\n");
}

TEST_CASE("drafts and future posts are excluded unless asked for", "[content]") {
  Diagnostics d;
  auto p = parse_page({"content/blog/p.md", "---\ntitle: P\ndate: 2030-01-01\n---\n"}, config(), d);
  REQUIRE(p);
  ParseOptions o;
  o.now = parse_date("2026-01-01");
  CHECK(excluded_from_build(*p, o));
  o.drafts = true;
  CHECK_FALSE(excluded_from_build(*p, o));
}
