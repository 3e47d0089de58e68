#include <algorithm>

#include "core/text.h"
#include "site/site.h"

namespace agora {

std::string with_base(const SiteConfig& config, std::string_view site_url) {
  std::string base = config.base_path();  // ends with '/'
  if (site_url.empty()) return base;
  if (site_url[0] == '/') site_url.remove_prefix(1);
  return base + std::string(site_url);
}

std::string absolute_url(const SiteConfig& config, std::string_view site_url) {
  std::string_view u = site_url;
  if (!u.empty() && u[0] == '/') u.remove_prefix(1);
  return config.base_url + std::string(u);
}

bool shown_as_list(const Page& page, const SiteConfig& config) {
  const SectionConfig* s = config.section(page.section);
  return page.is_index && s && s->kind != PageKind::Doc &&
         std::count(page.rel_path.begin(), page.rel_path.end(), '/') == 1;
}

std::string template_for(const Page& page) {
  if (!page.meta.layout.empty()) return page.meta.layout;
  if (page.rel_path == "_index.md" || page.rel_path == "index.md") return "home";
  switch (page.kind) {
    case PageKind::Doc: return "doc";
    case PageKind::Post: return "post";
    case PageKind::Tutorial: return "tutorial";
    case PageKind::CaseStudy: return "case_study";
    case PageKind::Event: return "event";
    case PageKind::Page: return "page";
  }
  return "page";
}

namespace {

Value date_value(const Date& d) {
  Value v = Value::object();
  v["iso"] = d.iso();
  v["human"] = d.human();
  return v;
}

Value link(const SiteConfig& c, std::string_view title, std::string_view url) {
  Value v = Value::object();
  v["title"] = title;
  v["url"] = with_base(c, url);
  return v;
}

/// Menu and site-wide values shared by every page.
Value site_value(const SiteModel& site, const ViewContext& ctx, std::string_view current_url) {
  const SiteConfig& c = *site.config;
  Value s = Value::object();
  s["title"] = c.title;
  s["description"] = c.description;
  s["language"] = c.language;
  s["base_url"] = c.base_url;
  s["base_path"] = c.base_path();
  s["home_url"] = with_base(c, "/");
  s["assets"] = ctx.assets_url;
  s["css_url"] = ctx.css_url;
  s["js_url"] = ctx.js_url;
  s["search_url"] = with_base(c, "/search/");
  s["copyright"] = c.copyright;
  s["repository"] = c.repository;
  s["generator"] = ctx.generator;
  Value menu = Value::list();
  if (auto it = c.menus.find("main"); it != c.menus.end()) {
    for (const MenuItem& m : it->second) {
      Value item = Value::object();
      item["name"] = m.name;
      bool site_relative = !m.url.empty() && m.url[0] == '/';
      item["url"] = site_relative ? with_base(c, m.url) : m.url;
      item["active"] = site_relative && m.url != "/" && starts_with(current_url, m.url);
      // "page" when the item is this very page, "true" when it is the section it is in.
      item["current"] = current_url == m.url ? "page" : "true";
      menu.push_back(std::move(item));
    }
  }
  s["menu"] = std::move(menu);
  Value feeds = Value::list();
  for (const auto& [title, url] : ctx.feeds) {
    Value f = Value::object();
    f["title"] = title;
    f["url"] = with_base(c, url);
    f["type"] = ends_with(url, ".json") ? "application/feed+json"
                : ends_with(url, "rss.xml") ? "application/rss+xml"
                                            : "application/atom+xml";
    feeds.push_back(std::move(f));
  }
  s["feeds"] = std::move(feeds);
  return s;
}

Value tag_list(const SiteModel& site, const std::vector<std::string>& tags) {
  Value out = Value::list();
  if (!site.config->has_taxonomy("tags")) return out;
  for (const auto& t : tags) {
    Value v = Value::object();
    v["name"] = t;
    v["url"] = with_base(*site.config, "/tags/" + slugify(t) + "/");
    out.push_back(std::move(v));
  }
  return out;
}

Value author_list(const SiteModel& site, const std::vector<std::string>& authors) {
  Value out = Value::list();
  const SiteConfig& c = *site.config;
  for (const auto& id : authors) {
    Value v = Value::object();
    const AuthorConfig* a = c.author(id);
    v["name"] = a ? a->name : id;
    if (c.has_taxonomy("authors")) v["url"] = with_base(c, "/authors/" + slugify(id) + "/");
    if (a && !a->url.empty()) v["profile_url"] = a->url;
    out.push_back(std::move(v));
  }
  return out;
}

Value toc_value(const Page& page) {
  Value toc = Value::list();
  for (const Heading& h : page.headings) {
    if (h.level == 2) {
      Value item = Value::object();
      item["id"] = h.id;
      item["text"] = h.text;
      item["children"] = Value::list();
      toc.push_back(std::move(item));
    } else if (h.level == 3 && toc.size() > 0) {
      Value child = Value::object();
      child["id"] = h.id;
      child["text"] = h.text;
      toc.as_list().back()["children"].push_back(std::move(child));
    }
  }
  return toc;
}

/// One node of the docs sidebar. Only the nodes on `path` (the root, the current page's
/// folders and the page itself) are open and carry their children; a closed folder is one line
/// with `has_children`. So a page's sidebar costs the siblings along its path, not the whole
/// tree, and a site of N docs pages is not N² to render. Every node has all six keys.
Value nav_value(const SiteConfig& c, const NavNode& n, const Page* current,
                const std::vector<const NavNode*>& path, size_t depth) {
  Value v = Value::object();
  v["title"] = n.title;
  v["url"] = n.url.empty() ? Value() : Value(with_base(c, n.url));
  bool open = depth < path.size() && path[depth] == &n;
  v["active"] = n.page != nullptr && n.page == current;
  v["open"] = open;
  v["has_children"] = !n.children.empty();
  Value children = Value::list();
  if (open)
    for (const NavNode& child : n.children)
      children.push_back(nav_value(c, child, current, path, depth + 1));
  v["children"] = std::move(children);
  return v;
}

/// Path from the section root to the page, for breadcrumbs: the folders' titles and URLs.
bool find_path(const NavNode& n, const Page* target, std::vector<const NavNode*>& path) {
  path.push_back(&n);
  if (n.page == target) return true;
  for (const NavNode& c : n.children)
    if (find_path(c, target, path)) return true;
  path.pop_back();
  return false;
}

Value meta_value(const SiteModel& site, std::string_view url, std::string_view title,
                 std::string_view description, bool article) {
  Value m = Value::object();
  m["canonical"] = absolute_url(*site.config, url);
  m["og_type"] = article ? "article" : "website";
  m["og_title"] = title;
  m["og_description"] = description.empty() ? std::string_view(site.config->description) : description;
  return m;
}

Value item_value(const SiteModel& site, const Page& p) {
  const SiteConfig& c = *site.config;
  Value v = Value::object();
  v["title"] = p.meta.title;
  v["url"] = with_base(c, p.url);
  v["summary"] = p.meta.description.empty() ? p.summary : p.meta.description;
  v["kind"] = page_kind_name(p.kind);
  if (p.meta.date) v["date"] = date_value(*p.meta.date);
  v["reading_minutes"] = p.reading_minutes;
  v["tags"] = tag_list(site, p.meta.tags);
  v["authors"] = author_list(site, p.meta.authors);
  if (!p.meta.difficulty.empty()) v["difficulty"] = p.meta.difficulty;
  if (!p.meta.duration.empty()) v["duration"] = p.meta.duration;
  if (p.kind == PageKind::Event) {
    if (p.meta.date) v["event_start"] = date_value(*p.meta.date);
    if (!p.meta.location.empty()) v["location"] = p.meta.location;
  }
  return v;
}

std::string json_ld_article(const SiteModel& site, const Page& p) {
  const SiteConfig& c = *site.config;
  std::string j = "{\"@context\":\"https://schema.org\",\"@type\":\"";
  j += p.kind == PageKind::Post ? "BlogPosting" : p.kind == PageKind::Doc ? "TechArticle" : "Article";
  j += "\",\"headline\":\"" + json_escape(p.meta.title) + "\"";
  j += ",\"url\":\"" + json_escape(absolute_url(c, p.url)) + "\"";
  if (!p.meta.description.empty()) j += ",\"description\":\"" + json_escape(p.meta.description) + "\"";
  if (p.meta.date) j += ",\"datePublished\":\"" + p.meta.date->rfc3339() + "\"";
  if (p.meta.updated) j += ",\"dateModified\":\"" + p.meta.updated->rfc3339() + "\"";
  if (!p.meta.authors.empty()) {
    j += ",\"author\":[";
    for (size_t i = 0; i < p.meta.authors.size(); ++i) {
      const AuthorConfig* a = c.author(p.meta.authors[i]);
      if (i) j += ',';
      j += "{\"@type\":\"Person\",\"name\":\"" + json_escape(a ? a->name : p.meta.authors[i]) + "\"}";
    }
    j += ']';
  }
  j += '}';
  return j;
}

}  // namespace

Value page_view(const SiteModel& site, const Page& p, const ViewContext& ctx) {
  const SiteConfig& c = *site.config;
  Value view = Value::object();
  view["site"] = site_value(site, ctx, p.url);
  Value pv = Value::object();
  pv["title"] = p.meta.title;
  pv["description"] = p.meta.description;
  pv["url"] = with_base(c, p.url);
  pv["url_abs"] = absolute_url(c, p.url);
  pv["kind"] = page_kind_name(p.kind);
  pv["section"] = p.section;
  if (const SectionConfig* sc = c.section(p.section)) {
    pv["section_title"] = sc->title;
    pv["section_url"] = with_base(c, "/" + sc->path + "/");
  }
  pv["content"] = p.html;
  pv["summary"] = p.summary;
  if (p.meta.date) pv["date"] = date_value(*p.meta.date);
  if (p.meta.updated) pv["updated"] = date_value(*p.meta.updated);
  pv["reading_minutes"] = p.reading_minutes;
  pv["word_count"] = p.word_count;
  pv["tags"] = tag_list(site, p.meta.tags);
  pv["authors"] = author_list(site, p.meta.authors);
  if (!c.edit_link.empty()) {
    std::string e = c.edit_link;
    e.replace(e.find("{path}"), 6, url_encode_path(p.source_path));
    pv["edit_url"] = e;
  }
  Value toc = toc_value(p);
  pv["has_toc"] = toc.size() > 0;
  pv["toc"] = std::move(toc);

  if (p.kind == PageKind::Doc) {
    if (auto it = site.docs_nav.find(p.section); it != site.docs_nav.end()) {
      std::vector<const NavNode*> path;
      bool found = find_path(it->second, &p, path);
      if (!found) path = {&it->second};
      Value root = nav_value(c, it->second, &p, path, 0);
      view["sidebar"] = std::move(root["children"]);
      Value crumbs = Value::list();
      if (found) {
        for (size_t i = 0; i + 1 < path.size(); ++i)
          crumbs.push_back(link(c, path[i]->title, path[i]->url.empty() ? std::string() : path[i]->url));
        for (auto& crumb : crumbs.as_list())
          if (crumb["url"].as_string() == with_base(c, "")) crumb["url"] = Value();
      }
      pv["breadcrumbs"] = std::move(crumbs);
    }
    if (auto it = site.prev.find(&p); it != site.prev.end()) pv["prev"] = link(c, it->second->meta.title, it->second->url);
    if (auto it = site.next.find(&p); it != site.next.end()) pv["next"] = link(c, it->second->meta.title, it->second->url);
  } else if (!p.section.empty() && c.section(p.section)) {
    Value crumbs = Value::list();
    crumbs.push_back(link(c, c.section(p.section)->title, "/" + p.section + "/"));
    pv["breadcrumbs"] = std::move(crumbs);
  }

  const FrontMatter& m = p.meta;
  if (p.kind == PageKind::Tutorial) {
    Value t = Value::object();
    t["difficulty"] = m.difficulty;
    t["duration"] = m.duration;
    Value pre = Value::list();
    for (const auto& x : m.prerequisites) pre.push_back(x);
    t["prerequisites"] = std::move(pre);
    pv["tutorial"] = std::move(t);
  } else if (p.kind == PageKind::CaseStudy) {
    Value cs = Value::object();
    cs["organization"] = m.organization;
    cs["challenge"] = m.challenge;
    cs["solution"] = m.solution;
    cs["results"] = m.results;
    if (m.quote) {
      Value q = Value::object();
      q["text"] = m.quote->text;
      q["author"] = m.quote->author;
      q["role"] = m.quote->role;
      cs["quote"] = std::move(q);
    }
    pv["case_study"] = std::move(cs);
  } else if (p.kind == PageKind::Event) {
    Value e = Value::object();
    if (m.date) e["start"] = date_value(*m.date);
    if (m.event_end) e["end"] = date_value(*m.event_end);
    e["location"] = m.location;
    e["online"] = m.online;
    e["registration"] = m.registration;
    pv["event"] = std::move(e);
  }
  bool article = !p.is_index && p.kind != PageKind::Page;
  Value meta = meta_value(site, p.url, m.title, m.description, article);
  if (article) meta["json_ld"] = json_ld_article(site, p);
  // The home page is the site: its title alone, not "agora · agora".
  if (&p == site.home) meta["title"] = c.title;
  view["meta"] = std::move(meta);
  view["page"] = std::move(pv);
  return view;
}

Value list_view(const SiteModel& site, const ListPage& l, const ViewContext& ctx) {
  const SiteConfig& c = *site.config;
  Value view = Value::object();
  view["site"] = site_value(site, ctx, l.url);
  Value lv = Value::object();
  lv["title"] = l.title;
  lv["description"] = l.description;
  if (l.index_page && l.page_number == 1) lv["content"] = l.index_page->html;
  Value items = Value::list();
  for (const Page* p : l.items) items.push_back(item_value(site, *p));
  lv["items"] = std::move(items);
  Value terms = Value::list();
  for (const Term* t : l.terms) {
    Value v = Value::object();
    v["name"] = t->name;
    v["url"] = with_base(c, t->url);
    v["count"] = t->pages.size();
    terms.push_back(std::move(v));
  }
  lv["terms"] = std::move(terms);
  if (l.page_count > 1) {
    Value pg = Value::object();
    pg["current"] = l.page_number;
    pg["total"] = l.page_count;
    auto page_url = [&](int n) {
      return with_base(c, n == 1 ? l.first_url : l.first_url + "page/" + std::to_string(n) + "/");
    };
    if (l.page_number > 1) pg["prev_url"] = page_url(l.page_number - 1);
    if (l.page_number < l.page_count) pg["next_url"] = page_url(l.page_number + 1);
    Value pages = Value::list();
    for (int n = 1; n <= l.page_count; ++n) {
      Value v = Value::object();
      v["number"] = n;
      v["url"] = page_url(n);
      v["current"] = n == l.page_number;
      pages.push_back(std::move(v));
    }
    pg["pages"] = std::move(pages);
    lv["pagination"] = std::move(pg);
  }
  Value page = Value::object();
  page["title"] = l.page_number > 1 ? l.title + " (page " + std::to_string(l.page_number) + ")" : l.title;
  page["url"] = with_base(c, l.url);
  page["url_abs"] = absolute_url(c, l.url);
  page["kind"] = "list";
  page["section"] = l.section;
  view["page"] = std::move(page);
  view["list"] = std::move(lv);
  view["meta"] = meta_value(site, l.url, l.title, l.description, false);
  return view;
}

Value redirect_view(const SiteModel& site, const Redirect& r, const ViewContext& ctx) {
  Value view = Value::object();
  view["site"] = site_value(site, ctx, r.from_url);
  view["redirect_to"] = absolute_url(*site.config, r.to_url);
  Value page = Value::object();
  page["title"] = "Redirecting…";
  page["url"] = with_base(*site.config, r.from_url);
  view["page"] = std::move(page);
  Value meta = meta_value(site, r.to_url, "Redirecting…", "", false);
  meta["robots"] = "noindex";
  view["meta"] = std::move(meta);
  return view;
}

Value utility_page_view(const SiteModel& site, const ViewContext& ctx, std::string_view url,
                        std::string_view title) {
  Value view = Value::object();
  view["site"] = site_value(site, ctx, url);
  Value page = Value::object();
  page["title"] = std::string(title);
  page["url"] = with_base(*site.config, url);
  view["page"] = std::move(page);
  Value meta = meta_value(site, url, title, "", false);
  meta["robots"] = "noindex";
  view["meta"] = std::move(meta);
  return view;
}

Value not_found_view(const SiteModel& site, const ViewContext& ctx) {
  return utility_page_view(site, ctx, "/404.html", "Page not found");
}

}  // namespace agora
