#include "catalogue/stats.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include "catalogue/text_checks.h"
#include "core/text.h"

namespace agora {

namespace {

constexpr int kMaxQuarters = 40;

int quarter_index(const Date& d) { return d.year * 4 + (d.month - 1) / 3; }

std::string quarter_key(int q) { return std::to_string(q / 4) + "-Q" + std::to_string(q % 4 + 1); }
std::string quarter_label(int q) {
  return std::to_string(q / 4) + " Q" + std::to_string(q % 4 + 1);
}

/// At most `max` characters (code points), with an ellipsis when cut.
std::string ellipsize(std::string_view s, size_t max) {
  if (catalogue_detail::char_count(s) <= max) return std::string(s);
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    bool lead = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (lead && ++n > max - 1) break;
    out += s[i];
  }
  return out + "\xE2\x80\xA6";
}

std::string num(int64_t v) { return std::to_string(v); }

}  // namespace

std::string format_chart_number(double v) {
  if (!std::isfinite(v)) return "0";
  double r = std::round(v * 10.0) / 10.0;
  if (r == std::floor(r) && std::fabs(r) < 9e15) return std::to_string(static_cast<int64_t>(r));
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 1);
  return std::string(buf, res.ptr);
}

CatalogueStats catalogue_stats(const std::vector<PluginListing>& listings,
                               const CatalogueConfig& config, size_t top_authors) {
  CatalogueStats s;
  s.total = listings.size();
  for (const auto& c : config.categories) s.per_category.push_back({c.id, c.title, 0});
  for (const auto& l : listings)
    for (auto& row : s.per_category)
      if (row.key == l.category) ++row.count;

  if (!listings.empty()) {
    int first = std::numeric_limits<int>::max(), last = std::numeric_limits<int>::min();
    std::map<int, size_t> per_q;
    for (const auto& l : listings) {
      int q = quarter_index(l.added);
      first = std::min(first, q);
      last = std::max(last, q);
      ++per_q[q];
    }
    int start = std::max(first, last - kMaxQuarters + 1);
    if (start > first) {
      size_t earlier = 0;
      for (const auto& [q, n] : per_q)
        if (q < start) earlier += n;
      s.per_quarter.push_back({"earlier", "before " + quarter_label(start), earlier});
    }
    for (int q = start; q <= last; ++q) {
      auto it = per_q.find(q);
      s.per_quarter.push_back(
          {quarter_key(q), quarter_label(q), it == per_q.end() ? 0 : it->second});
    }
  }

  const Lifecycle order[] = {Lifecycle::Active, Lifecycle::Stale, Lifecycle::Deprecated,
                             Lifecycle::Archived};
  const char* labels[] = {"Active", "Stale", "Deprecated", "Archived"};
  for (int i = 0; i < 4; ++i) {
    size_t n = static_cast<size_t>(
        std::count_if(listings.begin(), listings.end(),
                      [&](const PluginListing& l) { return l.lifecycle() == order[i]; }));
    s.lifecycle.push_back({lifecycle_name(order[i]), labels[i], n});
  }

  // Authors: by GitHub handle when given (case-insensitive), else by name.
  std::map<std::string, CountRow> authors;
  std::vector<const PluginListing*> sorted;
  for (const auto& l : listings) sorted.push_back(&l);
  std::sort(sorted.begin(), sorted.end(),
            [](const PluginListing* a, const PluginListing* b) { return a->id < b->id; });
  for (const PluginListing* l : sorted) {
    std::vector<std::string> seen;  // count each author once per listing
    for (const auto& a : l->authors) {
      std::string key = a.github.empty() ? "name:" + a.name : ascii_lower(a.github);
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      auto [it, fresh] = authors.emplace(key, CountRow{key, a.name, 0});
      ++it->second.count;
    }
  }
  for (auto& [k, row] : authors) s.top_authors.push_back(row);
  std::sort(s.top_authors.begin(), s.top_authors.end(), [](const CountRow& a, const CountRow& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.label != b.label) return a.label < b.label;
    return a.key < b.key;
  });
  if (s.top_authors.size() > top_authors) s.top_authors.resize(top_authors);
  return s;
}

std::vector<std::pair<std::string, double>> chart_data(const std::vector<CountRow>& rows) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& r : rows) out.emplace_back(r.label, static_cast<double>(r.count));
  return out;
}

std::vector<std::pair<std::string, double>> share_data(const std::vector<CountRow>& rows,
                                                       size_t total) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& r : rows) {
    double pct =
        total == 0 ? 0.0 : static_cast<double>(r.count) * 100.0 / static_cast<double>(total);
    out.emplace_back(r.label, std::round(pct * 10.0) / 10.0);
  }
  return out;
}

std::string bar_chart_svg(std::string_view title, std::string_view desc,
                          const std::vector<std::pair<std::string, double>>& bars,
                          const ChartOptions& options) {
  const int row_h = 28, bar_h = 18, top = 36, value_w = 64;
  const int width = std::max(options.width, options.label_width + value_w + 40);
  const int label_w = options.label_width;
  const int plot_w = width - label_w - value_w;
  int rows = std::max<int>(1, static_cast<int>(bars.size()));
  int height = top + rows * row_h + 8;
  std::string id = options.id.empty() ? "chart-" + ascii_slug(title) : ascii_slug(options.id);
  if (id.empty() || id == "chart-") id = "chart";

  double max = 0;
  for (const auto& [label, v] : bars)
    if (std::isfinite(v)) max = std::max(max, v);

  // The text alternative: the caller's description, then every value.
  std::string alt(desc);
  if (!bars.empty()) {
    if (!alt.empty() && alt.back() != '.') alt += '.';
    if (!alt.empty()) alt += ' ';
    for (size_t i = 0; i < bars.size(); ++i) {
      alt += bars[i].first + ": " + format_chart_number(bars[i].second) + options.unit;
      alt += i + 1 == bars.size() ? "." : "; ";
    }
  } else {
    if (!alt.empty() && alt.back() != '.') alt += '.';
    alt += alt.empty() ? "No data." : " No data.";
  }

  std::string o;
  o.reserve(512 + bars.size() * 320);
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"agora-chart\" role=\"img\" "
       "aria-labelledby=\"";
  o += id + "-title " + id + "-desc\" viewBox=\"0 0 " + num(width) + " " + num(height) +
       "\" width=\"" + num(width) + "\" height=\"" + num(height) + "\">\n";
  o += "<title id=\"" + id + "-title\">" + html_escape(title) + "</title>\n";
  o += "<desc id=\"" + id + "-desc\">" + html_escape(alt) + "</desc>\n";
  o += "<text class=\"chart-title\" x=\"0\" y=\"20\" font-size=\"16\" font-weight=\"bold\" "
       "fill=\"currentColor\">" +
       html_escape(title) + "</text>\n";
  if (bars.empty()) {
    o += "<text class=\"chart-empty\" x=\"0\" y=\"" + num(top + 18) +
         "\" font-size=\"14\" fill=\"currentColor\">No data</text>\n";
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const auto& [label, raw] = bars[i];
    double v = std::isfinite(raw) && raw > 0 ? raw : 0;
    int y = top + static_cast<int>(i) * row_h;
    int w = max > 0 ? static_cast<int>(std::lround(v / max * plot_w)) : 0;
    if (v > 0 && w < 1) w = 1;
    std::string value = format_chart_number(raw) + options.unit;
    o += "<g class=\"chart-row\">";
    o += "<title>" + html_escape(label + ": " + value) + "</title>";
    o += "<text class=\"chart-label\" x=\"" + num(label_w - 8) + "\" y=\"" + num(y + 14) +
         "\" text-anchor=\"end\" font-size=\"13\" fill=\"currentColor\">" +
         html_escape(ellipsize(label, static_cast<size_t>(std::max(4, label_w / 8)))) + "</text>";
    o += "<rect class=\"chart-bar\" x=\"" + num(label_w) + "\" y=\"" + num(y + 1) + "\" width=\"" +
         num(w) + "\" height=\"" + num(bar_h) + "\" fill=\"#3d6fb6\"/>";
    o += "<text class=\"chart-value\" x=\"" + num(label_w + w + 6) + "\" y=\"" + num(y + 14) +
         "\" font-size=\"13\" fill=\"currentColor\">" + html_escape(value) + "</text>";
    o += "</g>\n";
  }
  o += "</svg>\n";
  return o;
}

}  // namespace agora
