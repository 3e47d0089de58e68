#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "catalogue/catalogue.h"
#include "content/content.h"
#include "scaffold/scaffold.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

constexpr const char* kConfig = R"(title: Hub
base_url: https://example.org/hub/
sections:
  - { path: docs, kind: docs, title: Docs }
  - { path: blog, kind: blog, title: Blog }
  - { path: tutorials, kind: tutorials, title: Tutorials }
  - { path: case-studies, kind: case-studies, title: Case studies }
  - { path: events, kind: events, title: Events }
authors:
  ada: { name: Ada }
catalogue:
  categories:
    - { id: themes, title: Themes }
    - { id: tools, title: Tools }
  host_versions: ["1.0", "2.3"]
)";

SiteConfig config(const char* text = kConfig) {
  Diagnostics d;
  auto c = parse_site_config(text, "site-config.yaml", d);
  INFO(format_diagnostics(d));
  REQUIRE(c);
  return *c;
}

ScaffoldRequest request(ScaffoldKind kind, std::string title) {
  ScaffoldRequest r;
  r.kind = kind;
  r.title = std::move(title);
  r.date = *parse_date("2026-03-04");
  return r;
}

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d.items()) {
    out += x.loc.file;
    if (x.loc.line) out += ":" + std::to_string(x.loc.line) + ":" + std::to_string(x.loc.col);
    out += ": " + x.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("every kind's built-in template makes a file the build accepts", "[scaffold]") {
  const SiteConfig c = config();
  // A title that breaks naive YAML: a colon, quotes, a hash and a backslash.
  const std::string title = "Release 2.3: \"fast\" #builds \\o/";
  struct Want {
    ScaffoldKind kind;
    const char* path;
  };
  for (Want w : {Want{ScaffoldKind::Doc, "content/docs/release-2-3-fast-builds-o.md"},
                 Want{ScaffoldKind::Post, "content/blog/release-2-3-fast-builds-o.md"},
                 Want{ScaffoldKind::Tutorial, "content/tutorials/release-2-3-fast-builds-o.md"},
                 Want{ScaffoldKind::CaseStudy, "content/case-studies/release-2-3-fast-builds-o.md"},
                 Want{ScaffoldKind::Event, "content/events/release-2-3-fast-builds-o.md"},
                 Want{ScaffoldKind::Page, "content/release-2-3-fast-builds-o.md"}}) {
    INFO(scaffold_kind_name(w.kind));
    Diagnostics d;
    auto s = make_scaffold(request(w.kind, title), c, {}, {}, d);
    INFO(format_diagnostics(d));
    REQUIRE(s);
    CHECK(d.empty());
    CHECK(s->path == w.path);
    Diagnostics pd;
    auto page = parse_page({s->path, s->text}, c, pd);
    REQUIRE(page);
    CHECK(page->meta.title == title);
    if (w.kind == ScaffoldKind::Post || w.kind == ScaffoldKind::Event)
      CHECK(page->meta.date->ymd() == "2026-03-04");
    CHECK(page->meta.draft == (w.kind == ScaffoldKind::Post));  // posts start as drafts
  }
}

TEST_CASE("a plugin listing scaffold validates against the listing schema", "[scaffold]") {
  const SiteConfig c = config();
  Diagnostics d;
  auto s = make_scaffold(request(ScaffoldKind::Plugin, "Dark \"Mode\": Themes"), c, {}, {}, d);
  INFO(format_diagnostics(d));
  REQUIRE(s);
  CHECK(s->path == "plugins-index/dark-mode-themes.yaml");
  YamlSource src{c.source_file, c.source_text, 0};
  auto cat = parse_catalogue_config(*c.catalogue, src, d);
  REQUIRE(cat);
  auto listing = parse_listing(s->path, s->text, *cat, [](std::string_view) { return false; }, d);
  INFO(format_diagnostics(d));
  REQUIRE(listing);
  CHECK(listing->id == "dark-mode-themes");
  CHECK(listing->name == "Dark \"Mode\": Themes");
  CHECK(listing->category == "themes");  // the first declared category
  REQUIRE(listing->versions.size() == 1);
  CHECK(listing->versions[0].compatible.text == "^2.3");  // the newest host version
  CHECK(s->text.find("# one of: themes, tools") != std::string::npos);
}

TEST_CASE("file names come from the title, folded to ASCII", "[scaffold]") {
  const SiteConfig c = config();
  auto path = [&](const std::string& title) {
    Diagnostics d;
    auto s = make_scaffold(request(ScaffoldKind::Doc, title), c, {}, {}, d);
    return s ? s->path : messages(d);
  };
  CHECK(path("Über große Dinge, Ærø") == "content/docs/uber-grosse-dinge-aero.md");
  CHECK(path("snake_case and  spaces ") == "content/docs/snake-case-and-spaces.md");
  std::string long_title;
  for (int i = 0; i < 20; ++i) long_title += "word" + std::to_string(i) + " ";
  std::string p = path(long_title);
  std::string slug = p.substr(13, p.size() - 16);
  CHECK(slug.size() <= 64);
  CHECK(slug.back() != '-');
  CHECK(slug.rfind("word0-word1-", 0) == 0);
  CHECK(path("日本語") == "agora new: cannot make a file name from the title '日本語'\n");
  CHECK(path("   ") == "agora new: the title is empty\n");
  CHECK(path("two\nlines") == "agora new: the title contains a control character or line break\n");

  Diagnostics d;
  auto r = request(ScaffoldKind::Doc, "日本語");
  r.slug = "nihongo";
  auto s = make_scaffold(r, c, {}, {}, d);
  REQUIRE(s);
  CHECK(s->path == "content/docs/nihongo.md");
  r.slug = "Not A Slug";
  CHECK_FALSE(make_scaffold(r, c, {}, {}, d));
  CHECK(messages(d) == "agora new: 'Not A Slug' is not a slug\n");
  CHECK(d.items().back().hint ==
        "a slug is one URL segment of lowercase letters, digits and hyphens, like 'not-a-slug'");
}

TEST_CASE("the folder is the kind's section, or --section inside it", "[scaffold]") {
  const SiteConfig c = config();
  auto made = [&](ScaffoldKind kind, const std::string& section, const SiteConfig& cfg) {
    Diagnostics d;
    auto r = request(kind, "Install");
    r.section = section;
    auto s = make_scaffold(r, cfg, {}, {}, d);
    return s ? s->path : messages(d);
  };
  CHECK(made(ScaffoldKind::Doc, "docs/guides/deep", c) == "content/docs/guides/deep/install.md");
  CHECK(made(ScaffoldKind::Doc, "blog", c) == "agora new: 'blog' is not a section of kind 'docs'\n");
  CHECK(made(ScaffoldKind::Doc, "../etc", c) == "agora new: '../etc' is not a folder under content/\n");
  CHECK(made(ScaffoldKind::Page, "legal", c) == "content/legal/install.md");
  CHECK(made(ScaffoldKind::Page, "docs", c) == "agora new: 'docs' holds docs pages, not plain pages\n");

  const SiteConfig two = config(R"(title: T
sections:
  - { path: news, kind: blog, title: News }
  - { path: blog, kind: blog, title: Blog }
)");
  CHECK(made(ScaffoldKind::Post, "", two) == "agora new: several sections hold blog pages: news, blog\n");
  CHECK(made(ScaffoldKind::Post, "blog", two) == "content/blog/install.md");
  CHECK(made(ScaffoldKind::Event, "", two) == "site-config.yaml: the site has no section of kind 'events'\n");
  CHECK(made(ScaffoldKind::Plugin, "", two) == "site-config.yaml: the site has no plugin catalogue\n");
}

TEST_CASE("a site's own archetype: placeholders filled, mistakes reported at its lines", "[scaffold]") {
  const SiteConfig c = config();
  Diagnostics d;
  auto s = make_scaffold(request(ScaffoldKind::Post, "Hello"), c,
                         "---\ntitle: {{title}}\ndate: {{date}}\nauthors: [ada]\n---\n# {{title_text}} ({{slug}})\n",
                         "archetypes/post.md", d);
  INFO(format_diagnostics(d));
  REQUIRE(s);
  CHECK(s->text == "---\ntitle: \"Hello\"\ndate: 2026-03-04\nauthors: [ada]\n---\n# Hello (hello)\n");

  Diagnostics bad;
  CHECK_FALSE(make_scaffold(request(ScaffoldKind::Post, "Hello"), c,
                            "---\ntitle: {{titel}}\ndate: {{date}}\n---\n", "archetypes/post.md", bad));
  CHECK(messages(bad) == "archetypes/post.md:2:8: unknown placeholder '{{titel}}'\n");
  CHECK(bad.items()[0].hint == "did you mean 'title'?");

  // The result would not parse: reported at the archetype's line, naming the file it makes.
  Diagnostics invalid;
  CHECK_FALSE(make_scaffold(request(ScaffoldKind::Post, "Hello"), c,
                            "---\ntitle: {{title}}\ndate: {{date}}\nauthor: ada\n---\n", "archetypes/post.md",
                            invalid));
  REQUIRE(invalid.error_count() == 1);
  CHECK(invalid.items()[0].loc.file == "archetypes/post.md");
  CHECK(invalid.items()[0].loc.line == 4);
  CHECK(invalid.items()[0].source_line == "author: ada");
  CHECK(invalid.items()[0].hint.find("content/blog/hello.md") != std::string::npos);
}

TEST_CASE("create_scaffold writes the file once and never replaces one", "[scaffold]") {
  std::mt19937_64 rng(std::random_device{}());
  fs::path root = fs::temp_directory_path() / ("agora-scaffold-" + std::to_string(rng()));
  fs::create_directories(root / "content/docs/install");
  std::ofstream(root / "site-config.yaml") << kConfig;
  std::ofstream(root / "content/docs/install/_index.md") << "---\ntitle: Install\n---\n";
  auto read = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };

  Diagnostics d;
  auto written = create_scaffold(root.string(), request(ScaffoldKind::Post, "First post"), d);
  INFO(format_diagnostics(d));
  REQUIRE(written);
  CHECK(*written == "content/blog/first-post.md");
  const std::string first = read(root / *written);
  CHECK(first.find("title: \"First post\"") != std::string::npos);

  Diagnostics again;
  CHECK_FALSE(create_scaffold(root.string(), request(ScaffoldKind::Post, "First post"), again));
  CHECK(messages(again) == "content/blog/first-post.md: already exists; agora new never replaces a file\n");
  CHECK(read(root / *written) == first);

  // content/docs/install/_index.md already is the page /docs/install/.
  Diagnostics clash;
  CHECK_FALSE(create_scaffold(root.string(), request(ScaffoldKind::Doc, "Install"), clash));
  CHECK(messages(clash) ==
        "content/docs/install/_index.md: already exists; agora new never replaces a file\n");
  CHECK_FALSE(fs::exists(root / "content/docs/install.md"));

  // A site archetype is used when present.
  fs::create_directories(root / "archetypes");
  std::ofstream(root / "archetypes/doc.md") << "---\ntitle: {{title}}\nweight: 7\n---\nHouse style.\n";
  Diagnostics arch;
  auto doc = create_scaffold(root.string(), request(ScaffoldKind::Doc, "Usage"), arch);
  REQUIRE(doc);
  CHECK(read(root / *doc) == "---\ntitle: \"Usage\"\nweight: 7\n---\nHouse style.\n");

  Diagnostics none;
  CHECK_FALSE(create_scaffold((root / "missing").string(), request(ScaffoldKind::Doc, "X"), none));
  CHECK(none.items().at(0).message == "no site-config.yaml here");
  fs::remove_all(root);
}
