// BuildSession: after every kind of edit, the session's output (and, after finish(), its search
// index) is byte for byte what run_build writes for the same sources.
#include <catch2/catch.hpp>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "build/session.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

const fs::path kRepo = fs::path(__FILE__).parent_path().parent_path().parent_path();

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

/// A copy of tests/fixtures/basic in a temporary folder, removed afterwards.
struct Site {
  fs::path dir = fs::temp_directory_path() / ("agora-session-test-" + std::to_string(getpid()));
  Site() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(kRepo / "tests/fixtures/basic", dir / "site", fs::copy_options::recursive);
    setenv("SOURCE_DATE_EPOCH", "1735689600", 1);
  }
  ~Site() { fs::remove_all(dir); }
  BuildOptions options() const {
    BuildOptions o;
    o.source_dir = (dir / "site").string();
    o.out_dir = (dir / "public").string();
    o.themes_dir = (kRepo / "themes").string();
    o.base_url = "http://127.0.0.1:1111/";
    return o;
  }
  fs::path src(const std::string& rel) const { return dir / "site" / rel; }
  void edit(const std::string& rel, const std::string& from, const std::string& to) const {
    std::string text = slurp(src(rel));
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    spit(src(rel), text.replace(at, from.size(), to));
  }
};

using Snapshot = std::map<std::string, std::string>;

/// What `agora build` writes for the site as it is now.
Snapshot full_build(const Site& s) {
  Diagnostics d;
  BuildResult r = run_build(s.options(), d);
  INFO(format_diagnostics(d, false));
  REQUIRE(r.ok);
  Snapshot out;
  fs::path root = s.dir / "public";
  for (auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() != ".agora-build")
      out[e.path().lexically_relative(root).generic_string()] = slurp(e.path());
  return out;
}

Snapshot session_files(const BuildSession& b) {
  Snapshot out;
  for (const auto& [path, f] : *b.files()) out[path] = f->copy_from.empty() ? f->content : slurp(f->copy_from);
  return out;
}

/// Every file in both, byte for byte; names the first difference.
void require_same(const Snapshot& session, const Snapshot& built) {
  for (const auto& [path, text] : built) {
    INFO("missing from the session: " << path);
    REQUIRE(session.count(path) == 1);
    INFO("differs: " << path);
    REQUIRE(session.at(path) == text);
  }
  for (const auto& [path, text] : session) {
    INFO("only in the session: " << path);
    REQUIRE(built.count(path) == 1);
  }
}

UpdateResult update(BuildSession& b, const std::string& path) {
  Diagnostics d;
  UpdateResult u = b.update({path}, d);
  INFO(format_diagnostics(d, false));
  REQUIRE(u.build.ok);
  Diagnostics later;
  REQUIRE(b.finish(later).ok);
  return u;
}

}  // namespace

TEST_CASE("session updates equal a full build after each kind of edit", "[build][session]") {
  Site s;
  BuildSession b(s.options());
  Diagnostics d;
  REQUIRE(b.build(d).build.ok);
  REQUIRE(b.pending());
  REQUIRE(b.finish(d).ok);
  require_same(session_files(b), full_build(s));

  SECTION("a body edit re-renders the page only, and equals a full build") {
    auto before = b.files();
    s.edit("content/docs/intro.md", "## Overview\n", "## Overview\n\nA freshly written sentence.\n");
    UpdateResult u = update(b, "content/docs/intro.md");
    CHECK(u.mode == "body");
    CHECK(b.files()->at("docs/intro/index.html")->content.find("A freshly written sentence.") !=
          std::string::npos);
    require_same(session_files(b), full_build(s));
    // Untouched pages are the very same values, not re-rendered copies.
    CHECK(b.files()->at("docs/guide/install/index.html") == before->at("docs/guide/install/index.html"));
  }

  SECTION("a title edit updates the sidebar, prev/next and lists of the other pages") {
    s.edit("content/docs/guide/install.md", "title: ", "title: Renamed ");
    UpdateResult u = update(b, "content/docs/guide/install.md");
    CHECK(u.mode == "front-matter");
    CHECK(u.outputs_changed > 1);
    // The sibling's sidebar shows the new title.
    CHECK(b.files()->at("docs/guide/configuration/index.html")->content.find("Renamed Install") !=
          std::string::npos);
    require_same(session_files(b), full_build(s));
  }

  SECTION("a description or date edit needs no re-arranging, and still updates lists and feeds") {
    s.edit("content/blog/post-2.md", "title: ", "description: A new description\ntitle: ");
    CHECK(update(b, "content/blog/post-2.md").mode == "front-matter");
    require_same(session_files(b), full_build(s));
    s.edit("content/docs/guide/install.md", "weight: 1", "weight: 1\ndescription: Install it\nupdated: 2024-06-01");
    CHECK(update(b, "content/docs/guide/install.md").mode == "front-matter");
    require_same(session_files(b), full_build(s));
    s.edit("content/docs/guide/_index.md", "title: Guide", "title: Guide\ndescription: All about it");
    update(b, "content/docs/guide/_index.md");
    require_same(session_files(b), full_build(s));
  }

  SECTION("new tags on a post add term pages; removing them removes the pages") {
    s.edit("content/blog/post-1.md", "tags: [", "tags: [brand-new-tag, ");
    CHECK(update(b, "content/blog/post-1.md").mode == "front-matter");
    CHECK(b.files()->count("tags/brand-new-tag/index.html") == 1);
    require_same(session_files(b), full_build(s));
    s.edit("content/blog/post-1.md", "tags: [brand-new-tag, ", "tags: [");
    update(b, "content/blog/post-1.md");
    CHECK(b.files()->count("tags/brand-new-tag/index.html") == 0);
    require_same(session_files(b), full_build(s));
  }

  SECTION("a post's body edit updates its feeds") {
    s.edit("content/blog/post-3.md", "\n---\n", "\n---\nA first paragraph that is new.\n\n");
    update(b, "content/blog/post-3.md");
    require_same(session_files(b), full_build(s));
  }

  SECTION("an error keeps the last good build, and is retried until fixed") {
    auto good = b.files();
    std::string text = slurp(s.src("content/docs/intro.md"));
    spit(s.src("content/docs/intro.md"), text + "\nSee [x](nowhere.md).\n");
    Diagnostics bad;
    CHECK_FALSE(b.update({"content/docs/intro.md"}, bad).build.ok);
    CHECK(format_diagnostics(bad, false).find("nowhere.md") != std::string::npos);
    CHECK(b.files() == good);
    // Another page is saved: the broken one is tried again and still fails.
    Diagnostics again;
    CHECK_FALSE(b.update({"content/about.md"}, again).build.ok);
    CHECK(format_diagnostics(again, false).find("nowhere.md") != std::string::npos);
    spit(s.src("content/docs/intro.md"), text);
    update(b, "content/about.md");
    require_same(session_files(b), full_build(s));
  }

  SECTION("a new page, a deleted page and a config edit take a full build") {
    spit(s.src("content/docs/added.md"), "---\ntitle: Added page\n---\nHello.\n");
    CHECK(update(b, "content/docs/added.md").mode == "full");
    require_same(session_files(b), full_build(s));
    fs::remove(s.src("content/docs/added.md"));
    CHECK(update(b, "content/docs/added.md").mode == "full");
    require_same(session_files(b), full_build(s));
    s.edit("site-config.yaml", "title: Fixture Hub", "title: Fixture Hub Renamed");
    CHECK(update(b, "site-config.yaml").mode == "full");
    require_same(session_files(b), full_build(s));
  }

  SECTION("a full build reuses unchanged pages only while their links resolve the same") {
    // A new slug: the pages linking to it are rendered again with the new URL.
    s.edit("content/docs/guide/config.md", "slug: configuration", "slug: settings");
    CHECK(update(b, "content/docs/guide/config.md").mode == "full");
    CHECK(b.files()->at("docs/intro/index.html")->content.find("/docs/guide/settings/") != std::string::npos);
    require_same(session_files(b), full_build(s));
    // A deleted page that another page links to: that link is an error again.
    fs::remove(s.src("content/docs/guide/install.md"));
    Diagnostics gone;
    CHECK_FALSE(b.update({"content/docs/guide/install.md"}, gone).build.ok);
    CHECK(format_diagnostics(gone, false).find("content/docs/intro.md") != std::string::npos);
  }

  SECTION("a theme edit renders everything again, also when it is retried after an error") {
    fs::create_directories(s.src("themes"));
    fs::copy(kRepo / "themes/default", s.src("themes/default"), fs::copy_options::recursive);
    update(b, "themes/default/templates/doc.mustache");
    s.edit("themes/default/templates/doc.mustache", "{{", "<p class=\"edited-theme\"></p>{{");
    std::string text = slurp(s.src("content/docs/intro.md"));
    spit(s.src("content/docs/intro.md"), text + "\nSee [x](nowhere.md).\n");
    Diagnostics bad;
    CHECK_FALSE(b.update({"themes/default/templates/doc.mustache", "content/docs/intro.md"}, bad).build.ok);
    spit(s.src("content/docs/intro.md"), text);
    CHECK(update(b, "content/docs/intro.md").mode == "full");
    CHECK(b.files()->at("docs/guide/install/index.html")->content.find("edited-theme") != std::string::npos);
    require_same(session_files(b), full_build(s));
  }

  SECTION("an editor's temporary file that is gone again changes nothing") {
    auto before = b.files();
    Diagnostics none;
    UpdateResult u = b.update({"content/docs/4913", "content/docs/.intro.md.swp"}, none);
    CHECK(u.build.ok);
    CHECK(b.files() == before);
  }
}
