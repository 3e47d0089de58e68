#include "build/links.h"

#include "core/text.h"

namespace agora {

namespace {

// The path of content file `to` as a link written in folder `from_dir` (both relative to
// content/, from_dir empty or ending in '/'): "docs/a/" + "docs/b.md" -> "../b.md".
std::string relative_link(const std::string& from_dir, const std::string& to) {
  std::vector<std::string_view> from = split(from_dir, '/');
  std::vector<std::string_view> target = split(to, '/');
  while (!from.empty() && from.back().empty()) from.pop_back();
  size_t common = 0;
  while (common < from.size() && common + 1 < target.size() && from[common] == target[common])
    ++common;
  std::string out;
  for (size_t i = common; i < from.size(); ++i) out += "../";
  for (size_t i = common; i < target.size(); ++i) { if (i > common) out += '/'; out += target[i]; }
  return out;
}

}  // namespace

std::optional<std::string> rewrite_link(std::string_view url, const SourceLoc& at,
                                        const Page& page, const PageIndex& index,
                                        const SiteConfig& config, Diagnostics& diags,
                                        const HeldBackPages* held_back) {
  if (url.empty() || url[0] == '#' || url[0] == '?') return std::nullopt;  // same page
  size_t cut = url.find_first_of("?#");
  std::string_view path = url.substr(0, cut);
  std::string_view rest = cut == std::string_view::npos ? std::string_view() : url.substr(cut);

  // The folder the link is relative to: the page's own folder in content/.
  std::string dir = page.rel_path.substr(0, page.rel_path.rfind('/') + 1);
  if (page.rel_path.find('/') == std::string::npos) dir.clear();
  bool root_relative = path[0] == '/';
  std::string joined = root_relative ? std::string(path.substr(1)) : dir + std::string(path);
  auto norm = normalize_relative_path(joined);

  if (ends_with(path, ".md")) {
    if (norm) {
      if (auto it = index.find(*norm); it != index.end()) {
        std::string out = config.base_path() + it->second.substr(1);
        return out + std::string(rest);
      }
    }
    if (norm && held_back) {
      if (auto it = held_back->find(*norm); it != held_back->end()) {
        diags.error(at, "link to 'content/" + *norm + "', which " + it->second +
                            " and is left out of this build",
                    "remove the link until that page is published, or build with --drafts to preview",
                    page.source);
        return std::nullopt;
      }
    }
    std::vector<std::string> candidates;
    for (const auto& [p, u] : index) candidates.push_back(p);
    std::string target = norm ? *norm : std::string(path);
    std::string hint;
    if (auto best = closest_match(target, candidates))
      hint = "did you mean '" + (root_relative ? "/" + *best : relative_link(dir, *best)) + "'?";
    if (hint.empty()) hint = "link to an existing file relative to this one, e.g. '../guide/install.md'";
    diags.error(at, "link to a missing page '" + std::string(path) + "' (no content/" + target + ")",
                hint, page.source);
    return std::nullopt;
  }
  if (!norm) {
    diags.error(at, "link '" + std::string(url) + "' climbs above the site root",
                "remove the extra '../'", page.source);
    return std::nullopt;
  }
  // Keep a trailing slash the author wrote ("/docs/" stays a folder URL).
  std::string out = config.base_path() + *norm;
  if (ends_with(path, "/") && !norm->empty()) out += '/';
  return out + std::string(rest);
}

}  // namespace agora
