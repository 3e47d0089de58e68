#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "check/check.h"
#include "check/html_scan.h"
#include "core/parallel.h"
#include "core/text.h"

namespace agora {

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// The output file an internal URL names, or "" when the URL is not internal.
/// `from_dir` is the folder of the page holding the link (for relative URLs).
std::string target_file(std::string_view url, const std::string& base_path, const std::string& from_dir,
                        std::string& fragment) {
  size_t hash = url.find('#');
  fragment = hash == std::string_view::npos ? std::string() : percent_decode(url.substr(hash + 1));
  std::string_view path = url.substr(0, std::min(url.find_first_of("?#"), url.size()));
  std::string rel;
  if (path.empty()) return from_dir + "\x01self";  // same page
  if (path[0] == '/') {
    if (!starts_with(path, base_path)) return "\x01outside:" + std::string(path);
    rel = std::string(path.substr(base_path.size()));
  } else {
    rel = from_dir + std::string(path);
  }
  auto norm = normalize_relative_path(percent_decode(rel));
  if (!norm) return "\x01outside:" + std::string(path);
  std::string file = *norm;
  if (file.empty() || ends_with(path, "/")) file += file.empty() ? "index.html" : "/index.html";
  return file;
}

}  // namespace

void check_links(const std::vector<CheckedPage>& pages, const std::vector<std::string>& all_files,
                 const LinkCheckOptions& options, unsigned jobs, Diagnostics& diags) {
  std::unordered_map<std::string_view, size_t> page_index;
  for (size_t i = 0; i < pages.size(); ++i) page_index.emplace(pages[i].path, i);
  std::unordered_set<std::string_view> files(all_files.begin(), all_files.end());

  // Pass 1, per page in parallel: read its ids and URLs, resolve each URL once. What a page
  // keeps is small — its ids (sorted, for #anchor checks from other pages), the pages it links
  // to, and its problems in document order — so the checker never holds the URLs of the whole
  // site at once. A link into another page with a #fragment is a pending problem until pass 2
  // has every page's ids. Problems and targets are merged afterwards in page order, so the
  // output never depends on timing.
  struct Problem {
    std::string url, message;  ///< message "" while pending, and when pass 2 found the id
    size_t target = 0;         ///< pending: the page that must have an element with `fragment`
    std::string fragment;
  };
  std::vector<std::vector<std::string>> ids(pages.size());
  std::vector<std::vector<Problem>> problems(pages.size());
  std::vector<std::vector<uint32_t>> targets(pages.size());
  parallel_for(pages.size(), jobs, [&](size_t i) {
    const CheckedPage& page = pages[i];
    HtmlRefs refs = scan_html_refs(page.html);
    std::vector<std::string>& own = ids[i];
    own = std::move(refs.ids);
    std::sort(own.begin(), own.end());
    own.erase(std::unique(own.begin(), own.end()), own.end());
    std::string dir = page.path.substr(0, page.path.rfind('/') + 1);
    std::unordered_set<std::string_view> seen;
    for (const std::string& url : refs.urls) {
      if (url.empty() || has_url_scheme(url) || starts_with(url, "//")) continue;
      if (!seen.insert(url).second) continue;
      std::string fragment;
      std::string file = target_file(url, options.base_path, dir, fragment);
      Problem pr;
      if (starts_with(file, "\x01outside:")) {
        pr.message = "link " + url + " points outside the site (its base path is " + options.base_path + ")";
      } else {
        if (file == dir + "\x01self") file = page.path;
        if (!files.count(file) && files.count(file + "/index.html")) file += "/index.html";
        if (!files.count(file)) {
          pr.message = "broken link " + url + ": no page or file at that URL";
        } else if (auto it = page_index.find(file); it != page_index.end()) {
          size_t target = it->second;
          if (target != i) targets[i].push_back(static_cast<uint32_t>(target));
          if (!fragment.empty()) {
            if (target != i) {
              pr.target = target;
              pr.fragment = std::move(fragment);
            } else if (!std::binary_search(own.begin(), own.end(), fragment)) {
              pr.message = "broken link " + url + ": no element with id '" + fragment + "' on that page";
            }
          }
        }
      }
      if (!pr.message.empty() || !pr.fragment.empty()) {
        pr.url = url;
        problems[i].push_back(std::move(pr));
      }
    }
    std::sort(targets[i].begin(), targets[i].end());
    targets[i].erase(std::unique(targets[i].begin(), targets[i].end()), targets[i].end());
  });
  // Pass 2: #fragments into other pages, now that every page's ids are known.
  parallel_for(pages.size(), jobs, [&](size_t i) {
    for (Problem& pr : problems[i]) {
      if (pr.fragment.empty()) continue;
      const std::vector<std::string>& there = ids[pr.target];
      if (!std::binary_search(there.begin(), there.end(), pr.fragment))
        pr.message = "broken link " + pr.url + ": no element with id '" + pr.fragment + "' on that page";
    }
  });

  std::vector<bool> linked(pages.size(), false);
  std::set<std::string> reported;  // "file:line:col:message", once each
  auto report = [&](const SourceLoc& at, const std::string& message, const std::string& hint,
                    std::string_view source) {
    std::string key = at.file + ':' + std::to_string(at.line) + ':' + std::to_string(at.col) + ':' + message;
    if (reported.insert(std::move(key)).second) diags.error(at, message, hint, source);
  };
  for (size_t i = 0; i < pages.size(); ++i) {
    for (size_t t : targets[i]) linked[t] = true;
    const CheckedPage& page = pages[i];
    for (const Problem& pr : problems[i]) {
      if (pr.message.empty()) continue;  // a #fragment pass 2 found
      // The Markdown wrote the URL unescaped; the HTML holds it percent-encoded.
      std::string want = percent_decode(pr.url);
      bool found = false;
      for (const auto& [url, at] : page.source_links) {
        if (url != pr.url && percent_decode(url) != want) continue;
        report(at, pr.message, {}, page.source_text);
        found = true;
      }
      if (!found)
        report({page.path, 0, 0}, pr.message,
               page.source_path.empty() ? "the link comes from a template"
                                        : "the link comes from the template of " + page.source_path,
               {});
    }
  }
  if (options.orphans) {
    // A source is an orphan when none of its output pages (a list and its pagination share
    // one) is linked from another page.
    std::unordered_set<std::string_view> reached;
    for (size_t i = 0; i < pages.size(); ++i)
      if (linked[i] || pages[i].path == "index.html") reached.insert(pages[i].source_path);
    std::set<std::string_view> warned;
    for (const CheckedPage& p : pages) {
      if (p.source_path.empty() || p.path == "404.html" || reached.count(p.source_path)) continue;
      if (!warned.insert(p.source_path).second) continue;
      diags.warning({p.source_path, 1, 1}, "no other page links to this page",
                    "link to it from a related page or a section index, or it is only found by search",
                    p.source_text);
    }
  }
}

}  // namespace agora
