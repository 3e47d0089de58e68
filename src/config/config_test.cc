#include <catch2/catch.hpp>

#include "config/config.h"

using namespace agora;

TEST_CASE("parse_site_config reads every section of the config", "[config]") {
  Diagnostics d;
  auto c = parse_site_config(R"(title: Hub
base_url: https://org.github.io/repo
edit_link: https://github.com/o/r/edit/main/{path}
menus:
  main:
    - { name: B, url: /b/, weight: 2 }
    - { name: A, url: /a/, weight: 1 }
sections:
  - { path: docs, kind: docs, title: Docs }
  - { path: blog, kind: blog, paginate: 5 }
authors:
  zed: Zed
  amy: { name: Amy, url: https://amy.example }
)", "site-config.yaml", d);
  INFO(format_diagnostics(d));
  REQUIRE(c);
  CHECK(c->base_url == "https://org.github.io/repo/");
  CHECK(c->base_path() == "/repo/");
  CHECK(c->menus["main"][0].name == "A");
  CHECK(c->section("blog")->paginate == 5);
  CHECK(c->section("blog")->kind == PageKind::Post);
  CHECK(c->author("amy")->url == "https://amy.example");
  CHECK(c->author("zed")->name == "Zed");
  CHECK(c->author("nobody") == nullptr);
}

TEST_CASE("parse_site_config reports every mistake with a hint", "[config]") {
  Diagnostics d;
  auto c = parse_site_config(
      "title: Hub\nbase_url: ftp://x\nsections:\n  - { path: docs, kind: doc }\nthem: x\n",
      "site-config.yaml", d);
  CHECK_FALSE(c);
  CHECK(format_diagnostics(d) ==
        "site-config.yaml:2:11: error: 'base_url' must be an absolute http(s) URL\n"
        "  2 | base_url: ftp://x\n"
        "    |           ^\n"
        "  hint: for example https://org.github.io/repo/\n"
        "site-config.yaml:4:25: error: unknown section kind 'doc'\n"
        "  4 |   - { path: docs, kind: doc }\n"
        "    |                         ^\n"
        "  hint: did you mean 'docs'?\n"
        "site-config.yaml:5:1: error: unknown site-config key 'them'\n"
        "  5 | them: x\n"
        "    | ^\n"
        "  hint: did you mean 'theme'?\n");
}
