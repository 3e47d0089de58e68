#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>

#include "build/pipeline.h"
#include "check/check.h"
#include "core/diagnostic.h"
#include "core/date.h"
#include "core/text.h"
#include "scaffold/scaffold.h"
#include "serve/serve.h"
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

void print_diagnostics(const Diagnostics& diags, const std::string& format = "human") {
  if (format != "human") {
    // Machine formats go to stdout (GitHub reads annotations there; JSON is for tools); the
    // counts and summary stay on stderr.
    DiagnosticFormat f = format == "github" ? DiagnosticFormat::GitHub : DiagnosticFormat::Json;
    std::fputs(format_for(diags, f, false).c_str(), stdout);
    std::fflush(stdout);
  } else {
    std::fputs(format_diagnostics(diags, use_color()).c_str(), stderr);
  }
  if (diags.error_count() > 0 || diags.warning_count() > 0)
    std::fprintf(stderr, "%zu error%s, %zu warning%s\n", diags.error_count(),
                 diags.error_count() == 1 ? "" : "s", diags.warning_count(),
                 diags.warning_count() == 1 ? "" : "s");
}

/// The machine-readable build report (--report FILE): outcome, counts, every diagnostic and
/// the per-stage timings.
std::string report_json(const char* command, const BuildResult& r, const Diagnostics& diags,
                        bool ok) {
  std::string out = "{\"command\":\"" + std::string(command) + "\",\"ok\":" + (ok ? "true" : "false") +
                    ",\"pages\":" + std::to_string(r.pages) + ",\"files\":" + std::to_string(r.files) +
                    ",\"bytes\":" + std::to_string(r.bytes) +
                    ",\"errors\":" + std::to_string(diags.error_count()) +
                    ",\"warnings\":" + std::to_string(diags.warning_count()) + ",\"diagnostics\":";
  std::string ds = format_for(diags, DiagnosticFormat::Json, false);
  size_t open = ds.find('['), close = ds.rfind(']');
  out += ds.substr(open, close - open + 1);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", r.total_ms);
  out += ",\"timings\":{\"total_ms\":" + std::string(buf) + ",\"stages\":[";
  bool first = true;
  for (const StageTiming& s : r.stages) {
    if (s.step) continue;  // the stages, which add up to the total; their steps are for --stats
    std::snprintf(buf, sizeof buf, "%.1f", s.ms);
    out += std::string(first ? "" : ",") + "{\"name\":\"" + json_escape(s.name) + "\",\"ms\":" + buf +
           ",\"count\":" + std::to_string(s.count) + "}";
    first = false;
  }
  out += "]}}\n";
  return out;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"agora — a static site generator for open-source community hubs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "agora 0.1.0");

  BuildOptions opts;
  opts.themes_dir = bundled_themes_dir();
  std::string base_url;
  bool stats = false, quiet = false, strict = false;
  unsigned jobs = 0;
  std::string format = "human", report;

  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("-s,--source", opts.source_dir, "Site folder (with site-config.yaml)")
        ->capture_default_str();
    cmd->add_option("--base-url", base_url, "Override base_url, e.g. https://org.github.io/repo/");
    cmd->add_flag("--drafts", opts.drafts, "Include drafts and future-dated posts");
    cmd->add_option("-j,--jobs", jobs, "Worker threads (default: one per core)");
    cmd->add_option("--format", format, "Diagnostics as human (compiler style), github (workflow "
                                        "annotations) or json")
        ->check(CLI::IsMember({"human", "github", "json"}))
        ->capture_default_str();
    cmd->add_flag("--strict", strict, "Fail on warnings too");
    cmd->add_option("--report", report, "Write a JSON report (pages, warnings, errors, timings) to FILE");
    cmd->add_flag("--stats", stats, "Print per-stage times");
  };
  CLI::App* build = app.add_subcommand("build", "Build the site into the output folder");
  add_common(build);
  build->add_option("-o,--out", opts.out_dir, "Output folder, replaced only when the build succeeds")
      ->capture_default_str();
  build->add_flag("-q,--quiet", quiet, "Print nothing but errors");

  CLI::App* check = app.add_subcommand("check", "Validate everything a build would, without writing");
  add_common(check);

  // agora serve: build, serve on loopback, rebuild and live-reload on change.
  ServeOptions serve_opts;
  CLI::App* serve = app.add_subcommand("serve", "Build, serve on 127.0.0.1 and live-reload on change");
  serve->add_option("-s,--source", opts.source_dir, "Site folder (with site-config.yaml)")
      ->capture_default_str();
  serve->add_flag("--drafts", opts.drafts, "Include drafts and future-dated posts");
  serve->add_option("-p,--port", serve_opts.port, "Port (0: any free port)")->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--bind", serve_opts.bind,
                    "Address to listen on; anything but 127.0.0.1 is reachable from other machines")
      ->capture_default_str();

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

  // agora new: a page or plugin listing with valid front matter, never replacing a file.
  std::string new_kind, new_title, new_date;
  ScaffoldRequest new_req;
  CLI::App* scaffold = app.add_subcommand("new", "Create a page or plugin listing, ready to edit");
  scaffold->add_option("kind", new_kind, join(scaffold_kind_names(), ", "))
      ->required()
      ->check(CLI::IsMember(scaffold_kind_names()));
  scaffold->add_option("title", new_req.title, "The title, in quotes")->required();
  scaffold->add_option("-s,--source", opts.source_dir, "Site folder (with site-config.yaml)")
      ->capture_default_str();
  scaffold->add_option("--section", new_req.section,
                       "Folder under content/, like docs/guides (default: the kind's section)");
  scaffold->add_option("--slug", new_req.slug, "File name without .md (default: from the title)");
  scaffold->add_option("--date", new_date, "Date to write, YYYY-MM-DD (default: today, UTC)");

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
  if (scaffold->parsed()) {
    Diagnostics diags;
    new_req.kind = *scaffold_kind_from_name(new_kind);
    if (!new_date.empty()) {
      auto d = parse_date(new_date);
      if (!d || d->has_time) {
        std::fprintf(stderr, "agora new: --date '%s' is not a date like 2026-05-01\n", new_date.c_str());
        return 2;
      }
      new_req.date = *d;
    } else {
      new_req.date = date_from_unix(static_cast<int64_t>(std::time(nullptr)));
      new_req.date.has_time = false;
      new_req.date.hour = new_req.date.minute = new_req.date.second = 0;
    }
    auto path = create_scaffold(opts.source_dir, new_req, diags);
    print_diagnostics(diags);
    if (!path) return 1;
    std::string shown = opts.source_dir == "." ? *path : opts.source_dir + "/" + *path;
    std::printf("created %s\n", shown.c_str());
    if (new_req.kind == ScaffoldKind::Post)
      std::printf("It is a draft: preview it with `agora serve --drafts`, and delete `draft: true` "
                  "to publish it.\n");
    else
      std::printf("Edit it, then run `agora check` (or preview with `agora serve`).\n");
    return 0;
  }
  if (serve->parsed()) {
    serve_opts.build = opts;
    serve_opts.build.jobs = jobs;
    return run_serve(serve_opts);
  }
  if (!base_url.empty()) opts.base_url = base_url;
  opts.jobs = jobs;
  if (check->parsed()) opts.write = false;

  Diagnostics diags;
  BuildResult r = run_build(opts, diags);
  const char* command = check->parsed() ? "check" : "build";
  print_diagnostics(diags, format);
  bool strict_failure = r.ok && strict && diags.warning_count() > 0;
  if (!report.empty()) {
    std::ofstream out(report, std::ios::binary | std::ios::trunc);
    out << report_json(command, r, diags, r.ok && !strict_failure);
    if (!out) {
      std::fprintf(stderr, "agora: cannot write the report to '%s'\n", report.c_str());
      return 1;
    }
  }
  if (!r.ok) {
    std::fprintf(stderr, "agora: %s failed; %s\n", command,
                 opts.write ? ("the output folder '" + opts.out_dir + "' was left as it was").c_str()
                            : "nothing was written");
    return 1;
  }
  FILE* info = format == "human" ? stdout : stderr;
  if (stats) std::fputs(stats_table(r).c_str(), info);
  if (!quiet) std::fprintf(info, "%s\n", summary_line(r).c_str());
  if (strict_failure) {
    std::fprintf(stderr, "agora: %s failed: --strict and %zu warning%s\n", command,
                 diags.warning_count(), diags.warning_count() == 1 ? "" : "s");
    return 1;
  }
  return 0;
}

}  // namespace agora
