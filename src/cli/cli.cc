#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "build/pipeline.h"
#include "core/diagnostic.h"

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
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
