// End-to-end: `agora check` output formats, --strict and --report on fixture sites.
#include <catch2/catch.hpp>

#include "check/html_scan.h"
#include "harness.h"

using namespace e2e;

namespace {
const std::map<std::string, std::string> kEnv = {{"SOURCE_DATE_EPOCH", "1735689600"}};
}

TEST_CASE("check --format=github annotates broken anchors and images at their Markdown line",
          "[e2e][check]") {
  TempDir dir;
  dir.copy_fixture("invalid/broken-anchor");
  fs::remove(dir.path() / "expected-stderr.txt");
  RunResult r = run_agora({"check", "--format=github", "--report", "report.json"}, dir.path(), kEnv);
  CHECK(r.exit_code == 1);
  CHECK(r.out ==
        "::error file=content/docs/intro.md,line=6,col=10::broken link /docs/install/#requirements: "
        "no element with id 'requirements' on that page\n"
        "::error file=content/docs/intro.md,line=8,col=1::broken link /img/logo.svg: no page or "
        "file at that URL\n");
  CHECK(r.err == "2 errors, 0 warnings\nagora: check failed; nothing was written\n");
  CHECK_FALSE(fs::exists(dir.path() / "public"));
  std::string report = read_file(dir.path() / "report.json");
  CHECK(report.rfind("{\"command\":\"check\",\"ok\":false,\"pages\":3,", 0) == 0);
  CHECK(report.find("\"errors\":2,\"warnings\":0,") != std::string::npos);
  CHECK(report.find("{\"name\":\"check_links\",") != std::string::npos);
}

TEST_CASE("check warns about orphan pages; only --strict fails on them", "[e2e][check]") {
  TempDir dir;
  dir.copy_fixture("basic");
  RunResult r = run_agora({"check"}, dir.path(), kEnv);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("content/about.md:1:1: warning: no other page links to this page\n") == 0);
  RunResult strict = run_agora({"check", "--strict", "--format=json"}, dir.path(), kEnv);
  CHECK(strict.exit_code == 1);
  CHECK(strict.out.find("\"severity\":\"warning\",\"file\":\"content/about.md\",\"line\":1,\"column\":1,"
                        "\"message\":\"no other page links to this page\"") != std::string::npos);
  CHECK(strict.err.find("agora: check failed: --strict and 1 warning\n") != std::string::npos);
  // build does not report orphans.
  RunResult b = run_agora({"build"}, dir.path(), kEnv);
  CHECK(b.exit_code == 0);
  CHECK(b.err.empty());
}

// The link checker reads pages with its own tokenizer (check/html_scan.h), which is several
// times faster than libxml2's parser. libxml2 stays the reference: on every HTML page of the
// bundled hub and the demo hub, both must find the same ids and the same URLs, in order.
TEST_CASE("the checker's HTML tokenizer reads whole sites exactly as libxml2 does", "[e2e][check]") {
  for (const char* site : {"", "examples/demo-hub"}) {
    INFO("site: " << (*site ? site : "the bundled hub"));
    TempDir dir;
    fs::path out = dir.path() / "out";
    RunResult r = run_agora({"build", "--quiet", "--source", (fs::path(AGORA_SOURCE_DIR) / site).string(),
                             "--out", out.string()},
                            {}, {{"SOURCE_DATE_EPOCH", "1748736000"}});  // after the demo's last post
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    size_t pages = 0, urls = 0;
    for (const auto& [path, html] : snapshot(out)) {
      if (path.size() < 5 || path.compare(path.size() - 5, 5, ".html") != 0) continue;
      INFO(path);
      agora::HtmlRefs fast = agora::scan_html_refs(html);
      agora::HtmlRefs ref = agora::scan_html_refs_libxml2(html);
      CHECK(fast.ids == ref.ids);
      CHECK(fast.urls == ref.urls);
      ++pages;
      urls += fast.urls.size();
    }
    CHECK(pages > 20);
    CHECK(urls > pages * 10);
  }
}
