#include <algorithm>
#include <set>

#include "core/text.h"
#include "site/site.h"

namespace agora {

namespace {

bool by_date_desc(const Page* a, const Page* b) {
  const auto& da = a->meta.date;
  const auto& db = b->meta.date;
  if (da && db && !(*da == *db)) return *db < *da;
  if (da.has_value() != db.has_value()) return da.has_value();
  if (a->meta.title != b->meta.title) return a->meta.title < b->meta.title;
  return a->source_path < b->source_path;
}

bool by_weight_title(const Page* a, const Page* b) {
  int64_t wa = a->meta.weight.value_or(0), wb = b->meta.weight.value_or(0);
  if (wa != wb) return wa < wb;
  if (a->meta.title != b->meta.title) return a->meta.title < b->meta.title;
  return a->source_path < b->source_path;
}

std::string folder_title(std::string_view name) {
  std::string t(name);
  for (char& c : t)
    if (c == '-' || c == '_') c = ' ';
  if (!t.empty() && t[0] >= 'a' && t[0] <= 'z') t[0] = static_cast<char>(t[0] - 'a' + 'A');
  return t;
}

void sort_nav(NavNode& n) {
  std::sort(n.children.begin(), n.children.end(), [](const NavNode& a, const NavNode& b) {
    if (a.weight != b.weight) return a.weight < b.weight;
    if (a.title != b.title) return a.title < b.title;
    return a.url < b.url;
  });
  for (auto& c : n.children) sort_nav(c);
}

void flatten(const NavNode& n, std::vector<const Page*>& out) {
  if (n.page) out.push_back(n.page);
  for (const auto& c : n.children) flatten(c, out);
}

NavNode build_docs_nav(const std::string& section, const std::vector<Page>& pages,
                       const SiteConfig& config) {
  NavNode root;
  const SectionConfig* sc = config.section(section);
  root.title = sc ? sc->title : section;
  root.url = "/" + section + "/";
  for (const Page& p : pages) {
    if (p.section != section) continue;
    auto segs = split(p.rel_path, '/');
    // segs[0] is the section; the last is the file name.
    if (p.is_index && segs.size() == 2) {
      root.page = &p;
      root.title = p.meta.title;
      continue;
    }
    NavNode* node = &root;
    std::string url = "/" + section + "/";
    size_t folders = segs.size() - 1;  // section folder + nested folders
    for (size_t i = 1; i < folders; ++i) {
      url += std::string(segs[i]) + "/";
      auto it = std::find_if(node->children.begin(), node->children.end(),
                             [&](const NavNode& c) { return c.url == url || (c.url.empty() && c.title == folder_title(segs[i])); });
      if (it == node->children.end()) {
        NavNode folder;
        folder.title = folder_title(segs[i]);
        folder.url = url;
        node->children.push_back(std::move(folder));
        it = node->children.end() - 1;
      }
      node = &*it;
    }
    if (p.is_index) {
      node->page = &p;
      node->title = p.meta.title;
      node->url = p.url;
      node->weight = p.meta.weight.value_or(0);
    } else {
      NavNode leaf;
      leaf.title = p.meta.title;
      leaf.url = p.url;
      leaf.page = &p;
      leaf.weight = p.meta.weight.value_or(0);
      node->children.push_back(std::move(leaf));
    }
  }
  sort_nav(root);
  return root;
}

void add_lists(SiteModel& site, const std::string& section, const std::string& base_url,
               std::string title, std::string description, const Page* index_page,
               const std::vector<const Page*>& items, int64_t per_page, const std::string& tmpl) {
  size_t count = std::max<size_t>(1, (items.size() + per_page - 1) / per_page);
  for (size_t i = 0; i < count; ++i) {
    ListPage l;
    l.url = i == 0 ? base_url : base_url + "page/" + std::to_string(i + 1) + "/";
    l.output_path = l.url.substr(1) + "index.html";
    l.title = title;
    l.description = description;
    l.template_name = tmpl;
    l.section = section;
    l.index_page = index_page;
    l.page_number = static_cast<int>(i + 1);
    l.page_count = static_cast<int>(count);
    l.first_url = base_url;
    size_t begin = i * per_page, end = std::min(items.size(), begin + per_page);
    l.items.assign(items.begin() + begin, items.begin() + end);
    site.lists.push_back(std::move(l));
  }
}

}  // namespace

SiteModel assemble(std::vector<Page> pages, const SiteConfig& config, Diagnostics& diags) {
  SiteModel site;
  site.config = &config;
  std::sort(pages.begin(), pages.end(),
            [](const Page& a, const Page& b) { return a.source_path < b.source_path; });
  site.pages = std::move(pages);

  // Pages of list sections (blog, tutorials, ...) are shown through list pages.
  auto is_list_index = [&](const Page& p) {
    const SectionConfig* s = config.section(p.section);
    return p.is_index && s && s->kind != PageKind::Doc && split(p.rel_path, '/').size() == 2;
  };

  std::map<std::string, const Page*> by_url;
  auto claim = [&](const std::string& url, const Page& p) {
    auto [it, fresh] = by_url.emplace(url, &p);
    if (!fresh) {
      auto loc_it = p.meta.key_locs.find("slug");
      SourceLoc loc = loc_it != p.meta.key_locs.end() ? loc_it->second : SourceLoc{p.source_path, 1, 1};
      diags.error(loc, "two pages would write " + url + ": " + it->second->source_path + " and " +
                           p.source_path,
                  "rename one of the files or give one of them a different 'slug'", p.source);
    }
  };

  for (const Page& p : site.pages) {
    if (p.rel_path == "_index.md" || p.rel_path == "index.md") site.home = &p;
    if (!p.section.empty() && !config.section(p.section) && p.is_index &&
        split(p.rel_path, '/').size() == 2) {
      // An _index.md in an undeclared folder is fine: it is a plain page.
    }
    claim(p.url, p);
    if (!p.section.empty() && config.section(p.section) && !p.is_index)
      site.section_pages[p.section].push_back(&p);
  }

  // Sections.
  for (const SectionConfig& sc : config.sections) {
    auto& list = site.section_pages[sc.path];
    if (sc.kind == PageKind::Doc) {
      site.docs_nav[sc.path] = build_docs_nav(sc.path, site.pages, config);
      std::vector<const Page*> order;
      flatten(site.docs_nav[sc.path], order);
      for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0) site.prev[order[i]] = order[i - 1];
        if (i + 1 < order.size()) site.next[order[i]] = order[i + 1];
      }
      std::sort(list.begin(), list.end(), by_weight_title);
      // A docs section without its own _index.md still gets a page at its URL: a list of
      // the sidebar's first level, so breadcrumbs and the sidebar title never link nowhere.
      // A folder without its own _index.md (the section's too) still gets a page at its URL,
      // a generated index of its first level, so breadcrumbs and the sidebar never link
      // nowhere and a collapsed folder can be opened. Not when a page already owns that URL
      // (docs/setup.md next to docs/setup/): then the folder is not a link.
      std::vector<NavNode*> folders = {&site.docs_nav[sc.path]};
      while (!folders.empty()) {
        NavNode* n = folders.back();
        folders.pop_back();
        for (NavNode& c : n->children) folders.push_back(&c);
        if (n->page || n->children.empty()) continue;
        if (by_url.count(n->url)) {
          n->url.clear();
          continue;
        }
        std::vector<const Page*> items;
        for (const NavNode& c : n->children) {
          if (c.page) {
            items.push_back(c.page);
          }
        }
        add_lists(site, sc.path, n->url, n->title, {}, nullptr, items,
                  std::max<int64_t>(1, static_cast<int64_t>(items.size())), "list");
      }
      continue;
    }
    bool dated = sc.kind == PageKind::Post || sc.kind == PageKind::Event;
    std::sort(list.begin(), list.end(), dated ? by_date_desc : by_weight_title);
    const Page* index = nullptr;
    for (const Page& p : site.pages)
      if (p.section == sc.path && is_list_index(p)) index = &p;
    std::string title = index ? index->meta.title : sc.title;
    std::string desc = index ? index->meta.description : std::string();
    add_lists(site, sc.path, "/" + sc.path + "/", title, desc, index, list, sc.paginate, "list");
  }

  // Taxonomies.
  std::set<std::string> taken_urls;
  for (const auto& [url, p] : by_url) taken_urls.insert(url);
  for (const std::string& tax : config.taxonomies) {
    std::map<std::string, Term> terms;
    for (const Page& p : site.pages) {
      if (p.is_index) continue;
      const auto& names = tax == "tags" ? p.meta.tags : p.meta.authors;
      for (const auto& name : names) {
        std::string slug = tax == "tags" ? slugify(name) : slugify(name);
        if (slug.empty()) continue;
        Term& t = terms[slug];
        if (t.slug.empty()) {
          t.slug = slug;
          t.name = name;
          t.url = "/" + tax + "/" + slug + "/";
          if (tax == "authors") {
            if (const AuthorConfig* a = config.author(name)) {
              t.name = a->name;
              t.profile_url = a->url;
            }
          }
        }
        if (t.pages.empty() || t.pages.back() != &p) t.pages.push_back(&p);
      }
    }
    if (terms.empty()) continue;
    auto& out = site.taxonomies[tax];
    for (auto& [slug, t] : terms) {
      std::sort(t.pages.begin(), t.pages.end(), by_date_desc);
      out.push_back(std::move(t));
    }
  }
  for (const auto& [tax, terms] : site.taxonomies) {
    std::string base = "/" + tax + "/";
    if (taken_urls.count(base)) {
      diags.error({by_url[base]->source_path, 1, 1},
                  "page " + base + " clashes with the '" + tax + "' taxonomy page",
                  "rename the page or remove '" + tax + "' from 'taxonomies' in site-config.yaml");
      continue;
    }
    ListPage l;
    l.url = base;
    l.output_path = base.substr(1) + "index.html";
    l.title = tax == "tags" ? "Tags" : "Authors";
    l.template_name = "terms";
    l.section = tax;
    l.first_url = base;
    for (const Term& t : terms) l.terms.push_back(&t);
    site.lists.push_back(std::move(l));
    for (const Term& t : terms)
      add_lists(site, tax, t.url, t.name, {}, nullptr, t.pages, 20, "list");
  }

  // Aliases.
  for (const Page& p : site.pages) {
    for (const auto& alias : p.meta.aliases) {
      SourceLoc loc = p.meta.key_locs.count("aliases") ? p.meta.key_locs.at("aliases")
                                                       : SourceLoc{p.source_path, 1, 1};
      if (by_url.count(alias)) {
        diags.error(loc, "alias " + alias + " is the URL of " + by_url[alias]->source_path,
                    "remove the alias; a redirect cannot replace a page", p.source);
        continue;
      }
      by_url.emplace(alias, &p);
      site.redirects.push_back({alias, alias.substr(1) + "index.html", p.url, loc});
    }
  }
  std::sort(site.redirects.begin(), site.redirects.end(),
            [](const Redirect& a, const Redirect& b) { return a.from_url < b.from_url; });
  return site;
}

}  // namespace agora
