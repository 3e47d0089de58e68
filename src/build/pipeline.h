// build/pipeline.h — one build, as a straight line of timed stages:
//   load_config → discover → parse_sources → render_markdown → assemble → load_theme →
//   apply_templates → feeds_sitemap → search_index → check_links → write_output
// Owns: the stage order, per-stage timing and the stop-at-stage-boundary rule, and the glue
// between modules (link rewriting, asset fingerprints, feed entries).
// Does not own: what any stage does inside — each is a module of its own — or keeping a build
// in memory and updating it (build/session.h, which runs the same stages on what changed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "search/search_index.h"

namespace agora {

struct BuildOptions {
  std::string source_dir = ".";
  std::string out_dir = "public";
  std::optional<std::string> base_url;  ///< overrides site-config.yaml
  bool drafts = false;                  ///< include drafts and future-dated posts
  bool write = true;                    ///< false: run every stage but write nothing (check)
  unsigned jobs = 0;                    ///< 0 = one per core
  std::string themes_dir;               ///< fallback folder of bundled themes
};

struct StageTiming {
  std::string name;
  double ms = 0;
  size_t count = 0;  ///< items the stage produced (pages, files...)
  bool step = false;  ///< one step inside the stage before it, named "<stage>/<step>"
};

struct BuildResult {
  bool ok = false;
  size_t pages = 0;   ///< content pages rendered
  size_t files = 0;   ///< files in the output
  uint64_t bytes = 0;
  double total_ms = 0;
  std::vector<StageTiming> stages;
  SearchIndexStats search;  ///< what the search_index stage wrote
};

/// Runs every stage; stops at the first stage boundary with errors. Diagnostics are sorted.
BuildResult run_build(const BuildOptions& options, Diagnostics& diags);

/// "agora: 42 pages, 97 files (1.2 MB) in 85 ms", then the search index's line
/// ("search index: 12 files, 0.1 MB, largest shard 8.9 KB, ...") when one was built.
std::string summary_line(const BuildResult& r);
/// A table of stage times for --stats.
std::string stats_table(const BuildResult& r);

}  // namespace agora
