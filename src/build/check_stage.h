// build/check_stage.h — the check_links stage: glue between the built site and check/.
// Owns: turning the output files and the site model into CheckedPages (which Markdown file and
// source positions each output page's links came from) and calling check_links on them.
// Does not own: the checks themselves (check/), or rewriting links (build/links.h).
#pragma once

#include <vector>

#include "config/config.h"
#include "core/diagnostic.h"
#include "output/writer.h"
#include "site/site.h"

namespace agora {

/// Checks every internal link, #anchor, image and asset URL in the HTML among `files` against
/// `files` (HTML pages, feeds, theme assets, static files); broken ones are errors at the
/// Markdown line:col that wrote them, else at the output page. With `orphans`, pages nothing
/// links to are warnings. Returns the number of HTML pages checked.
size_t check_site_links(const SiteModel& site, const SiteConfig& config,
                        const std::vector<OutputFile>& files, bool orphans, unsigned jobs,
                        Diagnostics& diags);

}  // namespace agora
