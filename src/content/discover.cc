#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "content/content.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace agora {

static bool hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

static void walk(const fs::path& root, const fs::path& dir, const std::string& prefix,
                 bool markdown_pages, DiscoveredSite& out, Diagnostics& diags) {
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
    std::string rel = prefix + fs::relative(p, dir, ec).generic_string();
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
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (!in && !in.eof()) {
        diags.error({rel, 0, 0}, "cannot read file");
        continue;
      }
      out.pages.push_back({rel, ss.str()});
    } else {
      std::string out_rel = markdown_pages ? rel.substr(std::string("content/").size())
                                           : rel.substr(std::string("static/").size());
      out.statics.push_back({p.string(), out_rel});
    }
  }
}

DiscoveredSite discover(const std::string& root, Diagnostics& diags) {
  DiscoveredSite site;
  fs::path r(root);
  walk(r, r / "content", "content/", true, site, diags);
  walk(r, r / "static", "static/", false, site, diags);
  std::sort(site.pages.begin(), site.pages.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  std::sort(site.statics.begin(), site.statics.end(),
            [](const StaticFile& a, const StaticFile& b) { return a.output_path < b.output_path; });
  return site;
}

}  // namespace agora
