#include "build/links.h"

#include "core/text.h"

namespace agora {

std::optional<std::string> rewrite_link(std::string_view url, const SourceLoc& at,
                                        const Page& page, const PageIndex& index,
                                        const SiteConfig& config, Diagnostics& diags) {
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
    std::vector<std::string> candidates;
    for (const auto& [p, u] : index) candidates.push_back(p);
    std::string target = norm ? *norm : std::string(path);
    std::string hint = did_you_mean(target, candidates);
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
