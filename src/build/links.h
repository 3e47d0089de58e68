// build/links.h — rewriting the links contributors write in Markdown into output URLs.
// Owns: resolving relative `.md` links (with #anchors) to page URLs, giving other relative
// and root-relative links the site's base path, and "did you mean" for missing pages.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/diagnostic.h"
#include "core/page.h"

namespace agora {

/// Maps content-relative source paths ("docs/intro.md") to site URLs ("/docs/intro/").
using PageIndex = std::map<std::string, std::string, std::less<>>;

/// Pages left out of this build, by source path, with why: "is a draft".
using HeldBackPages = std::map<std::string, std::string, std::less<>>;

/// Rewrites one scheme-less URL found in `page`. Reports a missing .md target as an error at
/// `at` and returns nullopt then (saying so when the target exists but is held back: a draft
/// or a future post). Returns the URL to write (with the base path).
std::optional<std::string> rewrite_link(std::string_view url, const SourceLoc& at,
                                        const Page& page, const PageIndex& index,
                                        const SiteConfig& config, Diagnostics& diags,
                                        const HeldBackPages* held_back = nullptr);

}  // namespace agora
