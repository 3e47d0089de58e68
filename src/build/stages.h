// build/stages.h — internal to build/: the pipeline's per-item stage helpers, shared by the one
// straight-line build (run_build) and by BuildSession's incremental updates, and what a session
// keeps in memory between builds.
// Owns: rendering one page's Markdown, one output file of each kind, one section's feeds, the
// sitemap entries, and the Retained state. Does not own: the stage order (pipeline.cc) or the
// decision what to rebuild (session.cc). Not a public header: only build/*.cc include it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "build/catalogue_stage.h"
#include "build/links.h"
#include "build/pipeline.h"
#include "build/session.h"
#include "config/config.h"
#include "content/content.h"
#include "markdown/markdown.h"
#include "output/sitemap.h"
#include "output/writer.h"
#include "site/site.h"
#include "theme/theme.h"

namespace agora::stages {

std::optional<std::string> read_file(const std::filesystem::path& p);

/// SOURCE_DATE_EPOCH as a date, when it is set to a number.
std::optional<Date> source_date_epoch();
/// The reference "now" for future-dated posts: SOURCE_DATE_EPOCH when set, else the wall clock.
std::optional<Date> reference_now();

/// The Markdown renderer a site's configuration asks for.
MarkdownRenderer markdown_renderer(const SiteConfig& config);

/// A Markdown render of one page, as the render_markdown stage stores it in the Page.
struct RenderedMarkdown {
  std::string html;
  std::vector<Heading> headings;
  std::vector<LinkRef> links;
  std::string plain_text, summary;
  size_t word_count = 0;
};

/// One call the Markdown renderer made to rewrite a link, and what it returned.
struct LinkCall {
  std::string url;
  SourceLoc at;
  std::optional<std::string> result;
  size_t diagnostics = 0;  ///< reported by that call
};

/// Renders `p`'s Markdown body (links rewritten against `index`) and stores the result in `p`.
/// Returns false (with diagnostics in `d`) when the Markdown could not be rendered. With
/// `calls`, every link rewrite is recorded.
bool render_page_markdown(Page& p, const MarkdownRenderer& renderer, const PageIndex& index,
                          const SiteConfig& config, const HeldBackPages& held_back, Diagnostics& d,
                          std::vector<LinkCall>* calls = nullptr);

/// What parsing and rendering one page reported, kept so that a later build of the same bytes
/// can take the page from the last build instead (see run_stages' `previous`).
struct PageMemo {
  Diagnostics parse, render;
  std::vector<LinkCall> calls;
  bool reusable = false;  ///< rendered without errors and no link rewrite reported anything
};

/// Pages shown on a page of their own (a list section's _index.md is shown on its list instead).
std::vector<const Page*> shown_pages(const SiteModel& site, const SiteConfig& config);

/// The theme's assets as output files; fingerprints style.css and theme.js into ctx.
std::vector<OutputFile> theme_asset_files(const Theme& theme, const SiteConfig& config,
                                          ViewContext& ctx);
/// The blog-kind sections (each gets Atom, RSS and JSON feeds), their feed links added to ctx.
std::vector<std::string> feed_sections(const SiteConfig& config, ViewContext& ctx);

/// One output of apply_templates. `error` gets the template error, if any.
OutputFile render_page_file(const SiteModel& site, const Page& p, const Theme& theme,
                            const ViewContext& ctx, std::string* error);
OutputFile render_list_file(const SiteModel& site, const ListPage& l, const Theme& theme,
                            const ViewContext& ctx, std::string* error);
OutputFile render_redirect_file(const SiteModel& site, const Redirect& r, const Theme& theme,
                                const ViewContext& ctx, std::string* error);
OutputFile render_not_found_file(const SiteModel& site, const Theme& theme, const ViewContext& ctx,
                                 std::string* error);
OutputFile render_search_page_file(const SiteModel& site, const Theme& theme,
                                   const ViewContext& ctx, std::string* error);

/// The dated pages of a feed section that its feeds show (newest first, at most feed_limit).
std::vector<const Page*> feed_pages(const SiteModel& site, const SiteConfig& config,
                                    const std::string& section);
/// `section`'s Atom, RSS and JSON feeds, appended to `out`.
void append_feed_files(const SiteModel& site, const SiteConfig& config, const ViewContext& ctx,
                       const std::string& section, std::vector<OutputFile>& out);
/// The sitemap's entries: shown pages, lists, then the catalogue's pages.
std::vector<SitemapEntry> sitemap_entries(const SiteModel& site, const SiteConfig& config,
                                          const std::vector<const Page*>& shown,
                                          const std::vector<SitemapEntry>& catalogue);

/// Two hashes per page: everything of its own its page view shows (source, rendered Markdown),
/// and what an item for it in a list or feed shows (URL, front matter, summary, reading time).
struct PageKeys {
  uint64_t own = 0, item = 0;
};
PageKeys page_keys(const Page& p);
std::vector<PageKeys> all_page_keys(const SiteModel& site, unsigned jobs);

/// What one output is made from: when its signature is unchanged, so is the output.
enum class OutputKind { Page, List, Redirect, Feed, Sitemap };
struct Signature {
  std::string path;
  uint64_t hash = 0;
  OutputKind kind = OutputKind::Page;
  size_t index = 0;  ///< into shown pages, site.lists, site.redirects or feed sections
};

/// Signatures of every output that depends on pages, in this order: shown pages, lists,
/// redirects (the order apply_templates renders them in), then feeds and the sitemap. A page's
/// covers its own source and Markdown, its docs sidebar and breadcrumbs (the child lists of
/// every node on its path, as site/view.cc shows them) and prev/next; a list's its fields,
/// items and terms. Theme assets, 404, the search page, the catalogue and static files depend
/// only on the config, the theme, the catalogue's or the static file itself, so are not
/// covered. `keys` is in the order of site.pages.
std::vector<Signature> output_signatures(const SiteModel& site, const SiteConfig& config,
                                         const std::vector<std::string>& feed_sections,
                                         const std::vector<SitemapEntry>& catalogue_sitemap,
                                         const std::vector<const Page*>& shown,
                                         const std::vector<PageKeys>& keys, unsigned jobs);
std::vector<std::pair<std::string, uint64_t>> signature_list(const std::vector<Signature>& sigs);

/// What a BuildSession keeps from its last good build. Everything here is consistent with
/// `files`, the site being served.
struct Retained {
  std::string config_text;
  std::unique_ptr<SiteConfig> config;  ///< stable address: site.config points at it
  std::optional<Theme> theme;
  ViewContext ctx;
  ParseOptions popts;
  SiteModel site;
  PageIndex index;
  HeldBackPages held_back;
  std::vector<std::string> feed_sections;
  std::vector<StaticFile> statics;
  CatalogueOutput catalogue;                 ///< its files moved into `files`
  std::vector<std::string> catalogue_paths;  ///< output paths the catalogue wrote
  std::shared_ptr<const SiteFiles> files;    ///< the whole output, by path
  /// (output path, signature) of the page, list, redirect, feed and sitemap outputs.
  std::vector<std::pair<std::string, uint64_t>> signatures;
  std::vector<PageKeys> keys;  ///< per page of site.pages
  size_t shown = 0;                          ///< pages shown on their own (result.pages)
  std::map<std::string, PageMemo, std::less<>> memo;  ///< by source path, for site.pages
  std::string base_url_option;               ///< --base-url this build had ("" = none)
};

/// The one straight line of stages. With `keep`, the build is kept in memory instead of written
/// (the search_index and check_links stages are left for the caller: BuildSession::finish), and
/// `keep` is filled only when the build succeeded. With `previous` (the last good build of the
/// same site), a page whose file has the same bytes under the same configuration is taken from
/// it instead of being parsed and rendered again, when replaying its recorded link rewrites
/// against the new page index gives the same results; its diagnostics are reported again.
/// With `reuse_outputs` too (the theme and layouts are unchanged), pages, lists and redirects
/// whose signature is unchanged are taken from previous->files instead of rendered.
BuildResult run_stages(const BuildOptions& options, Diagnostics& diags, Retained* keep,
                       const Retained* previous = nullptr, bool reuse_outputs = false);

}  // namespace agora::stages
