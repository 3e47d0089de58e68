#include <catch2/catch.hpp>

#include "yaml/yaml.h"

using namespace agora;

static std::optional<YamlNode> parse(std::string_view text, Diagnostics& d, int offset = 0) {
  return parse_yaml({"f.yaml", text, offset}, d);
}

TEST_CASE("parse_yaml keeps positions and scalar quoting", "[yaml]") {
  Diagnostics d;
  auto n = parse("a: 1\nb:\n  - x\n  - \"true\"\n", d);
  REQUIRE(n);
  REQUIRE(n->is_mapping());
  const YamlNode* b = n->get("b");
  REQUIRE(b);
  CHECK(b->is_sequence());
  CHECK(b->items[1].quoted);
  CHECK(b->items[1].line == 4);
  CHECK(b->items[1].col == 5);
  CHECK(n->get("a")->line == 1);
  CHECK(n->get("a")->col == 4);
}

TEST_CASE("parse_yaml rejects duplicate keys, anchors and aliases", "[yaml]") {
  Diagnostics d;
  CHECK_FALSE(parse("a: 1\na: 2\n", d));
  CHECK(format_diagnostics(d) ==
        "f.yaml:2:1: error: duplicate key 'a'\n"
        "  2 | a: 2\n"
        "    | ^\n"
        "  hint: each key may appear once in a mapping; remove one of them\n");
  Diagnostics d2;
  CHECK_FALSE(parse("a: &x 1\nb: *x\n", d2));
  CHECK(d2.error_count() == 2);
  CHECK(d2.items()[0].message == "YAML anchors (&name) are not allowed here");
  CHECK(d2.items()[1].message == "YAML aliases (*name) are not allowed here");
}

TEST_CASE("parse_yaml reports syntax errors at the offset line", "[yaml]") {
  Diagnostics d;
  CHECK_FALSE(parse("title: [a, b\n", d, 1));
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].loc.line >= 2);
  CHECK(d.items()[0].message.rfind("invalid YAML: ", 0) == 0);
}

TEST_CASE("FieldReader checks types and unknown keys", "[yaml]") {
  Diagnostics d;
  std::string text = "title: T\nweight: x\ndate: 2024-01-02\ntags: [a, b]\nurl: javascript:x\ntitel: y\n";
  YamlSource src{"f.yaml", text, 0};
  auto n = parse_yaml(src, d);
  REQUIRE(n);
  FieldReader r(*n, src, d, {"title", "weight", "date", "tags", "url"});
  CHECK(r.string("title") == std::optional<std::string>("T"));
  CHECK_FALSE(r.integer("weight"));
  CHECK(r.date("date")->ymd() == "2024-01-02");
  CHECK(r.string_list("tags")->size() == 2);
  CHECK_FALSE(r.url("url"));
  r.finish();
  REQUIRE(d.error_count() == 3);
  CHECK(d.items()[0].message == "'weight' must be a whole number, not 'x'");
  CHECK(d.items()[1].message == "'url' has a URL scheme that is not allowed");
  CHECK(d.items()[2].message == "unknown key 'titel'");
  CHECK(d.items()[2].hint == "did you mean 'title'?");
}

TEST_CASE("parse_yaml points an unclosed flow bracket at the bracket, not the end", "[yaml]") {
  Diagnostics d;
  CHECK_FALSE(parse("title: \"a [b\"  # not [this\ntags: [a, {b: c}, d\nweight: 1\n", d, 1));
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].message == "invalid YAML: this '[' is never closed");
  CHECK(d.items()[0].loc.line == 3);
  CHECK(d.items()[0].loc.col == 7);
}

TEST_CASE("find_front_matter finds the block between '---' lines, CRLF or not", "[yaml]") {
  FrontMatterBlock a = find_front_matter("---\r\ntitle: A\r\n...\r\nBody\n");
  CHECK(a.opened);
  REQUIRE(a.closed);
  CHECK(a.yaml == "title: A\r\n");
  CHECK(a.body_line == 4);
  CHECK(a.body_offset == 20);
  FrontMatterBlock none = find_front_matter("title: A\n");
  CHECK_FALSE(none.opened);
  FrontMatterBlock open = find_front_matter("---\ntitle: A\n");
  CHECK(open.opened);
  CHECK_FALSE(open.closed);
  FrontMatterBlock empty = find_front_matter("---\n---");
  REQUIRE(empty.closed);
  CHECK(empty.yaml.empty());
  CHECK(empty.body_offset == 7);
}
