// build/session.h — a build kept in memory between builds, brought up to date by rebuilding
// only what a change affects (`agora serve`).
// Owns: BuildSession (the retained config, theme, pages, site model and output), classifying
// changed source paths, the incremental update (re-parse and re-render the changed pages,
// re-assemble when their front matter changed, re-render the outputs whose inputs changed), and
// the deferred second step (search index, site-wide link check).
// Does not own: the stages themselves (the same ones run_build runs) or serving (serve/).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "build/pipeline.h"
#include "output/writer.h"

namespace agora {

/// A built site in memory: output path ("docs/intro/index.html") → file. Static files keep
/// `copy_from` (the source file on disk) instead of their bytes.
using SiteFiles = std::map<std::string, std::shared_ptr<const OutputFile>, std::less<>>;

/// What one build or update did.
struct UpdateResult {
  BuildResult build;           ///< ok, pages, files, stage timings of this update
  std::string mode;            ///< "full", "body" (front matter unchanged) or "front-matter"
  size_t outputs_changed = 0;  ///< output files added, replaced or removed
};

/// Holds the last good build of a site in memory and updates it. Nothing is written to disk.
/// Not thread-safe: one thread calls build/update/finish; files() snapshots may be read from
/// any thread (they are immutable).
class BuildSession {
 public:
  /// `options.out_dir` and `options.write` are ignored.
  explicit BuildSession(BuildOptions options);
  ~BuildSession();
  BuildSession(const BuildSession&) = delete;
  BuildSession& operator=(const BuildSession&) = delete;

  /// Builds everything, as run_build does, but keeps the result in memory. The search index and
  /// the site-wide link check are left for finish(). On failure the last good build is kept.
  UpdateResult build(Diagnostics& diags);

  /// Brings the build up to date with the source files in `changed` (paths relative to the
  /// site folder: "content/docs/intro.md", "site-config.yaml", "themes/..."). Markdown pages that
  /// still exist are re-parsed and re-rendered; when their front matter is unchanged only they
  /// (and lists showing their summary) are re-rendered, else the site is re-assembled and every
  /// output whose inputs changed (sidebars, prev/next, lists, taxonomies, feeds, sitemap) is
  /// re-rendered. Anything else (a new or deleted file, static files, config, theme, layouts,
  /// catalogue) runs build(). On failure the last good build is kept, and the failed paths are
  /// retried with the next update.
  UpdateResult update(const std::vector<std::string>& changed, Diagnostics& diags);

  /// True when the search index and link check are not up to date with files().
  bool pending() const;
  /// The second step: rebuilds the search index into files() and checks every internal link
  /// and anchor of the output (errors as `agora build` reports them).
  BuildResult finish(Diagnostics& diags);

  /// The current output (the last good build); null before the first successful build.
  std::shared_ptr<const SiteFiles> files() const;

 private:
  /// build(); with `reuse_outputs`, outputs whose inputs are unchanged are kept (the theme and
  /// layouts are the same as in the last build).
  UpdateResult full_build(Diagnostics& diags, bool reuse_outputs);
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace agora
