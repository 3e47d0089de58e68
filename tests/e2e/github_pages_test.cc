// End-to-end: examples/github-pages/ and the hub's .github/workflows/hub.yml. The workflows are
// parsed as YAML and their jobs asserted (the pull request check, the Pages deploy path, where
// the write permissions are); the guide must show the example workflow byte for byte; the
// example site builds under a project subpath, and a broken link in it gives the annotation the
// README and the guide quote, at the link's Markdown line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "harness.h"
#include "yaml/yaml.h"

using namespace e2e;

namespace {

const fs::path kRoot = AGORA_SOURCE_DIR;
const fs::path kExample = kRoot / "examples/github-pages";
const fs::path kExampleWorkflow = kExample / ".github/workflows/agora.yml";
const fs::path kHubWorkflow = kRoot / ".github/workflows/hub.yml";
const std::map<std::string, std::string> kEnv = {{"SOURCE_DATE_EPOCH", "1735689600"}};

/// The annotation `agora check --format=github` prints for the broken link made below; the
/// README and the guide quote it.
const std::string kAnnotation =
    "::error file=content/docs/publishing.md,line=12,col=49::link to a missing page '../missing.md' "
    "(no content/missing.md)%0Alink to an existing file relative to this one, e.g. "
    "'../guide/install.md'";

struct Workflow {
  std::string text;  // owns the bytes the nodes were parsed from
  agora::YamlNode root;
};

Workflow load_workflow(const fs::path& path) {
  Workflow w{read_file(path), {}};
  REQUIRE_FALSE(w.text.empty());
  agora::Diagnostics diags;
  auto node = agora::parse_yaml({path.string(), w.text}, diags);
  INFO(path << ": " << (diags.empty() ? std::string() : diags.items().front().message));
  REQUIRE(node);
  REQUIRE(diags.empty());
  REQUIRE(node->is_mapping());
  w.root = std::move(*node);
  return w;
}

/// The scalar at a path of mapping keys; empty when absent or not a scalar.
std::string scalar(const agora::YamlNode& n, std::initializer_list<std::string_view> keys) {
  const agora::YamlNode* cur = &n;
  for (std::string_view k : keys) {
    cur = cur->is_mapping() ? cur->get(k) : nullptr;
    if (!cur) return {};
  }
  return cur->is_scalar() ? cur->scalar : std::string();
}

/// Mapping entries as key → scalar value (non-scalars as "<kind>").
std::map<std::string, std::string> flat(const agora::YamlNode* n) {
  std::map<std::string, std::string> out;
  if (!n || !n->is_mapping()) return out;
  for (const auto& [k, v] : n->entries) out[k.scalar] = v.is_scalar() ? v.scalar : v.kind_name();
  return out;
}

const agora::YamlNode& job(const Workflow& w, std::string_view name) {
  const agora::YamlNode* jobs = w.root.get("jobs");
  REQUIRE(jobs);
  const agora::YamlNode* j = jobs->get(name);
  INFO("job " << name);
  REQUIRE(j);
  REQUIRE(j->is_mapping());
  return *j;
}

const std::vector<agora::YamlNode>& steps(const agora::YamlNode& job) {
  const agora::YamlNode* s = job.get("steps");
  REQUIRE(s);
  REQUIRE(s->is_sequence());
  return s->items;
}

/// Index of the first step whose `key` (uses/run) contains `needle`; -1 when none.
int find_step(const agora::YamlNode& job, std::string_view key, std::string_view needle) {
  const auto& ss = steps(job);
  for (size_t i = 0; i < ss.size(); ++i)
    if (scalar(ss[i], {key}).find(needle) != std::string::npos) return static_cast<int>(i);
  return -1;
}

bool contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

/// What both workflows must do; `agora` is how each calls the binary and `make` how it builds it.
void check_workflow_shape(const Workflow& w, const std::string& agora, const std::string& make) {
  // Triggers: pull requests, pushes to main, and the manual button.
  const agora::YamlNode* on = w.root.get("on");
  REQUIRE(on);
  REQUIRE(on->is_mapping());
  CHECK(on->get("pull_request"));
  CHECK(on->get("workflow_dispatch"));
  const agora::YamlNode* branches = on->get("push") ? on->get("push")->get("branches") : nullptr;
  REQUIRE(branches);
  REQUIRE(branches->is_sequence());
  REQUIRE(branches->items.size() == 1);
  CHECK(branches->items[0].scalar == "main");

  // The workflow may only read; deployments share the `pages` concurrency group.
  CHECK(flat(w.root.get("permissions")) == std::map<std::string, std::string>{{"contents", "read"}});
  CHECK(contains(scalar(w.root, {"concurrency", "group"}), "'pages'"));

  const agora::YamlNode* jobs = w.root.get("jobs");
  REQUIRE(jobs);
  std::vector<std::string> names;
  for (const auto& [k, v] : jobs->entries) names.push_back(k.scalar);
  CHECK(names == std::vector<std::string>{"check", "build", "deploy"});

  // Pull requests: build agora, then `agora check --format=github` on the repository root.
  const agora::YamlNode& check = job(w, "check");
  CHECK(scalar(check, {"if"}) == "github.event_name == 'pull_request'");
  CHECK(scalar(check, {"container"}) == "debian:12");
  int install = find_step(check, "run", "apt-get install -y --no-install-recommends make ca-certificates git");
  int checkout = find_step(check, "uses", "actions/checkout@v4");
  int built = find_step(check, "run", make);
  int checked = find_step(check, "run", agora + " check ");
  CHECK(install >= 0);
  CHECK(install < checkout);
  CHECK(checkout < built);
  REQUIRE(built < checked);
  std::string cmd = scalar(steps(check)[checked], {"run"});
  INFO(cmd);
  CHECK(cmd.rfind(agora + " check --source . ", 0) == 0);
  CHECK(contains(cmd, " --format=github"));
  CHECK(contains(cmd, " --report agora-report.json"));
  CHECK(find_step(check, "uses", "pages") == -1);  // a pull request deploys nothing
  int upload = find_step(check, "uses", "actions/upload-artifact@v4");
  REQUIRE(upload > checked);
  CHECK(scalar(steps(check)[upload], {"if"}) == "always()");
  CHECK(scalar(steps(check)[upload], {"with", "path"}) == "agora-report.json");

  // main: configure-pages gives the address, the build uses it, the upload is the Pages artifact.
  const agora::YamlNode& build = job(w, "build");
  CHECK(scalar(build, {"if"}) == "github.event_name != 'pull_request'");
  CHECK(scalar(build, {"container"}) == "debian:12");
  int configure = find_step(build, "uses", "actions/configure-pages@v5");
  int site = find_step(build, "run", agora + " build ");
  int pages_upload = find_step(build, "uses", "actions/upload-pages-artifact@v3");
  CHECK(find_step(build, "run", make) >= 0);
  REQUIRE(configure >= 0);
  CHECK(scalar(steps(build)[configure], {"id"}) == "pages");
  REQUIRE(configure < site);
  REQUIRE(site < pages_upload);
  std::string build_cmd = scalar(steps(build)[site], {"run"});
  INFO(build_cmd);
  CHECK(build_cmd == agora + " build --source . --out public --base-url \"${{ steps.pages.outputs.base_url }}/\"");
  CHECK(scalar(steps(build)[pages_upload], {"with", "path"}) == "public");

  const agora::YamlNode& deploy = job(w, "deploy");
  CHECK(scalar(deploy, {"needs"}) == "build");
  CHECK(scalar(deploy, {"environment", "name"}) == "github-pages");
  CHECK(scalar(deploy, {"environment", "url"}) == "${{ steps.deployment.outputs.page_url }}");
  int dep = find_step(deploy, "uses", "actions/deploy-pages@v4");
  REQUIRE(dep >= 0);
  CHECK(scalar(steps(deploy)[dep], {"id"}) == "deployment");

  // pages: write and id-token: write only on the deploy job; no other job has permissions.
  CHECK(flat(deploy.get("permissions")) ==
        std::map<std::string, std::string>{{"id-token", "write"}, {"pages", "write"}});
  CHECK(check.get("permissions") == nullptr);
  CHECK(build.get("permissions") == nullptr);
}

std::string first_yaml_fence(const std::string& md) {
  const std::string open = "\n```yaml\n", close = "\n```\n";
  size_t a = md.find(open);
  if (a == std::string::npos) return {};
  a += open.size();
  size_t b = md.find(close, a - 1);
  if (b == std::string::npos) return {};
  return md.substr(a, b + 1 - a);  // keeps the block's last newline, like the file's
}

}  // namespace

TEST_CASE("the example workflow checks pull requests and deploys main to GitHub Pages",
          "[e2e][github-pages]") {
  Workflow w = load_workflow(kExampleWorkflow);
  check_workflow_shape(w, ".agora/build/release/agora", "make -C .agora agora");
  // agora is checked out beside the site in both jobs that build it.
  for (const char* name : {"check", "build"}) {
    INFO(name);
    const agora::YamlNode& j = job(w, name);
    int co = find_step(j, "uses", "actions/checkout@v4");
    REQUIRE(co >= 0);
    const auto& ss = steps(j);
    auto agora_co = std::find_if(ss.begin(), ss.end(), [](const agora::YamlNode& s) {
      return scalar(s, {"with", "repository"}) == "agora-ssg/agora";
    });
    REQUIRE(agora_co != ss.end());
    CHECK(scalar(*agora_co, {"with", "path"}) == ".agora");
    CHECK(scalar(*agora_co, {"with", "ref"}) == "main");
  }
}

TEST_CASE("the hub's own workflow mirrors the example, built from its own checkout and --strict",
          "[e2e][github-pages]") {
  Workflow w = load_workflow(kHubWorkflow);
  check_workflow_shape(w, "build/release/agora", "make agora");
  int checked = find_step(job(w, "check"), "run", "build/release/agora check ");
  REQUIRE(checked >= 0);
  CHECK(contains(scalar(steps(job(w, "check"))[checked], {"run"}), " --strict"));
  CHECK(contains(read_file(kHubWorkflow), "examples/github-pages/.github/workflows/agora.yml"));
  // Both workflows call the binary where the Makefile puts it.
  CHECK(contains(read_file(kRoot / "Makefile"), "\nBUILD_DIR ?= build/release\n"));
}

TEST_CASE("the deployment guide shows the example workflow byte for byte, and the annotation",
          "[e2e][github-pages]") {
  std::string guide = read_file(kRoot / "content/docs/guides/deploy-github-pages.md");
  std::string workflow = read_file(kExampleWorkflow);
  REQUIRE_FALSE(workflow.empty());
  CHECK(first_yaml_fence(guide) == workflow);
  CHECK(contains(guide, "\n" + kAnnotation + "\n"));
  CHECK(contains(read_file(kExample / "README.md"), "\n" + kAnnotation + "\n"));
}

TEST_CASE("the example site passes check --strict and builds under a project subpath",
          "[e2e][github-pages]") {
  RunResult strict = run_agora({"check", "--source", kExample.string(), "--strict"}, {}, kEnv);
  INFO(strict.err);
  CHECK(strict.exit_code == 0);
  CHECK(strict.err.empty());

  TempDir dir;
  fs::path out = dir.path() / "public";
  // What the workflow passes: configure-pages' base_url plus "/".
  RunResult r = run_agora({"build", "--quiet", "--source", kExample.string(), "--out", out.string(),
                           "--base-url", "https://example-org.github.io/example-hub/"},
                          {}, kEnv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* page : {"index.html", "docs/index.html", "docs/publishing/index.html"})
    CHECK(fs::exists(out / page));
  size_t pages = 0, urls = 0;
  for (const auto& [rel, text] : snapshot(out)) {
    if (rel.size() < 5 || rel.substr(rel.size() - 5) != ".html") continue;
    ++pages;
    Doc d = Doc::html(text);
    REQUIRE(d.ok());
    for (const std::string& url : d.all("//@href | //@src | //form/@action")) {
      INFO(rel << ": " << url);
      bool ok = url.rfind("/example-hub/", 0) == 0 || url.rfind("https://", 0) == 0 ||
                url.rfind("http://", 0) == 0 || url.rfind("mailto:", 0) == 0 || url.rfind("#", 0) == 0;
      CHECK(ok);
      if (url.rfind("https://example-org.github.io", 0) == 0)
        CHECK(url.rfind("https://example-org.github.io/example-hub/", 0) == 0);
      ++urls;
    }
  }
  CHECK(pages >= 4);  // the three pages and 404.html
  CHECK(urls > pages * 5);
  // The link from the docs page back home went through the subpath too.
  Doc pub = Doc::html(read_file(out / "docs/publishing/index.html"));
  CHECK(pub.count("//main//a[@href='/example-hub/'][.='back to the home page']") == 1);
}

TEST_CASE("a broken link in the example is annotated at its Markdown line with --format=github",
          "[e2e][github-pages]") {
  TempDir dir;
  fs::copy(kExample, dir.path(), fs::copy_options::recursive);
  fs::path page = dir.path() / "content/docs/publishing.md";
  std::string text = read_file(page);
  const std::string link = "[back to the home page](../_index.md)";
  size_t at = text.find(link);
  REQUIRE(at != std::string::npos);
  // The link's position, 1-based, computed from the file the annotation must point at.
  size_t line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  size_t col = at - text.rfind('\n', at);
  CHECK(line == 12);
  CHECK(col == 49);
  text.replace(at, link.size(), "[back to the home page](../missing.md)");
  dir.write("content/docs/publishing.md", text);

  RunResult r = run_agora({"check", "--source", ".", "--format=github", "--report", "agora-report.json"},
                          dir.path(), kEnv);
  CHECK(r.exit_code == 1);
  CHECK(r.out == kAnnotation + "\n");
  CHECK(r.err == "1 error, 0 warnings\nagora: check failed; nothing was written\n");
  std::string report = read_file(dir.path() / "agora-report.json");
  CHECK(report.rfind("{\"command\":\"check\",\"ok\":false,", 0) == 0);
  CHECK(contains(report, "\"file\":\"content/docs/publishing.md\",\"line\":12,\"column\":49,"));
}
