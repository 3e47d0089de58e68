#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/text.h"
#include "theme/theme.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

/// themes/default in the source tree: $AGORA_SOURCE_DIR, else found from this file's path.
std::string default_theme_dir() {
  if (const char* root = std::getenv("AGORA_SOURCE_DIR")) return (fs::path(root) / "themes/default").string();
  return (fs::path(__FILE__).parent_path() / "../../themes/default").lexically_normal().string();
}

/// A fresh folder under the system temp dir, removed when the test ends.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / ("agora-theme-test-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
};

Theme make(const std::vector<std::pair<std::string, std::string>>& files) {
  Diagnostics d;
  auto t = Theme::from_files(files, "t", d);
  INFO(format_diagnostics(d));
  REQUIRE(t);
  return std::move(*t);
}

std::string load_errors(const std::vector<std::pair<std::string, std::string>>& files) {
  Diagnostics d;
  auto t = Theme::from_files(files, "t", d);
  CHECK_FALSE(t);
  return format_diagnostics(d);
}

Value link(const char* title, const char* url) {
  Value v;
  v["title"] = title;
  v["url"] = url;
  return v;
}

Value node(const char* title, const char* url, bool active, bool open, Value::List children = {}) {
  Value v = link(title, url);
  v["active"] = active;
  v["open"] = open;
  v["has_children"] = !children.empty();
  v["children"] = Value(std::move(children));
  return v;
}

/// View data for a docs page, close to what site/ builds (see VIEW-MODEL.md).
Value docs_view() {
  Value v;
  Value& site = v["site"];
  site["title"] = "Agora";
  site["language"] = "en";
  site["home_url"] = "/repo/";
  site["assets"] = "/repo/assets/";
  site["css_url"] = "/repo/assets/style.123.css";
  site["js_url"] = "/repo/assets/theme.456.js";
  site["search_url"] = "/repo/search/";
  site["copyright"] = "© 2024 Agora";
  site["generator"] = "agora 0.1.0";
  Value docs;
  docs["name"] = "Docs";
  docs["url"] = "/repo/docs/";
  docs["active"] = true;
  docs["current"] = "true";  // the page is inside the Docs section, not the Docs page itself
  site["menu"].push_back(docs);
  Value feed;
  feed["title"] = "Blog";
  feed["url"] = "/repo/blog/atom.xml";
  feed["type"] = "application/atom+xml";
  site["feeds"].push_back(feed);

  Value& page = v["page"];
  page["title"] = "Install";
  page["description"] = "How to install";
  page["url"] = "/repo/docs/start/install/";
  page["kind"] = "docs";
  page["section_title"] = "Documentation";
  page["section_url"] = "/repo/docs/";
  page["content"] = "<h2 id=\"req\">Requirements</h2><p>Hello</p>";
  page["reading_minutes"] = 3;
  page["edit_url"] = "https://example.org/edit/install.md";
  page["has_toc"] = true;
  Value h2;
  h2["id"] = "req";
  h2["text"] = "Requirements";
  h2["has_children"] = true;
  Value h3;
  h3["id"] = "debian";
  h3["text"] = "Debian";
  h2["children"].push_back(h3);
  page["toc"].push_back(h2);
  page["breadcrumbs"].push_back(link("Documentation", "/repo/docs/"));
  page["breadcrumbs"].push_back(link("Getting started", "/repo/docs/start/"));
  page["prev"] = link("Getting started", "/repo/docs/start/");
  page["next"] = link("First site", "/repo/docs/start/first-site/");

  v["sidebar"].push_back(node("Introduction", "/repo/docs/", false, false));
  v["sidebar"].push_back(node("Getting started", "/repo/docs/start/", false, true,
                              {node("Install", "/repo/docs/start/install/", true, true),
                               node("First site", "/repo/docs/start/first-site/", false, false)}));
  v["meta"]["canonical"] = "https://example.org/repo/docs/start/install/";
  v["meta"]["og_type"] = "article";
  v["meta"]["og_title"] = "Install";
  v["meta"]["json_ld"] = "{\"@type\":\"TechArticle\",\"x\":\"\\u003c/script\\u003e\"}";
  return v;
}

}  // namespace

TEST_CASE("the default theme loads without diagnostics", "[theme]") {
  Diagnostics d;
  auto t = Theme::load(default_theme_dir(), "", d);
  INFO(format_diagnostics(d));
  REQUIRE(t);
  CHECK(d.empty());
  CHECK(t->template_names() ==
        std::vector<std::string>{"404", "base", "case_study", "doc", "event", "home", "list", "page",
                                 "plugin", "plugin_list", "plugin_stats", "post", "redirect", "search",
                                 "terms", "tutorial"});
  std::vector<std::string> assets;
  for (const auto& a : t->assets()) assets.push_back(a.rel_path);
  CHECK(std::is_sorted(assets.begin(), assets.end()));
  for (const char* name : {"favicon.svg", "style.css", "theme.js"}) {
    INFO(name);
    auto it = std::find(assets.begin(), assets.end(), name);
    REQUIRE(it != assets.end());
    const std::string& content = t->assets()[it - assets.begin()].content;
    if (std::string_view(name) == "favicon.svg") continue;
    // One stylesheet for every page kind (docs, blog, catalogue...): ~5 KB gzipped at 24 KB.
    if (std::string_view(name) == "style.css") CHECK(content.size() <= 24 * 1024);
    CHECK(content.find("http") == std::string::npos);  // no external requests
    CHECK(content.find("@import") == std::string::npos);
  }
}

TEST_CASE("every default template renders with minimal view data", "[theme]") {
  Diagnostics d;
  auto t = Theme::load(default_theme_dir(), "", d);
  REQUIRE(t);
  Value v;
  v["site"]["title"] = "Agora";
  v["page"]["title"] = "A page";
  v["redirect_to"] = "https://example.org/new/";
  for (const std::string& name : t->template_names()) {
    INFO(name);
    std::string error;
    std::string html = t->render_page(name, v, &error);
    CHECK(error.empty());
    CHECK(starts_with(html, "<!DOCTYPE html>"));
    CHECK(ends_with(html, "</html>\n"));
    if (name != "redirect") CHECK(html.find("<main id=\"main\"") != std::string::npos);
  }
  std::string redirect = t->render_page("redirect", v);
  CHECK(redirect.find("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/new/\">") != std::string::npos);
  CHECK(redirect.find("<main") == std::string::npos);  // a whole document, not wrapped in base
}

TEST_CASE("the default docs page has its landmarks, trail, toc and current item", "[theme]") {
  Diagnostics d;
  auto t = Theme::load(default_theme_dir(), "", d);
  REQUIRE(t);
  std::string error;
  std::string html = t->render_page("doc", docs_view(), &error);
  REQUIRE(error.empty());
  auto has = [&](const std::string& s) {
    INFO(s);
    CHECK(html.find(s) != std::string::npos);
  };
  has("<html lang=\"en\">");
  has("<title>Install · Agora</title>");
  has("<a class=\"skip-link\" href=\"#main\">");
  has("<link rel=\"canonical\" href=\"https://example.org/repo/docs/start/install/\">");
  has("<meta property=\"og:type\" content=\"article\">");
  has("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Blog\" href=\"/repo/blog/atom.xml\">");
  has("<script src=\"/repo/assets/theme.456.js\" defer></script>");
  has("<script type=\"application/ld+json\">{\"@type\":\"TechArticle\",\"x\":\"\\u003c/script\\u003e\"}</script>");
  has("<form class=\"search\" role=\"search\" aria-label=\"Site search\" action=\"/repo/search/\" method=\"get\"");
  has("<li><a href=\"/repo/docs/\" aria-current=\"true\">Docs</a></li>");
  has("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">");
  has("<li><a href=\"/repo/docs/start/\">Getting started</a></li>\n    <li><span aria-current=\"page\">Install</span></li>");
  has("<a href=\"/repo/docs/start/install/\" aria-current=\"page\">Install</a>");  // sidebar
  has("<aside class=\"toc\" aria-labelledby=\"toc-title\">");
  has("<li><a href=\"#debian\">Debian</a></li>");
  has("<a class=\"prev\" href=\"/repo/docs/start/\" rel=\"prev\">");
  has("<a href=\"https://example.org/edit/install.md\">Edit this page</a>");
  has("<h2 id=\"req\">Requirements</h2><p>Hello</p>");
  has("<details class=\"sidebar-wrap\">");
  has("<summary class=\"sidebar-toggle-label\">");
  // The sidebar is written once (a <details> folds it on small screens); only Install is
  // current, and the closed node's children are not rendered.
  size_t current = 0;
  for (size_t p = html.find("<li class=\"active open\">"); p != std::string::npos;
       p = html.find("<li class=\"active open\">", p + 1))
    ++current;
  CHECK(current == 1);
  CHECK(html.find("<main id=\"main\" tabindex=\"-1\">\n<article class=\"doc\">") != std::string::npos);
}

TEST_CASE("{{x}} escapes the five HTML characters, {{{x}}} does not", "[theme]") {
  Theme t = make({{"templates/a.mustache", "<p title=\"{{x}}\">{{x}}</p>{{{x}}}"}});
  Value v;
  v["x"] = "<script>alert('x' & \"y\")</script>";
  CHECK(t.render("a", v) ==
        "<p title=\"&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;\">"
        "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;</p>"
        "<script>alert('x' & \"y\")</script>");

  // The same bytes as core's html_escape for every byte value.
  std::string all;
  for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
  v["x"] = all;
  CHECK(make({{"templates/a.mustache", "{{x}}"}}).render("a", v) == html_escape(all));
}

TEST_CASE("view values: numbers as text, null absent, empty falsy, dotted names, list indexes", "[theme]") {
  Theme t = make({{"templates/a.mustache",
                   "{{n}}|{{#yes}}Y{{/yes}}{{^no}}N{{/no}}|{{^gone}}absent{{/gone}}|{{^empty}}empty{{/empty}}|"
                   "{{a.b.c}}|{{#items.0}}<ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>{{/items.0}}"
                   "{{#none.0}}never{{/none.0}}|{{#obj}}{{k}}{{/obj}}|{{#a}}{{b.c}}{{/a}}|{{items.9}}"}});
  Value v;
  v["n"] = 42;
  v["yes"] = true;
  v["no"] = false;
  v["gone"] = nullptr;
  v["empty"] = "";
  v["a"]["b"]["c"] = "deep";
  v["items"].push_back("one");
  v["items"].push_back("two");
  v["none"] = Value::list();
  v["obj"]["k"] = "v";
  CHECK(t.render("a", v) == "42|YN|absent|empty|deep|<ul><li>one</li><li>two</li></ul>|v|deep|");
}

TEST_CASE("a dotted name does not fall back to outer contexts once its first part is found", "[theme]") {
  // Mustache spec: page.title resolves `page` innermost-first, then `title` inside it only.
  Theme t = make({{"templates/a.mustache", "{{#items}}[{{page.title}}{{title}}]{{/items}}"}});
  Value v;
  v["title"] = "outer";
  v["page"]["title"] = "P";
  Value item;
  item["page"] = Value::object();  // has `page` but no `page.title`
  v["items"].push_back(item);
  v["items"].push_back(Value::object());
  CHECK(t.render("a", v) == "[outer][Pouter]");

  // A key that is present but null is falsy and hides the outer value; an absent key does not.
  Theme u = make({{"templates/a.mustache", "{{#items}}[{{url}}|{{#url}}link{{/url}}{{^url}}text{{/url}}]{{/items}}"}});
  Value w;
  w["url"] = "/outer/";
  Value with_null;
  with_null["url"] = nullptr;
  w["items"].push_back(with_null);
  w["items"].push_back(Value::object());
  CHECK(u.render("a", w) == "[|text][/outer/|link]");
}

TEST_CASE("render_page renders the kind template into {{{main}}} of base", "[theme]") {
  Theme t = make({{"templates/base.mustache", "<html><title>{{page.title}}</title><main>{{{main}}}</main></html>"},
                  {"templates/doc.mustache", "<h1>{{page.title}}</h1>{{{page.content}}}"},
                  {"templates/whole.mustache", "  <!doctype html><p>{{page.title}}</p>"}});
  Value v;
  v["page"]["title"] = "A & B";
  v["page"]["content"] = "<p>x</p>";
  v["main"] = "ignored: the rendered kind template wins";
  CHECK(t.render_page("doc", v) == "<html><title>A &amp; B</title><main><h1>A &amp; B</h1><p>x</p></main></html>");
  CHECK(t.render_page("whole", v) == "  <!doctype html><p>A &amp; B</p>");

  std::string error;
  CHECK(t.render_page("dco", v, &error).empty());
  CHECK(error == "no template 'dco', did you mean 'doc'?");
  Theme no_base = make({{"templates/doc.mustache", "x"}});
  CHECK(no_base.render_page("doc", v, &error).empty());
  CHECK(error == "no template 'base'");
}

TEST_CASE("files in the override folder replace or add to the theme's", "[theme]") {
  TempDir dir("override");
  dir.write("theme/templates/base.mustache", "{{> header}}|{{{main}}}|{{> footer}}");
  dir.write("theme/templates/doc.mustache", "doc");
  dir.write("theme/partials/header.mustache", "theme header");
  dir.write("theme/partials/footer.mustache", "theme footer");
  dir.write("theme/static/style.css", "theme css");
  dir.write("theme/static/img/logo.svg", "<svg/>");
  dir.write("theme/static/.DS_Store", "hidden files are skipped");
  dir.write("layouts/partials/footer.mustache", "site footer {{site.title}}");
  dir.write("layouts/templates/extra.mustache", "extra");
  dir.write("layouts/static/style.css", "site css");

  fs::create_symlink("/etc/passwd", dir.path / "layouts/static/passwd");
  dir.write("layouts/doc.mustache", "misplaced");

  Diagnostics d;
  auto t = Theme::load((dir.path / "theme").string(), (dir.path / "layouts").string(), d);
  INFO(format_diagnostics(d));
  REQUIRE(t);
  std::string layouts = (dir.path / "layouts").string();
  CHECK(format_diagnostics(d) ==
        layouts + "/static/passwd: warning: ignored: symbolic link\n" +
        layouts + "/doc.mustache: warning: ignored: layouts/ only holds templates/, partials/ and static/\n"
                  "  hint: to override a template, move it to " + layouts + "/templates/doc.mustache\n");
  Value v;
  v["site"]["title"] = "S";
  CHECK(t->render_page("doc", v) == "theme header|doc|site footer S");
  CHECK(t->render_page("extra", v) == "theme header|extra|site footer S");
  REQUIRE(t->assets().size() == 2);
  CHECK(t->assets()[0].rel_path == "img/logo.svg");
  CHECK(t->assets()[1].rel_path == "style.css");
  CHECK(t->assets()[1].content == "site css");

  // A missing override folder is fine; a missing theme folder is not.
  Diagnostics d2;
  CHECK(Theme::load((dir.path / "theme").string(), (dir.path / "nope").string(), d2));
  CHECK(d2.empty());
  CHECK_FALSE(Theme::load((dir.path / "nope").string(), "", d2));
  CHECK(format_diagnostics(d2) == (dir.path / "nope").string() + ": error: theme folder not found\n");
}

TEST_CASE("template syntax errors are reported with file:line:col", "[theme]") {
  TempDir dir("syntax");
  dir.write("templates/base.mustache", "<html>\n  {{#page}}\n    <h1>{{title}</h1>\n  {{/page}}\n</html>\n");
  Diagnostics d;
  CHECK_FALSE(Theme::load(dir.path.string(), "", d));
  std::string file = (dir.path / "templates/base.mustache").string();
  CHECK(format_diagnostics(d) ==
        file + ":3:9: error: tag '{{title}</h1>' is not closed before the next '{{'\n"
               "  3 |     <h1>{{title}</h1>\n"
               "    |         ^\n"
               "  hint: close it with '}}'\n");
  CHECK(d.error_count() == 1);
}

TEST_CASE("structural template mistakes each have a precise message", "[theme]") {
  CHECK(load_errors({{"templates/a.mustache", "a {{#x}} {{/y}} b"}}) ==
        "t/templates/a.mustache:1:10: error: '{{/y}}' closes section 'x' opened at line 1, column 3\n"
        "  1 | a {{#x}} {{/y}} b\n"
        "    |          ^\n"
        "  hint: close 'x' first with {{/x}}\n"
        "t/templates/a.mustache:1:3: error: section 'x' is never closed\n"
        "  1 | a {{#x}} {{/y}} b\n"
        "    |   ^\n"
        "  hint: add {{/x}} where it ends\n");
  CHECK(load_errors({{"templates/a.mustache", "x\n{{/y}}"}}) ==
        "t/templates/a.mustache:2:1: error: '{{/y}}' closes a section that was never opened\n"
        "  2 | {{/y}}\n"
        "    | ^\n");
  CHECK(load_errors({{"partials/p.mustache", "ok {{x"}}) ==
        "t/partials/p.mustache:1:4: error: unclosed tag: '{{' has no matching '}}'\n"
        "  1 | ok {{x\n"
        "    |    ^\n");
  CHECK(make({{"templates/a.mustache", "{{! a comment may mention {{x}} }}ok"}}).render("a", Value()) == " }}ok");
  CHECK(load_errors({{"templates/a.mustache", "{{ }}"}}) ==
        "t/templates/a.mustache:1:1: error: empty tag '{{ }}'\n"
        "  1 | {{ }}\n"
        "    | ^\n");
  CHECK(load_errors({{"templates/a.mustache", "{{=<% %>=}}<%x%> <%=[[]]=%>"}}) ==
        "t/templates/a.mustache:1:18: error: invalid set-delimiter tag\n"
        "  1 | {{=<% %>=}}<%x%> <%=[[]]=%>\n"
        "    |                  ^\n"
        "  hint: write it like {{=<% %>=}}\n");
  CHECK(load_errors({{"templates/a.mustache", "ok \xff"}}) ==
        "t/templates/a.mustache:1:4: error: invalid UTF-8\n"
        "  1 | ok \xff\n"
        "    |    ^\n");
}

TEST_CASE("unknown partials and partials that include themselves are load errors", "[theme]") {
  CHECK(load_errors({{"templates/a.mustache", "{{> footr}}"}, {"partials/footer.mustache", "f"}}) ==
        "t/templates/a.mustache:1:1: error: unknown partial 'footr'\n"
        "  1 | {{> footr}}\n"
        "    | ^\n"
        "  hint: did you mean 'footer'?\n");
  CHECK(load_errors({{"partials/a.mustache", "x {{> b}}"}, {"partials/b.mustache", "{{#k}}{{/k}}{{> a}}"}}) ==
        "t/partials/b.mustache:1:13: error: partial 'a' includes itself outside any section (a → b → a), "
        "so rendering never ends\n"
        "  1 | {{#k}}{{/k}}{{> a}}\n"
        "    |             ^\n"
        "  hint: put the recursive {{> a}} inside a section such as {{#children}}\n");
}

TEST_CASE("recursive partials render trees deeper than they are inlined", "[theme]") {
  Theme t = make({{"templates/tree.mustache", "<ul>{{#nodes}}{{> node}}{{/nodes}}</ul>"},
                  {"partials/node.mustache", "<li>{{name}}{{#has_children}}<ul>{{#children}}{{> node}}{{/children}}</ul>{{/has_children}}</li>"}});
  // A chain 12 deep: more than the inlined copies, so the innermost levels are runtime partials.
  Value leaf;
  leaf["name"] = "12";
  leaf["has_children"] = false;
  leaf["children"] = Value::list();
  std::string expected = "<li>12</li>";
  for (int i = 11; i >= 1; --i) {
    Value n;
    n["name"] = std::to_string(i);
    n["has_children"] = true;
    n["children"].push_back(leaf);
    leaf = n;
    expected = "<li>" + std::to_string(i) + "<ul>" + expected + "</ul></li>";
  }
  Value v;
  v["nodes"].push_back(leaf);
  std::string error;
  CHECK(t.render("tree", v, &error) == "<ul>" + expected + "</ul>");
  CHECK(error.empty());

  // Leaves without `children` make {{#children}} find the parent's again: the recursion runs
  // away and is stopped with an error instead of overflowing the stack.
  Value bad;
  bad["name"] = "x";
  bad["has_children"] = true;
  Value child;
  child["name"] = "y";
  bad["children"].push_back(child);
  Value v2;
  v2["nodes"].push_back(bad);
  CHECK(t.render("tree", v2, &error).empty());
  CHECK(error == "template 'tree': sections nested deeper than 64 levels (a recursive partial that never ends?)");
}

TEST_CASE("partials are resolved from the theme, not from view data", "[theme]") {
  Theme t = make({{"templates/a.mustache", "[{{> p}}]"}, {"partials/p.mustache", "partial {{p}}"}});
  Value v;
  v["p"] = "{{evil}}";
  CHECK(t.render("a", v) == "[partial {{evil}}]");
}

TEST_CASE("rendering from two threads at once gives identical pages", "[theme]") {
  Diagnostics d;
  auto t = Theme::load(default_theme_dir(), "", d);
  REQUIRE(t);
  const Value view = docs_view();
  const std::string expected = t->render_page("doc", view);
  REQUIRE_FALSE(expected.empty());
  int mismatches[2] = {0, 0};
  auto work = [&](int k) {
    for (int i = 0; i < 300; ++i)
      if (t->render_page("doc", view) != expected) ++mismatches[k];
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  CHECK(mismatches[0] == 0);
  CHECK(mismatches[1] == 0);
}

// Hidden by default (run with "[.perf]"): a docs page with a 150-node sidebar, rendered 10,000
// times on two threads, as a build renders a large docs site.
TEST_CASE("render speed of a large docs page", "[theme][.perf]") {
  Diagnostics d;
  auto t = Theme::load(default_theme_dir(), "", d);
  REQUIRE(t);
  Value view = docs_view();
  Value::List tree;
  for (int i = 0; i < 10; ++i) {
    Value::List kids;
    for (int j = 0; j < 14; ++j)
      kids.push_back(node("A topic with a longer title", "/repo/docs/s/t/", false, false));
    tree.push_back(node("Section", "/repo/docs/s/", false, i == 3, std::move(kids)));
  }
  view["sidebar"] = Value(std::move(tree));
  std::string content;
  for (int i = 0; i < 40; ++i) content += "<p>Some <code>code</code> and <a href=\"#x\">a link</a> in a paragraph of text.</p>\n";
  view["page"]["content"] = content;
  const int pages = 10000;
  for (int threads : {1, 2}) {
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    size_t bytes[2] = {0, 0};
    for (int k = 0; k < threads; ++k)
      pool.emplace_back([&, k] {
        for (int i = 0; i < pages / threads; ++i) bytes[k] += t->render_page("doc", view).size();
      });
    for (auto& th : pool) th.join();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("render_page(doc), %d thread(s): %d pages in %.3f s = %.0f pages/s, %zu bytes/page\n", threads,
                pages, s, pages / s, (bytes[0] + bytes[1]) / pages);
  }
}
