#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "build/pipeline.h"
#include "core/diagnostic.h"
#include "search/search_index.h"

#ifndef AGORA_THEMES_DIR
#define AGORA_THEMES_DIR ""
#endif

namespace agora {

namespace {

bool use_color() { return isatty(2) && !std::getenv("NO_COLOR"); }

std::string bundled_themes_dir() {
  if (const char* e = std::getenv("AGORA_THEMES_DIR")) return e;
  return AGORA_THEMES_DIR;
}

void print_diagnostics(const Diagnostics& diags) {
  std::string text = format_diagnostics(diags, use_color());
  std::fputs(text.c_str(), stderr);
  if (diags.error_count() > 0 || diags.warning_count() > 0)
    std::fprintf(stderr, "%zu error%s, %zu warning%s\n", diags.error_count(),
                 diags.error_count() == 1 ? "" : "s", diags.warning_count(),
                 diags.warning_count() == 1 ? "" : "s");
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"agora — a static site generator for open-source community hubs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "agora 0.1.0");

  BuildOptions opts;
  opts.themes_dir = bundled_themes_dir();
  std::string base_url;
  bool stats = false, quiet = false;
  unsigned jobs = 0;

  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("-s,--source", opts.source_dir, "Site folder (with site-config.yaml)")
        ->capture_default_str();
    cmd->add_option("--base-url", base_url, "Override base_url, e.g. https://org.github.io/repo/");
    cmd->add_flag("--drafts", opts.drafts, "Include drafts and future-dated posts");
    cmd->add_option("-j,--jobs", jobs, "Worker threads (default: one per core)");
  };
  CLI::App* build = app.add_subcommand("build", "Build the site into the output folder");
  add_common(build);
  build->add_option("-o,--out", opts.out_dir, "Output folder, replaced only when the build succeeds")
      ->capture_default_str();
  build->add_flag("--stats", stats, "Print per-stage times");
  build->add_flag("-q,--quiet", quiet, "Print nothing but errors");

  CLI::App* check = app.add_subcommand("check", "Validate everything a build would, without writing");
  add_common(check);

  // agora search: answers from a built site's index, ranked exactly as the browser client ranks.
  std::string search_query, search_out = "public";
  bool search_json = false;
  size_t search_limit = 10;
  CLI::App* search = app.add_subcommand("search", "Query the search index of a built site");
  search->add_option("query", search_query, "Words, \"quoted phrases\", -exclusions")->required();
  search->add_option("-o,--out", search_out, "The built site's folder")->capture_default_str();
  search->add_option("-n,--limit", search_limit, "Results to show")->capture_default_str()
      ->check(CLI::Range(1, 1000));
  search->add_flag("--json", search_json, "Print the results as JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (search->parsed()) {
    Diagnostics diags;
    auto hits = search_built_site(search_out, search_query, search_limit, diags);
    print_diagnostics(diags);
    if (diags.has_errors()) return 1;
    std::fputs(format_search_hits(hits, search_json).c_str(), stdout);
    return 0;
  }
  if (!base_url.empty()) opts.base_url = base_url;
  opts.jobs = jobs;
  if (check->parsed()) opts.write = false;

  Diagnostics diags;
  BuildResult r = run_build(opts, diags);
  print_diagnostics(diags);
  if (!r.ok) {
    std::fprintf(stderr, "agora: %s failed; %s\n", check->parsed() ? "check" : "build",
                 opts.write ? ("the output folder '" + opts.out_dir + "' was left as it was").c_str()
                            : "nothing was written");
    return 1;
  }
  if (stats) std::fputs(stats_table(r).c_str(), stdout);
  if (!quiet) std::printf("%s\n", summary_line(r).c_str());
  return 0;
}

}  // namespace agora
