#include <catch2/catch.hpp>

#include <kainjow/mustache.hpp>

#include "theme/template_engine.h"

using namespace agora;
namespace mst = kainjow::mustache;

namespace {

void escape(std::string_view s, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string render(std::string_view text, const Value& view,
                   const std::map<std::string, std::string>& partial_texts = {}) {
  std::string error;
  auto t = CompiledTemplate::compile(text, &error);
  INFO(error);
  REQUIRE(t);
  std::map<std::string, CompiledTemplate> store;
  PartialTable partials;
  for (const auto& [name, body] : partial_texts) {
    auto p = CompiledTemplate::compile(body, &error);
    REQUIRE(p);
    partials[name] = &store.emplace(name, std::move(*p)).first->second;
  }
  std::string out;
  REQUIRE(render_template(*t, partials, view, nullptr, escape, &out, &error));
  return out;
}

/// The same view as kainjow data (no nulls: kainjow has no such thing).
mst::data to_kainjow(const Value& v) {
  if (v.is_bool()) return mst::data(v.as_bool());
  if (v.is_string()) return v.as_string().empty() ? mst::data(false) : mst::data(v.as_string());
  if (v.is_int()) return mst::data(std::to_string(v.as_int()));
  if (v.is_list()) {
    mst::data out(mst::data::type::list);
    for (const Value& item : v.as_list()) out.push_back(to_kainjow(item));
    return out;
  }
  mst::data out(mst::data::type::object);
  for (const auto& [k, item] : v.as_object()) out.set(k, to_kainjow(item));
  return out;
}

std::string render_kainjow(const std::string& text, const Value& view,
                           const std::map<std::string, std::string>& partial_texts = {}) {
  mst::mustache t(text);
  REQUIRE(t.is_valid());
  mst::data data = to_kainjow(view);
  for (const auto& [name, body] : partial_texts) data.set(name, mst::partial([body] { return body; }));
  t.set_custom_escape([](const std::string& s) {
    std::string out;
    escape(s, out);
    return out;
  });
  return t.render(data);
}

Value sample_view() {
  Value v = Value::object();
  v["title"] = "A <b> & 'c'";
  v["count"] = int64_t{3};
  v["flag"] = true;
  v["off"] = false;
  v["empty"] = "";
  v["none"] = Value::list();
  Value items = Value::list();
  for (int i = 0; i < 3; ++i) {
    Value item = Value::object();
    item["name"] = "item" + std::to_string(i);
    item["active"] = i == 1;
    Value kids = Value::list();
    if (i == 2) {
      Value k = Value::object();
      k["name"] = "kid";
      k["active"] = false;
      k["children"] = Value::list();  // without it, {{#children}} would find the parent's
      kids.push_back(std::move(k));
    }
    item["children"] = std::move(kids);
    items.push_back(std::move(item));
  }
  v["items"] = std::move(items);
  Value tags = Value::list();
  tags.push_back("x");
  tags.push_back("y");
  v["tags"] = std::move(tags);
  Value page = Value::object();
  page["title"] = "Page";
  Value author = Value::object();
  author["name"] = "Ann";
  page["author"] = std::move(author);
  v["page"] = std::move(page);
  return v;
}

}  // namespace

TEST_CASE("variables escape, triple and & do not, numbers print, missing print nothing", "[template]") {
  Value v = sample_view();
  CHECK(render("{{title}}|{{{title}}}|{{& title}}|{{count}}|{{missing}}|{{flag}}", v) ==
        "A &lt;b&gt; &amp; &#39;c&#39;|A <b> & 'c'|A <b> & 'c'|3||");
  CHECK(render("{{page.author.name}} {{page.nope.name}} {{tags.1}}", v) == "Ann  y");
}

TEST_CASE("sections iterate lists, enter objects, skip false, empty and missing", "[template]") {
  Value v = sample_view();
  CHECK(render("{{#items}}[{{name}}{{#active}}*{{/active}}]{{/items}}", v) == "[item0][item1*][item2]");
  CHECK(render("{{#tags}}<{{.}}>{{/tags}}", v) == "<x><y>");
  CHECK(render("{{#page}}{{title}} by {{author.name}}, in {{count}}{{/page}}", v) == "Page by Ann, in 3");
  CHECK(render("{{#off}}a{{/off}}{{#empty}}b{{/empty}}{{#none}}c{{/none}}{{#missing}}d{{/missing}}", v) == "");
  CHECK(render("{{^off}}a{{/off}}{{^empty}}b{{/empty}}{{^none}}c{{/none}}{{^missing}}d{{/missing}}{{^flag}}e{{/flag}}", v) ==
        "abcd");
  CHECK(render("{{#title}}[{{.}}]{{/title}}", v) == "[A &lt;b&gt; &amp; &#39;c&#39;]");
}

TEST_CASE("a key set to null hides the outer one", "[template]") {
  Value v = sample_view();
  Value inner = Value::object();
  inner["title"] = Value();
  v["inner"] = std::move(inner);
  CHECK(render("{{#inner}}[{{title}}]{{/inner}}", v) == "[]");
}

TEST_CASE("lines holding only section tags are dropped, as kainjow does", "[template]") {
  Value v = sample_view();
  std::string t =
      "<ul>\n"
      "  {{#items}}\n"
      "  <li>{{name}}</li>\n"
      "  {{/items}}\n"
      "  {{#off}}\n"
      "  never\n"
      "  {{/off}}\n"
      "  {{! a comment line }}\n"
      "</ul>\n";
  CHECK(render(t, v) ==
        "<ul>\n"
        "  <li>item0</li>\n"
        "  <li>item1</li>\n"
        "  <li>item2</li>\n"
        "  \n"
        "  \n"
        "</ul>\n");
}

TEST_CASE("recursive partials render a tree; runaway nesting is an error", "[template]") {
  Value v = sample_view();
  std::map<std::string, std::string> partials = {
      {"node", "<li>{{name}}{{#children.0}}<ul>{{/children.0}}{{#children}}{{> node}}{{/children}}"
               "{{#children.0}}</ul>{{/children.0}}</li>"}};
  CHECK(render("<ul>{{#items}}{{> node}}{{/items}}</ul>", v, partials) ==
        "<ul><li>item0</li><li>item1</li><li>item2<ul><li>kid</li></ul></li></ul>");

  std::string error;
  auto t = CompiledTemplate::compile("{{> loop}}", &error);
  auto loop = CompiledTemplate::compile("{{#flag}}{{> loop}}{{/flag}}", &error);
  REQUIRE(t);
  REQUIRE(loop);
  PartialTable table{{"loop", &*loop}};
  std::string out;
  CHECK_FALSE(render_template(*t, table, v, nullptr, escape, &out, &error));
  CHECK(error == "sections nested deeper than 64 levels (a recursive partial that never ends?)");
}

TEST_CASE("set-delimiter tags and compile errors", "[template]") {
  Value v = sample_view();
  CHECK(render("{{=<% %>=}}<% count %> {{count}} <%={{ }}=%>{{count}}", v) == "3 {{count}} 3");
  std::string error;
  CHECK_FALSE(CompiledTemplate::compile("{{#a}}x", &error));
  CHECK(error == "unclosed section 'a' at 0");
  CHECK_FALSE(CompiledTemplate::compile("x{{/a}}", &error));
  CHECK(error == "unopened section 'a' at 1");
  CHECK_FALSE(CompiledTemplate::compile("ab {{name", &error));
  CHECK(error == "unclosed tag at 3");
  CHECK(CompiledTemplate::compile("{{> a}}{{#b}}{{> c}}{{/b}}", &error)->partial_names() ==
        std::vector<std::string>{"a", "c"});
}

TEST_CASE("renders byte for byte what kainjow renders", "[template]") {
  // kainjow stays as the reference implementation: the default theme was written against it.
  Value v = sample_view();
  std::map<std::string, std::string> partials = {
      {"node",
       "<li class=\"{{#active}}active{{/active}}\">\n"
       "  {{name}}\n"
       "  <ul>\n"
       "    {{#children}}\n"
       "    {{> node}}\n"
       "    {{/children}}\n"
       "  </ul>\n"
       "</li>\n"}};
  const std::vector<std::string> templates = {
      "<ul>\n  {{#items}}\n  {{> node}}\n  {{/items}}\n</ul>\n",
      "{{#page}}\n<h1>{{title}}</h1>\n{{^missing}}\n  <p>{{author.name}}</p>\n{{/missing}}\n{{/page}}\n",
      "  {{#off}}x{{/off}}  \n\t{{^flag}}\n\t{{/flag}}\r\nend {{#tags}} {{.}} {{/tags}}\n{{title}}",
      "{{#items}}{{name}}{{^active}} (inactive){{/active}}\n{{/items}}last line {{count}}",
      "\n\n{{#none}}\n{{/none}}\n  {{! note }}\n{{{title}}}\n",
  };
  for (const std::string& t : templates) {
    INFO(t);
    CHECK(render(t, v, partials) == render_kainjow(t, v, partials));
  }
}
