#include <algorithm>

#include "content/content.h"
#include "core/text.h"
#include "yaml/yaml.h"

namespace agora {

std::vector<std::string> front_matter_keys(PageKind kind) {
  std::vector<std::string> keys = {"title",   "description", "date",  "updated",
                                   "weight",  "slug",        "tags",  "authors",
                                   "draft",   "aliases",     "layout"};
  auto add = [&](std::initializer_list<const char*> more) {
    for (const char* k : more) keys.emplace_back(k);
  };
  switch (kind) {
    case PageKind::Tutorial: add({"difficulty", "duration", "prerequisites"}); break;
    case PageKind::CaseStudy: add({"organization", "challenge", "solution", "results", "quote"}); break;
    case PageKind::Event: add({"end", "location", "online", "registration"}); break;
    default: break;
  }
  return keys;
}

namespace {

/// Finds the front matter block. Returns false (with a diagnostic) when it is missing or open.
bool split_front_matter(const std::string& path, std::string_view text, std::string_view& yaml,
                        size_t& body_offset, int& body_line, Diagnostics& diags) {
  FrontMatterBlock fm = find_front_matter(text);
  if (!fm.opened) {
    diags.error({path, 1, 1}, "missing front matter",
                "start the file with a YAML block between two '---' lines, with at least a title:\n"
                "        ---\n        title: My page\n        ---",
                text);
    return false;
  }
  if (fm.closed) {
    yaml = fm.yaml;
    body_offset = fm.body_offset;
    body_line = fm.body_line;
    return true;
  }
  diags.error({path, 1, 1}, "front matter is not closed",
              "add a line with '---' after the last front matter key", text);
  return false;
}

/// URL segments of a content file: "docs/guide/install.md" -> {"docs", "guide", "install"};
/// the last is empty for _index.md / index.md.
std::vector<std::string> url_segments(const std::string& rel_path, bool& is_index) {
  std::vector<std::string> parts;
  for (auto p : split(rel_path, '/')) parts.emplace_back(p);
  std::string& last = parts.back();
  last = last.substr(0, last.size() - 3);  // drop ".md"
  is_index = last == "_index" || last == "index";
  if (is_index) last.clear();
  return parts;
}

void read_quote(FieldReader& r, const YamlNode& n, FrontMatter& fm) {
  if (!n.is_mapping()) {
    r.error_at(n, "'quote' must be a mapping with 'text', 'author' and 'role'");
    return;
  }
  FieldReader q(n, r.source(), r.diags(), {"text", "author", "role"}, "quote key");
  q.require("text");
  Quote quote;
  quote.text = q.string("text").value_or("");
  quote.author = q.string("author").value_or("");
  quote.role = q.string("role").value_or("");
  q.finish();
  fm.quote = std::move(quote);
}

}  // namespace

std::optional<Page> parse_page(SourceFile file, const SiteConfig& config, Diagnostics& diags) {
  size_t before = diags.error_count();
  Page page;
  page.source_path = std::move(file.path);
  page.source = std::move(file.text);
  const std::string& path = page.source_path;
  std::string_view text = page.source;

  if (auto bad = find_invalid_utf8(text)) {
    LineCol lc = line_col_at(text, *bad);
    diags.error({path, lc.line, lc.col}, "invalid UTF-8 (byte offset " + std::to_string(*bad) + ")",
                "save the file as UTF-8", {});
    return std::nullopt;
  }
  if (static_cast<int64_t>(text.size()) > config.markdown.max_file_bytes) {
    diags.error({path, 1, 1},
                "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                    std::to_string(config.markdown.max_file_bytes),
                "split the page into several smaller pages");
    return std::nullopt;
  }

  page.rel_path = path.substr(std::string("content/").size());
  auto segs = url_segments(page.rel_path, page.is_index);
  // Section: the first folder when it is declared in site-config.yaml.
  if (segs.size() > 1) {
    page.section = segs[0];
    if (const SectionConfig* s = config.section(segs[0])) page.kind = s->kind;
  }

  std::string_view yaml;
  if (!split_front_matter(path, text, yaml, page.body_offset, page.body_line, diags))
    return std::nullopt;

  YamlSource src{path, text, 1, yaml};
  auto root = parse_yaml(src, diags);
  if (!root) return std::nullopt;
  if (!root->is_mapping()) {
    diags.error({path, 2, 1}, "front matter must be a mapping of keys to values",
                "write it as 'key: value' lines, e.g. 'title: My page'", text);
    return std::nullopt;
  }

  FrontMatter& fm = page.meta;
  FieldReader r(*root, src, diags, front_matter_keys(page.kind), "front matter key");
  for (const auto& [k, v] : root->entries) fm.key_locs[k.scalar] = {path, k.line, k.col};
  r.require("title");
  fm.title = r.string("title").value_or("");
  if (r.has("title") && trim(fm.title).empty()) r.error_at(*root->get("title"), "'title' is empty");
  fm.description = r.string("description").value_or("");
  fm.date = r.date("date");
  fm.updated = r.date("updated");
  fm.weight = r.integer("weight");
  fm.draft = r.boolean("draft").value_or(false);
  fm.layout = r.string("layout").value_or("");
  if (!fm.layout.empty() && slugify(fm.layout) != fm.layout && fm.layout.find('_') == std::string::npos)
    r.error_at(*root->get("layout"), "'layout' must be a template name like 'page'");
  fm.tags = r.string_list("tags").value_or(std::vector<std::string>{});
  for (const auto& t : fm.tags)
    if (slugify(t).empty()) r.error_at(*root->get("tags"), "tag '" + t + "' has no letters or digits");
  fm.authors = r.string_list("authors").value_or(std::vector<std::string>{});
  if (!config.authors.empty()) {
    std::vector<std::string> ids;
    for (const auto& a : config.authors) ids.push_back(a.id);
    for (const auto& a : fm.authors)
      if (!config.author(a)) {
        std::string hint = did_you_mean(a, ids);
        if (hint.empty()) hint = "declare it under 'authors:' in site-config.yaml";
        r.error_at(*root->get("authors"), "unknown author '" + a + "'", hint);
      }
  }
  if (auto slug = r.string("slug")) {
    const YamlNode& n = *root->get("slug");
    if (slug->find('/') != std::string::npos || slug->find("..") != std::string::npos ||
        slug->find('\\') != std::string::npos)
      r.error_at(n, "slug '" + *slug + "' would write outside its folder",
                 "a slug is a single URL segment, like 'getting-started'");
    else if (slug->empty() || slugify(*slug) != *slug)
      r.error_at(n, "slug '" + *slug + "' is not a valid URL segment",
                 slugify(*slug).empty() ? std::string("use lowercase letters, digits and '-'")
                                        : "did you mean '" + slugify(*slug) + "'?");
    else if (page.is_index)
      r.error_at(n, "'slug' cannot be used in an index page",
                 "an _index.md page takes its URL from its folder; rename the folder instead");
    else
      fm.slug = *slug;
  }
  if (auto aliases = r.string_list("aliases")) {
    for (const auto& a : *aliases) {
      auto norm = normalize_relative_path(std::string_view(a).substr(a.empty() || a[0] != '/' ? 0 : 1));
      if (a.empty() || a[0] != '/' || !norm || norm->empty() || has_url_scheme(a) ||
          a.find_first_of("?#\"'<> ") != std::string::npos)
        r.error_at(*root->get("aliases"), "alias '" + a + "' is not a site path",
                   "aliases are old paths of this page on this site, like '/docs/old-name/'");
      else
        fm.aliases.push_back("/" + *norm + "/");
    }
  }
  switch (page.kind) {
    case PageKind::Tutorial: {
      fm.difficulty = r.string("difficulty").value_or("");
      static const std::vector<std::string> levels = {"beginner", "intermediate", "advanced"};
      if (!fm.difficulty.empty() &&
          std::find(levels.begin(), levels.end(), fm.difficulty) == levels.end()) {
        std::string hint = did_you_mean(fm.difficulty, levels);
        r.error_at(*root->get("difficulty"), "unknown difficulty '" + fm.difficulty + "'",
                   hint.empty() ? "use beginner, intermediate or advanced" : hint);
      }
      fm.duration = r.string("duration").value_or("");
      fm.prerequisites = r.string_list("prerequisites").value_or(std::vector<std::string>{});
      break;
    }
    case PageKind::CaseStudy:
      fm.organization = r.string("organization").value_or("");
      fm.challenge = r.string("challenge").value_or("");
      fm.solution = r.string("solution").value_or("");
      fm.results = r.string("results").value_or("");
      if (auto q = r.node("quote")) read_quote(r, *q, fm);
      break;
    case PageKind::Event:
      fm.event_end = r.date("end");
      fm.location = r.string("location").value_or("");
      fm.online = r.boolean("online").value_or(false);
      fm.registration = r.url("registration", true).value_or("");
      if (!page.is_index && !fm.date)
        diags.error({path, root->line, root->col}, "an event needs a 'date' (its start)",
                    "add 'date: 2026-05-01' (and 'end:' for several days)", text);
      if (fm.date && fm.event_end && *fm.event_end < *fm.date)
        r.error_at(*root->get("end"), "event ends before it starts");
      break;
    case PageKind::Post:
      if (!page.is_index && !fm.date && !r.has("date"))
        diags.error({path, root->line, root->col}, "a blog post needs a 'date'",
                    "add 'date: YYYY-MM-DD' to the front matter", text);
      break;
    default: break;
  }
  r.finish();

  // URL and output path.
  if (!fm.slug.empty()) segs.back() = fm.slug;
  std::string url = "/";
  for (const auto& s : segs) {
    if (s.empty()) continue;
    url += s;
    url += '/';
  }
  page.url = url;
  page.output_path = url.substr(1) + "index.html";

  if (diags.error_count() > before) return std::nullopt;
  return page;
}

bool excluded_from_build(const Page& page, const ParseOptions& opts) {
  if (opts.drafts) return false;
  if (page.meta.draft) return true;
  if (page.kind == PageKind::Post && opts.now && page.meta.date && *opts.now < *page.meta.date)
    return true;
  return false;
}

}  // namespace agora
