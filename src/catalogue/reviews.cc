#include <algorithm>
#include <map>

#include "catalogue/catalogue.h"
#include "catalogue/text_checks.h"
#include "core/text.h"

namespace agora {

using namespace catalogue_detail;

namespace {

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

/// Finds the front matter between the first two '---' lines.
bool split_front_matter(const std::string& path, std::string_view text, std::string_view& yaml,
                        size_t& body_offset, int& body_line, Diagnostics& diags) {
  FrontMatterBlock fm = find_front_matter(text);
  if (!fm.opened) {
    diags.error({path, 1, 1}, "a review must start with front matter",
                "start the file with:\n        ---\n        author: Your Name\n        rating: 4\n"
                "        date: 2025-01-31\n        ---",
                {});
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

}  // namespace

std::optional<Review> parse_review(std::string_view path_in, std::string_view text,
                                   Diagnostics& out) {
  Diagnostics diags;
  Review rv;
  rv.path = std::string(path_in);
  rv.source = std::string(text);
  const std::string& path = rv.path;

  auto finish = [&]() -> std::optional<Review> {
    bool ok = !diags.has_errors();
    merge_sorted(diags, out);
    if (!ok) return std::nullopt;
    return std::move(rv);
  };

  // reviews/<plugin-id>/<slug>.md
  auto parts = split(path, '/');
  if (parts.size() < 3 || !ends_with(parts.back(), ".md")) {
    diags.error({path, 1, 1}, "a review must be a file reviews/<plugin-id>/<name>.md",
                "put the review in the folder named after the plugin's id", {});
    return finish();
  }
  rv.plugin_id = std::string(parts[parts.size() - 2]);
  rv.slug = std::string(parts.back().substr(0, parts.back().size() - 3));

  if (text.size() > CatalogueLimits::kReviewBodyChars * 4 + 4096) {
    diags.error({path, 1, 1},
                "the review is " + std::to_string(text.size()) + " bytes; the limit is " +
                    std::to_string(CatalogueLimits::kReviewBodyChars * 4 + 4096),
                "keep reviews short", {});
    return finish();
  }
  if (auto bad = find_invalid_utf8(text)) {
    LineCol lc = line_col_at(text, *bad);
    diags.error({path, lc.line, lc.col}, "invalid UTF-8", "save the file as UTF-8", {});
    return finish();
  }
  std::string_view yaml;
  if (!split_front_matter(path, rv.source, yaml, rv.body_offset, rv.body_line, diags))
    return finish();
  YamlSource src{path, rv.source, 1, yaml};
  auto root = parse_yaml(src, diags);
  if (!root) return finish();
  if (!root->is_mapping()) {
    diags.error({path, 2, 1}, "review front matter must be a mapping of keys to values",
                "write 'author:', 'rating:' and 'date:' lines", rv.source);
    return finish();
  }
  std::vector<std::string> keys;
  for (const auto& f : review_schema()) keys.emplace_back(f.path);
  FieldReader r(*root, src, diags, keys, "review key");
  for (const auto& f : review_schema()) {
    if (!f.required) continue;
    const YamlNode* v = root->get(f.path);
    bool typo = std::any_of(root->entries.begin(), root->entries.end(), [&](const auto& e) {
      if (std::find(keys.begin(), keys.end(), e.first.scalar) != keys.end()) return false;
      auto m = closest_match(e.first.scalar, keys);
      return m && *m == f.path;
    });
    if (!v && !typo)
      diags.error(
          {path, root->line, root->col}, "missing required review key " + q(f.path),
          "add '" + std::string(f.path) + ":' (" + std::string(f.type) + "): " + std::string(f.doc),
          rv.source);
    else if (v && v->is_null()) {
      const YamlNode* k = v;
      for (const auto& e : root->entries)
        if (e.first.scalar == f.path) k = &e.first;
      diags.error({path, k->line, k->col}, q(f.path) + " has no value", std::string(f.doc),
                  rv.source);
    }
  }
  r.finish();
  if (const YamlNode* n = root->get("author")) {
    if (auto s = r.string("author"))
      if (check_text(*n, "author", *s, 100, false, src, diags)) rv.author = *s;
  }
  if (const YamlNode* n = root->get("title")) {
    if (auto s = r.string("title"))
      if (check_text(*n, "title", *s, CatalogueLimits::kReviewTitleChars, false, src, diags))
        rv.title = *s;
  }
  if (const YamlNode* n = root->get("rating"); n && !n->is_null()) {
    auto v = yaml_int(*n);
    if (!v || *v < 1 || *v > 5)
      diags.error({path, n->line, n->col},
                  "'rating' must be a whole number from 1 to 5, not " +
                      (n->is_scalar() ? q(n->scalar) : std::string(n->kind_name())),
                  "1 is poor, 5 is excellent", rv.source);
    else
      rv.rating = static_cast<int>(*v);
  }
  if (auto d = r.date("date")) rv.date = *d;
  size_t body_chars = char_count(rv.body());
  if (body_chars > CatalogueLimits::kReviewBodyChars)
    diags.error({path, rv.body_line, 1},
                "the review text is " + std::to_string(body_chars) +
                    " characters long; the limit is " +
                    std::to_string(CatalogueLimits::kReviewBodyChars),
                "keep reviews short", rv.source);
  else if (auto bad = find_bad_char(rv.body(), true)) {
    LineCol lc = line_col_at(rv.source, rv.body_offset + bad->offset);
    diags.error({path, lc.line, lc.col},
                "the review text contains the control character " + code_point_name(bad->cp), {},
                rv.source);
  }
  return finish();
}

void attach_reviews(std::vector<PluginListing>& listings, std::vector<Review> reviews,
                    Diagnostics& diags) {
  std::sort(reviews.begin(), reviews.end(),
            [](const Review& a, const Review& b) { return a.path < b.path; });
  std::vector<std::string> ids;
  std::map<std::string_view, PluginListing*> by_id;
  for (auto& l : listings) {
    ids.push_back(l.id);
    by_id.emplace(l.id, &l);
  }
  Diagnostics local;
  for (auto& r : reviews) {
    auto it = by_id.find(r.plugin_id);
    if (it == by_id.end()) {
      std::string hint = did_you_mean(r.plugin_id, ids);
      if (hint.empty())
        hint = "reviews go in reviews/<plugin-id>/, and there is no plugins-index/" + r.plugin_id +
               ".yaml";
      else
        hint = "reviews go in reviews/<plugin-id>/; " + hint;
      local.error({r.path, 1, 1}, "review of unknown plugin " + q(r.plugin_id), hint, {});
      continue;
    }
    it->second->reviews.push_back(std::move(r));
  }
  for (auto& l : listings)
    std::stable_sort(l.reviews.begin(), l.reviews.end(), [](const Review& a, const Review& b) {
      if (!(a.date == b.date)) return b.date < a.date;
      return a.path < b.path;
    });
  merge_sorted(local, diags);
}

}  // namespace agora
