// End-to-end: `agora new` on a copy of the demo hub, then a real build of what it made.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.h"

using namespace e2e;

namespace {
const std::map<std::string, std::string> kEnv = {{"SOURCE_DATE_EPOCH", "1767225600"}};  // 2026-01-01

void copy_demo_hub(const TempDir& dir) {
  fs::copy(fs::path(AGORA_SOURCE_DIR) / "examples" / "demo-hub", dir.path(), fs::copy_options::recursive);
}
}  // namespace

TEST_CASE("agora new makes a doc, a draft post and a listing that build as pages", "[e2e][new]") {
  TempDir dir;
  copy_demo_hub(dir);

  RunResult doc = run_agora({"new", "doc", "Tuning: \"fast\" runs", "--section", "docs/guides"}, dir.path());
  CHECK(doc.exit_code == 0);
  CHECK(doc.err.empty());
  CHECK(doc.out == "created content/docs/guides/tuning-fast-runs.md\n"
                   "Edit it, then run `agora check` (or preview with `agora serve`).\n");

  RunResult post = run_agora({"new", "post", "Lumen 3.0 is out", "--date", "2025-12-20"}, dir.path());
  CHECK(post.exit_code == 0);
  CHECK(post.out.rfind("created content/blog/lumen-3-0-is-out.md\nIt is a draft:", 0) == 0);

  RunResult plugin = run_agora({"new", "plugin", "Über Reporter", "--date", "2025-12-21"}, dir.path());
  CHECK(plugin.exit_code == 0);
  CHECK(plugin.out.rfind("created plugins-index/uber-reporter.yaml\n", 0) == 0);

  // Everything it made passes the strictest check, then builds into pages.
  RunResult check = run_agora({"check", "--drafts"}, dir.path(), kEnv);
  INFO(check.err);
  CHECK(check.exit_code == 0);
  RunResult build = run_agora({"build", "--drafts", "--quiet"}, dir.path(), kEnv);
  INFO(build.err);
  REQUIRE(build.exit_code == 0);

  Doc d = Doc::html(read_file(dir.path() / "public/docs/guides/tuning-fast-runs/index.html"));
  CHECK(d.one("//main//h1") == "Tuning: \"fast\" runs");
  Doc p = Doc::html(read_file(dir.path() / "public/blog/lumen-3-0-is-out/index.html"));
  CHECK(p.one("//main//h1") == "Lumen 3.0 is out");
  CHECK(p.one("//main//time/@datetime").rfind("2025-12-20", 0) == 0);
  auto api = nlohmann::json::parse(read_file(dir.path() / "public/api/v1/plugins/uber-reporter.json"));
  CHECK(api["name"] == "Über Reporter");
  CHECK(api["added"] == "2025-12-21");

  // Without --drafts the new post is left out.
  RunResult published = run_agora({"build", "--quiet", "--out", "pub2"}, dir.path(), kEnv);
  REQUIRE(published.exit_code == 0);
  CHECK_FALSE(fs::exists(dir.path() / "pub2/blog/lumen-3-0-is-out/index.html"));
}

TEST_CASE("agora new refuses to replace a file and explains bad arguments", "[e2e][new]") {
  TempDir dir;
  copy_demo_hub(dir);
  REQUIRE(run_agora({"new", "doc", "Install notes"}, dir.path()).exit_code == 0);
  const std::string before = read_file(dir.path() / "content/docs/install-notes.md");

  RunResult again = run_agora({"new", "doc", "Install notes"}, dir.path());
  CHECK(again.exit_code == 1);
  CHECK(again.out.empty());
  CHECK(again.err ==
        "content/docs/install-notes.md: error: already exists; agora new never replaces a file\n"
        "  hint: choose another title, or a file name with --slug\n"
        "1 error, 0 warnings\n");
  CHECK(read_file(dir.path() / "content/docs/install-notes.md") == before);

  RunResult wrong_section = run_agora({"new", "post", "Hello", "--section", "docs"}, dir.path());
  CHECK(wrong_section.exit_code == 1);
  CHECK(wrong_section.err ==
        "agora new: error: 'docs' is not a section of kind 'blog'\n"
        "  hint: sections of kind 'blog': blog\n"
        "1 error, 0 warnings\n");

  RunResult no_events = run_agora({"new", "event", "Meetup"}, dir.path());
  CHECK(no_events.exit_code == 1);
  CHECK(no_events.err.rfind("site-config.yaml: error: the site has no section of kind 'events'\n", 0) == 0);

  RunResult unknown = run_agora({"new", "blogpost", "Hello"}, dir.path());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("blogpost not in {doc,post,tutorial,case-study,event,page,plugin}") !=
        std::string::npos);

  RunResult bad_date = run_agora({"new", "post", "Hello", "--date", "2025-02-30"}, dir.path());
  CHECK(bad_date.exit_code == 2);
  CHECK(bad_date.err == "agora new: --date '2025-02-30' is not a date like 2026-05-01\n");
  CHECK_FALSE(fs::exists(dir.path() / "content/blog/hello.md"));
}
