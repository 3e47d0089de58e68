#include "scaffold/scaffold.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>

#include "catalogue/catalogue.h"
#include "content/content.h"
#include "core/files.h"
#include "core/text.h"

namespace agora {

namespace fs = std::filesystem;

namespace {

/// Where problems with the command line itself are reported.
const SourceLoc kArgs{"agora new", 0, 0};

struct KindInfo {
  ScaffoldKind kind;
  const char* name;      ///< canonical, as typed after `agora new`
  const char* synonym;   ///< the section kind's name, also accepted
  PageKind page_kind;    ///< unused for plugins
};

constexpr KindInfo kKinds[] = {
    {ScaffoldKind::Doc, "doc", "docs", PageKind::Doc},
    {ScaffoldKind::Post, "post", "blog", PageKind::Post},
    {ScaffoldKind::Tutorial, "tutorial", "tutorials", PageKind::Tutorial},
    {ScaffoldKind::CaseStudy, "case-study", "case-studies", PageKind::CaseStudy},
    {ScaffoldKind::Event, "event", "events", PageKind::Event},
    {ScaffoldKind::Page, "page", "pages", PageKind::Page},
    {ScaffoldKind::Plugin, "plugin", "listing", PageKind::Page},
};

const KindInfo& info(ScaffoldKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i;
  return kKinds[0];
}

// The built-in templates. Every line of a template becomes exactly one line of the new file
// (placeholders never expand to several lines), so a diagnostic about the result points at
// the same line of a site's own archetype.

constexpr std::string_view kDoc = R"(---
title: {{title}}
description: ""  # one sentence: shown in search results, link previews and the section list
weight: 100      # order in the sidebar: lower comes first, then by title
---

Say in a sentence or two what the reader can do after reading this page.

## First step

Link to other pages by their Markdown file, like `[Install](install.md)`: agora turns the path
into the page's URL and fails the build if the file does not exist.
)";

constexpr std::string_view kPost = R"(---
title: {{title}}
description: ""  # one sentence for the blog list, feeds and link previews
date: {{date}}
authors: []      # ids declared under authors: in site-config.yaml ({{author_ids}})
tags: []
draft: true      # drafts are built only with --drafts; delete this line to publish
---

The first paragraph is what readers see in the blog list and in feed readers: make it count.
)";

constexpr std::string_view kTutorial = R"(---
title: {{title}}
description: ""  # one sentence: what the reader builds or learns
difficulty: beginner  # beginner, intermediate or advanced
duration: 15 minutes
prerequisites: []     # what the reader needs first, one sentence each
weight: 100
---

Say what the reader will have at the end, then walk there one step at a time.

## Step 1
)";

constexpr std::string_view kCaseStudy = R"(---
title: {{title}}
description: ""   # one sentence for the case-study list and link previews
organization: ""  # who this is about
challenge: ""     # the problem they had, in a sentence or two
solution: ""      # what they did about it
results: ""       # what changed, with figures only if they are real and sourced
# quote: { text: "", author: "", role: "" }  # only with the person's permission
weight: 100
---

Tell the story: the situation, what was tried, what worked and what the reader can take away.
)";

constexpr std::string_view kEvent = R"(---
title: {{title}}
description: ""   # one sentence: what happens and who it is for
date: {{date}}    # the start; add a time like {{date}}T18:00:00+01:00 if it has one
# end: {{date}}   # for an event of several days
location: ""      # a city and venue, or leave empty for an online-only event
online: false
# registration: https://example.org/register
---

What the event is, the programme, and how to take part.
)";

constexpr std::string_view kPage = R"(---
title: {{title}}
description: ""  # one sentence for search results and link previews
---

Write the page here.
)";

constexpr std::string_view kPlugin = R"(# A plugin catalogue listing. Every key is described in the plugin listing reference of the
# docs (docs/reference/plugin-listings.md); `agora check` validates this file.
name: {{title}}
summary: "Replace with one sentence: what the plugin does for its users."
description: |
  A longer description in Markdown, shown on the plugin's own page.
category: {{category}}  # one of: {{categories}}
tags: []
authors:
  - name: Your name
    # github: your-handle
repository: https://github.com/OWNER/REPOSITORY
license: MIT  # an SPDX identifier or expression, like Apache-2.0 OR MIT
# homepage: https://example.org/
# documentation: https://example.org/docs/
install:
  package: {{slug}}
added: {{date}}
versions:
  - version: 0.1.0
    released: {{date}}
    compatible: "{{compatible}}"  # the host versions it works with, like ^2.3 or >=1.4 <3
    # download: https://example.org/{{slug}}-0.1.0.tar.gz
    # sha256: 64 hexadecimal digits of the download's SHA-256
)";

/// A YAML double-quoted scalar: always valid, whatever the title holds.
std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

/// Replaces {{name}} placeholders; an unknown one is an error at its position in the template.
std::optional<std::string> fill(std::string_view tmpl, const std::map<std::string, std::string>& vars,
                                const std::string& file, Diagnostics& diags) {
  std::string out;
  bool ok = true;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    size_t close = tmpl.find("}}", open + 2);
    out.append(tmpl.substr(pos, open - pos));
    LineCol at = line_col_at(tmpl, open);
    if (close == std::string_view::npos || tmpl.substr(open, close - open).find('\n') != std::string_view::npos) {
      diags.error({file, at.line, at.col}, "'{{' is not closed on its line",
                  "write placeholders as {{title}}, {{date}}, ...", tmpl);
      return std::nullopt;
    }
    std::string name(trim(tmpl.substr(open + 2, close - open - 2)));
    auto it = vars.find(name);
    if (it == vars.end()) {
      std::vector<std::string> names;
      for (const auto& [k, v] : vars) names.push_back(k);
      std::string hint = did_you_mean(name, names);
      diags.error({file, at.line, at.col}, "unknown placeholder '{{" + name + "}}'",
                  hint.empty() ? "the placeholders are " + join(names, ", ") : hint, tmpl);
      ok = false;
    } else {
      out += it->second;
    }
    pos = close + 2;
  }
  if (pos < tmpl.size()) out.append(tmpl.substr(pos));
  if (!ok) return std::nullopt;
  return out;
}

/// The folder under content/ a page of `kind` goes to, checked against the site's sections.
std::optional<std::string> content_folder(const ScaffoldRequest& req, const SiteConfig& config,
                                          Diagnostics& diags) {
  const KindInfo& k = info(req.kind);
  const std::string kind_name = page_kind_name(k.page_kind);
  const SourceLoc where{"site-config.yaml", 0, 0};
  std::vector<std::string> candidates;
  for (const auto& s : config.sections)
    if (s.kind == k.page_kind) candidates.push_back(s.path);

  if (!req.section.empty()) {
    auto norm = normalize_relative_path(req.section);
    if (!norm || norm->empty() || has_url_scheme(req.section)) {
      diags.error(kArgs, "'" + req.section + "' is not a folder under content/",
                  "give a path like 'docs' or 'docs/guides'");
      return std::nullopt;
    }
    std::string first = norm->substr(0, norm->find('/'));
    const SectionConfig* s = config.section(first);
    if (req.kind == ScaffoldKind::Page) {
      if (s && s->kind != PageKind::Page) {
        diags.error(kArgs,
                    "'" + first + "' holds " + page_kind_name(s->kind) + " pages, not plain pages",
                    std::string("use `agora new ") + info(ScaffoldKind::Doc).name +
                        "` and friends for a section's own kind, or another folder");
        return std::nullopt;
      }
      return *norm;
    }
    if (!s || s->kind != k.page_kind) {
      std::string hint = candidates.empty()
                             ? "declare a section of kind '" + kind_name + "' under sections: in site-config.yaml"
                             : "sections of kind '" + kind_name + "': " + join(candidates, ", ");
      diags.error(kArgs, "'" + first + "' is not a section of kind '" + kind_name + "'",
                  hint);
      return std::nullopt;
    }
    return *norm;
  }
  if (req.kind == ScaffoldKind::Page) return std::string();
  if (candidates.empty()) {
    diags.error(where, "the site has no section of kind '" + kind_name + "'",
                "add one under sections:, like `- { path: " + kind_name + ", kind: " + kind_name +
                    ", title: ... }`");
    return std::nullopt;
  }
  if (candidates.size() > 1) {
    diags.error(kArgs, "several sections hold " + kind_name + " pages: " + join(candidates, ", "),
                "choose one with --section " + candidates.front());
    return std::nullopt;
  }
  return candidates.front();
}

/// A problem found in the result of a site's own archetype is reported at the archetype's line.
void relocate(Diagnostics& from, const std::string& produced, const std::string& archetype_file,
              std::string_view archetype, Diagnostics& to) {
  for (Diagnostic d : from.items()) {
    if (d.loc.file == produced && !archetype_file.empty()) {
      d.loc.file = archetype_file;
      d.source_line = std::string(line_of(archetype, d.loc.line));
      d.hint = d.hint.empty() ? "in the file this archetype makes, " + produced
                              : d.hint + " (in the file this archetype makes, " + produced + ")";
    }
    to.add(std::move(d));
  }
}

/// ASCII for the Latin letters a title is likely to hold (é → e, ß → ss, Ø → O); other
/// characters become word breaks. File names and plugin ids stay plain ASCII this way, as
/// Zola's and Docusaurus's slugs do; a title with no Latin letters needs --slug.
std::string ascii_fold(std::string_view s) {
  // U+00C0..U+017F, in order; "" drops the character (a word break).
  static const char* const kLatin[] = {
      "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",     // C0
      "D", "N", "O", "O", "O", "O", "O", "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",   // D0
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",     // E0
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",    // F0
      "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",     // 100
      "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",     // 110
      "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",     // 120
      "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",   // 130
      "l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",     // 140
      "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",   // 150
      "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",     // 160
      "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s"};    // 170
  std::string out;
  for (size_t i = 0; i < s.size();) {
    char32_t cp = decode_utf8(s, i);
    if (cp < 0x80)
      out += static_cast<char>(cp);
    else
      out += cp >= 0xC0 && cp <= 0x17F ? kLatin[cp - 0xC0] : " ";
  }
  return out;
}

/// The file name for a title: folded to ASCII, slugified, at most 64 characters (cut at a
/// word break), which also keeps it a valid plugin id.
std::string slug_for(std::string_view title) {
  std::string slug = ascii_slug(ascii_fold(title));
  if (slug.size() > 64) {
    size_t cut = slug.rfind('-', 64);
    slug.resize(cut == std::string::npos || cut < 16 ? 64 : cut);
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

bool valid_title(const std::string& title, Diagnostics& diags) {
  std::string_view t = trim(title);
  if (t.empty()) {
    diags.error(kArgs, "the title is empty", "give one in quotes: agora new post \"Release 1.2\"");
    return false;
  }
  if (find_invalid_utf8(title)) {
    diags.error(kArgs, "the title is not valid UTF-8");
    return false;
  }
  for (unsigned char c : title)
    if (c < 0x20 || c == 0x7f) {
      diags.error(kArgs, "the title contains a control character or line break",
                  "a title is one line of text");
      return false;
    }
  return true;
}

}  // namespace

std::optional<ScaffoldKind> scaffold_kind_from_name(std::string_view name) {
  for (const auto& k : kKinds)
    if (name == k.name || name == k.synonym) return k.kind;
  return std::nullopt;
}

const std::vector<std::string>& scaffold_kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& k : kKinds) v.emplace_back(k.name);
    return v;
  }();
  return names;
}

const char* scaffold_kind_name(ScaffoldKind kind) { return info(kind).name; }

std::string_view builtin_archetype(ScaffoldKind kind) {
  switch (kind) {
    case ScaffoldKind::Doc: return kDoc;
    case ScaffoldKind::Post: return kPost;
    case ScaffoldKind::Tutorial: return kTutorial;
    case ScaffoldKind::CaseStudy: return kCaseStudy;
    case ScaffoldKind::Event: return kEvent;
    case ScaffoldKind::Page: return kPage;
    case ScaffoldKind::Plugin: return kPlugin;
  }
  return kPage;
}

std::string archetype_path(ScaffoldKind kind) {
  return std::string("archetypes/") + info(kind).name + (kind == ScaffoldKind::Plugin ? ".yaml" : ".md");
}

std::optional<Scaffold> make_scaffold(const ScaffoldRequest& req, const SiteConfig& config,
                                      std::string_view archetype, const std::string& archetype_file,
                                      Diagnostics& diags) {
  if (!valid_title(req.title, diags)) return std::nullopt;
  std::string title(trim(req.title));
  std::string slug = req.slug.empty() ? slug_for(title) : req.slug;
  if (slug.empty()) {
    diags.error(kArgs, "cannot make a file name from the title '" + title + "'",
                "give one with --slug, like --slug release-notes");
    return std::nullopt;
  }
  if (slug_for(slug) != slug) {
    diags.error(kArgs, "'" + slug + "' is not a slug",
                "a slug is one URL segment of lowercase letters, digits and hyphens, like '" +
                    (slug_for(slug).empty() ? std::string("release-notes") : slug_for(slug)) + "'");
    return std::nullopt;
  }

  std::map<std::string, std::string> vars = {
      {"title", yaml_quoted(title)}, {"title_text", title}, {"slug", slug}, {"date", req.date.ymd()}};
  Scaffold out;
  std::optional<CatalogueConfig> catalogue;
  if (req.kind == ScaffoldKind::Plugin) {
    if (!config.catalogue) {
      diags.error({"site-config.yaml", 0, 0}, "the site has no plugin catalogue",
                  "add a `catalogue:` block with its categories to site-config.yaml first");
      return std::nullopt;
    }
    YamlSource src{config.source_file, config.source_text, 0};
    catalogue = parse_catalogue_config(*config.catalogue, src, diags);
    if (!catalogue) return std::nullopt;
    vars["category"] = catalogue->categories.front().id;
    vars["categories"] = join(catalogue->category_ids(), ", ");
    vars["compatible"] = catalogue->host_versions.empty()
                             ? "*"
                             : "^" + catalogue->host_versions.back().name;
    out.path = "plugins-index/" + slug + ".yaml";
  } else {
    auto folder = content_folder(req, config, diags);
    if (!folder) return std::nullopt;
    vars["section"] = *folder;
    std::vector<std::string> ids;
    for (const auto& a : config.authors) ids.push_back(a.id);
    vars["author_ids"] = ids.empty() ? "none declared yet" : join(ids, ", ");
    out.path = "content/" + (folder->empty() ? "" : *folder + "/") + slug + ".md";
  }

  std::string_view tmpl = archetype_file.empty() ? builtin_archetype(req.kind) : archetype;
  const std::string& tmpl_name = archetype_file.empty() ? std::string("(built-in template)") : archetype_file;
  auto text = fill(tmpl, vars, tmpl_name, diags);
  if (!text) return std::nullopt;
  out.text = std::move(*text);

  // Parse the result exactly as the build will.
  Diagnostics found;
  bool ok = false;
  if (catalogue) {
    auto listing = parse_listing(out.path, out.text, *catalogue,
                                 [](std::string_view) { return false; }, found);
    ok = listing.has_value();
  } else {
    auto page = parse_page(SourceFile{out.path, out.text}, config, found);
    ok = page.has_value();
  }
  relocate(found, out.path, archetype_file, archetype, diags);
  if (!ok || found.has_errors()) return std::nullopt;
  return out;
}

std::optional<std::string> create_scaffold(const std::string& source_dir, const ScaffoldRequest& req,
                                           Diagnostics& diags) {
  fs::path root(source_dir);
  auto read = [](const fs::path& p) { return read_whole_file(p.string()); };
  auto config_text = read(root / "site-config.yaml");
  if (!config_text) {
    diags.error({(root / "site-config.yaml").string(), 0, 0}, "no site-config.yaml here",
                "run agora new in the site's folder, or give it with --source DIR");
    return std::nullopt;
  }
  auto config = parse_site_config(*config_text, "site-config.yaml", diags);
  if (!config) return std::nullopt;

  std::string archetype_file = archetype_path(req.kind), archetype;
  if (auto a = read(root / archetype_file))
    archetype = std::move(*a);
  else
    archetype_file.clear();

  auto made = make_scaffold(req, *config, archetype, archetype_file, diags);
  if (!made) return std::nullopt;

  // Refuse to replace a file, or to add one beside another that makes the same page/listing.
  fs::path target = root / made->path;
  std::vector<fs::path> clashes = {target};
  if (req.kind == ScaffoldKind::Plugin)
    clashes.push_back(fs::path(target).replace_extension(".yml"));
  else
    clashes.push_back(fs::path(target).replace_extension("") / "_index.md");
  for (const auto& c : clashes) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(c, ec))) {
      std::string rel = fs::relative(c, root, ec).generic_string();
      diags.error({rel.empty() ? c.string() : rel, 0, 0}, "already exists; agora new never replaces a file",
                  "choose another title, or a file name with --slug");
      return std::nullopt;
    }
  }
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  // O_EXCL: even a file created between the check above and now is not replaced.
  int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    diags.error({made->path, 0, 0},
                errno == EEXIST ? std::string("already exists; agora new never replaces a file")
                                : std::string("cannot create the file: ") + std::strerror(errno));
    return std::nullopt;
  }
  size_t done = 0;
  while (done < made->text.size()) {
    ssize_t n = ::write(fd, made->text.data() + done, made->text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      diags.error({made->path, 0, 0}, std::string("cannot write the file: ") + std::strerror(errno));
      ::close(fd);
      ::unlink(target.c_str());
      return std::nullopt;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    diags.error({made->path, 0, 0}, std::string("cannot write the file: ") + std::strerror(errno));
    ::unlink(target.c_str());
    return std::nullopt;
  }
  return made->path;
}

}  // namespace agora
