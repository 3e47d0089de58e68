// Checks on the raw Markdown text that must pass before cmark-gfm parses it.
//
// Debian 12 ships cmark-gfm 0.29.0.gfm.6, which predates the 2023 fixes for quadratic parsing.
// Measured on this machine with 1 MB-or-smaller inputs (parse time without these checks):
//   " -" x 40000 + " > ```" + "\n" x 40000   (CVE-2023-24824, markers on one line)   ~39 s
//   "![[]()" x 150000                          (image openers before links)          ~125 s
//   1000-column header + 10000 one-cell rows   (rows padded to the header's width)   ~33 s, 100 MB
// Each scan below is one linear pass that over-counts rather than under-counts: it does not
// track code blocks, so text inside a fence counts too. A limit can therefore trip early on an
// unusual page, never late on a hostile one.
#include <algorithm>
#include <cstdint>

#include "core/text.h"
#include "markdown/markdown.h"

namespace agora {

namespace {

// `![` openers x `]` closers in one paragraph. cmark-gfm 0.29.0.gfm.6 walks every still-open
// image opener each time a link closes, so the cost is their product. 10 million pairs is
// about 30 ms; no hand-written paragraph comes near it.
constexpr uint64_t kMaxImageBracketPairs = 10'000'000;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

/// One line of the body without its terminator; CommonMark ends lines at \n, \r\n and \r.
struct Line {
  std::string_view text;
  int number = 0;  ///< 1-based within the body
};

/// Calls f(line) for each line of `s`.
template <typename F>
void for_each_line(std::string_view s, F&& f) {
  size_t pos = 0;
  int number = 1;
  while (pos < s.size()) {
    size_t end = s.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = s.size();
    f(Line{s.substr(pos, end - pos), number++});
    if (end < s.size() && s[end] == '\r' && end + 1 < s.size() && s[end + 1] == '\n') ++end;
    pos = end + 1;
  }
}

/// Index from which the rest of `line` is a thematic break ("- - -", "***"), or npos.
size_t thematic_break_start(std::string_view line) {
  char kind = 0;
  int count = 0;
  size_t i = line.size();
  size_t start = std::string_view::npos;
  while (i > 0) {
    char c = line[i - 1];
    if (is_space(c)) {
      --i;
      continue;
    }
    if ((c == '-' || c == '*' || c == '_') && (kind == 0 || kind == c)) {
      kind = c;
      ++count;
      --i;
      if (count >= 3) start = i;
      continue;
    }
    break;
  }
  return start;
}

/// The container markers at the start of a line: `>` and list markers, as cmark would open or
/// continue them. `depth` is how many; `exceeded_col` the 1-based column of marker number
/// `max + 1` (0 when there are not that many); `content` where the rest of the line starts.
struct Markers {
  int depth = 0;
  int exceeded_col = 0;
  size_t content = 0;
};

Markers scan_markers(std::string_view line, int max) {
  Markers m;
  size_t tb = thematic_break_start(line);
  size_t i = 0, n = line.size();
  auto count = [&](size_t col0) {
    if (++m.depth == max + 1) m.exceeded_col = static_cast<int>(col0) + 1;
  };
  for (;;) {
    while (i < n && is_space(line[i])) ++i;
    if (i >= n) break;
    char c = line[i];
    if (c == '>') {
      count(i);
      ++i;
      continue;
    }
    if ((c == '-' || c == '*' || c == '+') && (i + 1 == n || is_space(line[i + 1]))) {
      if (tb != std::string_view::npos && i >= tb) break;  // "- - -" is a rule, not 3 lists
      count(i);
      ++i;
      continue;
    }
    if (c >= '0' && c <= '9') {
      size_t j = i;
      while (j < n && j - i < 9 && line[j] >= '0' && line[j] <= '9') ++j;
      if (j < n && (line[j] == '.' || line[j] == ')') && (j + 1 == n || is_space(line[j + 1]))) {
        count(i);
        i = j + 1;
        continue;
      }
    }
    break;
  }
  m.content = i;
  return m;
}

/// A line made only of whitespace and `>` ends paragraphs and tables.
bool is_blank(std::string_view line) {
  for (char c : line)
    if (!is_space(c) && c != '>') return false;
  return true;
}

/// Number of cells when `line` (container markers already skipped, except list markers, which
/// look like delimiter dashes) is a GFM table delimiter row such as "|---|:-:|"; else 0.
size_t delimiter_row_cells(std::string_view line) {
  size_t cells = 0;
  bool dash_in_cell = false;
  for (char c : line) {
    if (c == '-') {
      dash_in_cell = true;
    } else if (c == '|') {
      if (dash_in_cell) ++cells;
      dash_in_cell = false;
    } else if (c != ':' && c != '>' && !is_space(c)) {
      return 0;
    }
  }
  if (dash_in_cell) ++cells;
  return cells;
}

/// Start of a link reference definition "[label]:" (not a footnote "[^x]:").
bool is_link_definition(std::string_view rest) {
  if (rest.size() < 4 || rest[0] != '[' || rest[1] == '^') return false;
  for (size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '\\') { ++i; continue; }
    if (rest[i] == '[') return false;
    if (rest[i] == ']') return i > 1 && i + 1 < rest.size() && rest[i + 1] == ':';
  }
  return false;
}

}  // namespace

bool prescan_markdown(const MarkdownSource& src, const MarkdownOptions& options,
                      Diagnostics& diags) {
  // Size first: nothing else is worth scanning in an oversized file.
  std::string_view file_text = src.whole_source.empty() ? src.body : src.whole_source;
  if (file_text.size() > options.max_input_bytes) {
    LineCol at = line_col_at(file_text, options.max_input_bytes);
    int body_line = src.whole_source.empty() ? at.line : at.line - src.first_line + 1;
    src.error(diags, body_line, at.col,
              "file is " + std::to_string(file_text.size()) + " bytes; the limit is " +
                  std::to_string(options.max_input_bytes),
              "split the page into smaller pages (the limit is reached here)");
    return false;
  }

  const int max_nesting = std::max(options.max_nesting, 0);
  bool ok = true;

  // Nesting: markers written on one line (">>>>", "- - - >"), the quadratic case.
  int deepest = 0, nest_line = 0, nest_col = 0;
  // Tables: cells as the table extension will create them (short rows padded).
  uint64_t cells = 0, over_cells_at = 0;
  size_t table_cols = 0;
  int table_line = 0, cells_line = 0;
  bool prev_blank = true;
  // Link reference definitions.
  size_t definitions = 0;
  int def_line = 0, def_col = 0;
  // `![` and `]` per paragraph.
  uint64_t run_images = 0, run_closers = 0, worst_images = 0, worst_closers = 0;
  int run_line = 0, run_col = 0, bracket_line = 0, bracket_col = 0;
  auto end_run = [&] {
    uint64_t pairs = run_images * run_closers;
    if (pairs > kMaxImageBracketPairs && pairs > worst_images * worst_closers) {
      worst_images = run_images;
      worst_closers = run_closers;
      bracket_line = run_line;
      bracket_col = run_col;
    }
    run_images = run_closers = 0;
  };
  int prev_line_number = 0;

  for_each_line(src.body, [&](const Line& line) {
    std::string_view t = line.text;
    if (is_blank(t)) {
      table_cols = 0;
      prev_blank = true;
      end_run();
      return;
    }
    Markers m = scan_markers(t, max_nesting);
    if (m.depth > deepest) {
      if (nest_line == 0 && m.exceeded_col > 0) {
        nest_line = line.number;
        nest_col = m.exceeded_col;
      }
      deepest = m.depth;
    }

    if (table_cols > 0) {
      cells += table_cols;
    } else if (!prev_blank) {
      size_t start = 0;
      while (start < t.size() && (is_space(t[start]) || t[start] == '>')) ++start;
      if (size_t cols = delimiter_row_cells(t.substr(start))) {
        table_cols = cols;
        table_line = prev_line_number;
        cells += cols;  // the header row
      }
    }
    if (cells > options.max_table_cells && over_cells_at == 0) {
      over_cells_at = cells;
      cells_line = table_line;
    }

    if (is_link_definition(t.substr(m.content)) && ++definitions == options.max_link_definitions + 1) {
      def_line = line.number;
      def_col = static_cast<int>(m.content) + 1;
    }

    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == ']') {
        ++run_closers;
      } else if (t[i] == '!' && i + 1 < t.size() && t[i + 1] == '[') {
        if (run_images++ == 0) {
          run_line = line.number;
          run_col = static_cast<int>(i) + 1;
        }
      }
    }
    prev_blank = false;
    prev_line_number = line.number;
  });
  end_run();

  if (nest_line > 0) {
    ok = false;
    src.error(diags, nest_line, nest_col,
              "block quotes and lists are nested " + std::to_string(deepest) +
                  " deep; the limit is " + std::to_string(max_nesting),
              "reduce the nesting: flatten the lists or quotes, or split the content into "
              "sections");
  }
  if (over_cells_at > 0) {
    ok = false;
    src.error(diags, cells_line, 1,
              "tables have " + std::to_string(cells) + " cells; the limit is " +
                  std::to_string(options.max_table_cells),
              "split the table, or the page, into smaller ones");
  }
  if (def_line > 0) {
    ok = false;
    src.error(diags, def_line, def_col,
              "page has " + std::to_string(definitions) +
                  " link reference definitions; the limit is " +
                  std::to_string(options.max_link_definitions),
              "use inline links, or split the page into smaller pages");
  }
  if (bracket_line > 0) {
    ok = false;
    src.error(diags, bracket_line, bracket_col,
              "paragraph has " + std::to_string(worst_images) + " '![' and " +
                  std::to_string(worst_closers) + " ']' (" +
                  std::to_string(worst_images * worst_closers) +
                  " pairs); the limit is " + std::to_string(kMaxImageBracketPairs) + " pairs",
              "close each image's brackets, or split the paragraph: the parser's time grows "
              "with the product");
  }
  return ok;
}

}  // namespace agora
