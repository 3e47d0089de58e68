#include "core/text.h"
#include "search/search_index.h"

namespace agora {

std::vector<SearchSection> sections_from_plain_text(std::string_view plain_text,
                                                    const std::vector<Heading>& headings,
                                                    int max_level) {
  std::vector<SearchSection> out(1);
  size_t start = 0;  // where the current section's text begins
  size_t at = 0;     // the line being compared
  auto close = [&](size_t end) {
    while (end > start && (plain_text[end - 1] == '\n' || plain_text[end - 1] == ' ')) --end;
    out.back().text = plain_text.substr(start, end > start ? end - start : 0);
  };
  for (const Heading& h : headings) {
    if (h.level < 2 || h.level > max_level) continue;
    std::string_view want = trim(h.text);
    // Find the heading's own line at or after `at`.
    for (size_t pos = at; pos <= plain_text.size();) {
      size_t nl = plain_text.find('\n', pos);
      size_t end = nl == std::string_view::npos ? plain_text.size() : nl;
      if (trim(plain_text.substr(pos, end - pos)) == want) {
        close(pos);
        out.push_back({h.id, h.text, {}});
        start = at = nl == std::string_view::npos ? plain_text.size() : nl + 1;
        break;
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  }
  close(plain_text.size());
  return out;
}

SearchDocument search_document(const Page& page, std::string url, std::string language) {
  SearchDocument d;
  d.url = std::move(url);
  d.title = page.meta.title;
  d.section = page.section;
  d.language = std::move(language);
  d.tags = page.meta.tags;
  d.summary = page.meta.description.empty() ? page.summary : page.meta.description;
  d.sections = sections_from_plain_text(page.plain_text, page.headings);
  return d;
}

}  // namespace agora
