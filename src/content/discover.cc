#include <optional>
#include <algorithm>
#include <filesystem>

#include "content/content.h"
#include "core/files.h"
#include "core/parallel.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace agora {

static bool hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

struct PendingPage {
  std::string path;  ///< on disk
  std::string rel;   ///< "content/docs/a.md"
};

static void walk(const fs::path& root, const fs::path& dir, const std::string& prefix,
                 bool markdown_pages, std::vector<PendingPage>& pages, DiscoveredSite& out,
                 Diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  fs::path canonical_root = fs::weakly_canonical(root, ec);
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::none, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      diags.error({dir.string(), 0, 0}, "cannot read folder: " + ec.message());
      return;
    }
    const fs::path& p = it->path();
    if (hidden(p)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    // The iterator yields dir/<relative path>: cut the prefix instead of asking the file
    // system (fs::relative canonicalises both paths, several system calls per file).
    std::string rel = prefix + p.lexically_relative(dir).generic_string();
    if (it->is_symlink(ec)) {
      fs::path target = fs::weakly_canonical(p, ec);
      auto [a, b] = std::mismatch(canonical_root.begin(), canonical_root.end(), target.begin(),
                                  target.end());
      if (a != canonical_root.end()) {
        diags.error({rel, 0, 0}, "symbolic link points outside the site folder",
                    "copy the file into the site instead of linking to it");
        continue;
      }
    }
    if (!it->is_regular_file(ec)) continue;
    if (markdown_pages && p.extension() == ".md") {
      pages.push_back({p.string(), std::move(rel)});
    } else {
      std::string out_rel = markdown_pages ? rel.substr(std::string("content/").size())
                                           : rel.substr(std::string("static/").size());
      out.statics.push_back({p.string(), out_rel});
    }
  }
}

DiscoveredSite discover(const std::string& root, Diagnostics& diags, unsigned jobs) {
  DiscoveredSite site;
  fs::path r(root);
  std::vector<PendingPage> pending;
  walk(r, r / "content", "content/", true, pending, site, diags);
  walk(r, r / "static", "static/", false, pending, site, diags);
  std::sort(pending.begin(), pending.end(),
            [](const PendingPage& a, const PendingPage& b) { return a.rel < b.rel; });
  // Reading is most of discovery's cost on a large site: do it on every core.
  std::vector<std::optional<std::string>> texts(pending.size());
  parallel_for(pending.size(), jobs ? jobs : default_jobs(),
               [&](size_t i) { texts[i] = read_whole_file(pending[i].path); });
  site.pages.reserve(pending.size());
  for (size_t i = 0; i < pending.size(); ++i) {
    if (!texts[i]) {
      diags.error({pending[i].rel, 0, 0}, "cannot read file", "check the file's permissions");
      continue;
    }
    site.pages.push_back({std::move(pending[i].rel), std::move(*texts[i])});
  }
  std::sort(site.statics.begin(), site.statics.end(),
            [](const StaticFile& a, const StaticFile& b) { return a.output_path < b.output_path; });
  return site;
}

}  // namespace agora
