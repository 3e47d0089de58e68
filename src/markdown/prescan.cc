// Checks on the raw Markdown text that must pass before cmark-gfm parses it.
//
// Debian 12 ships cmark-gfm 0.29.0.gfm.6, which predates the 2023 fixes for quadratic parsing.
// Measured on this machine (2 cores, shared) with inputs under 1 MB, cmark-gfm alone:
//   " -" x 40000 + " > ```" + "\n" x 40000   (CVE-2023-24824, markers on one line)    39 s
//   "![[]()" x 150000                          (image openers before links)           125 s
//   1000-column header + 10000 one-cell rows   (rows padded to the header's width)     33 s, 100 MB
//   "[a]: /<400 KB>" + "[a] " x 1000           (definition copied into every use)       1 s, 400 MB
//   "x a@b.c" + 43 bytes, x 20000 on one line  (email autolinker copies the line)       5 s
// The scan below is one linear pass that over-counts rather than under-counts: it does not
// track code blocks, so text inside a fence counts too. A limit can therefore trip early on an
// unusual page, never late on a hostile one.
#include <algorithm>
#include <cstdint>

#include "core/text.h"
#include "markdown/markdown.h"

namespace agora {

namespace {

// '@' characters. The autolink extension tries each as an email address at a cost of a few
// microseconds, plus a fresh copy of the rest of its line: 20,000 '@' on a 1 MB line took 4 s,
// 2,000 on a 500 KB line 2.5 s (mostly page faults on the copies). 20,000 per page and 1e8
// ('@' x line bytes) per line keep each part under about 0.3 s.
constexpr uint64_t kMaxAtSigns = 20'000;
constexpr uint64_t kMaxAtSignLineWork = 100'000'000;

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

/// A line made only of spaces, tabs and `>` ends paragraphs and tables. (Not \v or \f: to
/// CommonMark a line of those is text, so a table would go on.)
bool is_blank(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '>') return false;
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

/// When `rest` starts a link reference definition "[label]:" (not a footnote "[^x]:"), the
/// offset just after the colon; else 0.
size_t link_definition_end(std::string_view rest) {
  if (rest.size() < 4 || rest[0] != '[' || rest[1] == '^') return 0;
  for (size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '\\') {
      ++i;
      continue;
    }
    if (rest[i] == '[') return 0;
    if (rest[i] == ']') return i > 1 && i + 1 < rest.size() && rest[i + 1] == ':' ? i + 2 : 0;
  }
  return 0;
}

std::string_view skip_spaces(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return s.substr(i);
}

/// Follows one link reference definition over the lines it may take, to bound its size.
///
/// cmark-gfm 0.29.0.gfm.6 copies a definition's URL and title into every link that uses it, while
/// parsing: a 500 KB definition used by 100,000 "[a]" is 50 GB before any tree exists to check.
/// The span is over-estimated: the destination may be on the next line, and a title runs until
/// its closing quote or a blank line (a title may hide lines that look like more definitions).
class DefinitionSpan {
 public:
  bool open() const { return state_ != State::Done; }
  uint64_t bytes() const { return bytes_; }

  /// A definition starts; `rest` is what follows "[label]:" on its line.
  void start(std::string_view rest, size_t line_bytes) {
    bytes_ = line_bytes;
    after_colon(rest);
  }

  /// The next line of the body; ends the span unless the definition may go on.
  void next_line(std::string_view line) {
    if (state_ == State::Done) return;
    std::string_view content = line;
    while (!content.empty() && (is_space(content[0]) || content[0] == '>'))
      content.remove_prefix(1);
    if (content.empty()) {  // blank line: nothing continues across it
      state_ = State::Done;
      return;
    }
    switch (state_) {
      case State::NeedDestination:
        bytes_ += line.size() + 1;
        after_colon(content);
        break;
      case State::MaybeTitle:
        if (content[0] == '"' || content[0] == '\'' || content[0] == '(') {
          bytes_ += line.size() + 1;
          title(content);
        } else {
          state_ = State::Done;
        }
        break;
      case State::InTitle:
        bytes_ += line.size() + 1;
        if (closes(content)) state_ = State::Done;
        break;
      case State::Done:
        break;
    }
  }

 private:
  enum class State { NeedDestination, MaybeTitle, InTitle, Done };

  void after_colon(std::string_view rest) {
    rest = skip_spaces(rest);
    if (rest.empty()) {
      state_ = State::NeedDestination;
      return;
    }
    size_t end = rest[0] == '<' ? rest.find('>') : rest.find_first_of(" \t\v\f");
    rest = end == std::string_view::npos ? std::string_view() : skip_spaces(rest.substr(end + 1));
    if (rest.empty()) {
      state_ = State::MaybeTitle;
    } else if (rest[0] == '"' || rest[0] == '\'' || rest[0] == '(') {
      title(rest);
    } else {
      state_ = State::Done;
    }
  }

  void title(std::string_view from_opener) {
    close_ = from_opener[0] == '(' ? ')' : from_opener[0];
    state_ = closes(from_opener.substr(1)) ? State::Done : State::InTitle;
  }

  bool closes(std::string_view s) const {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
      } else if (s[i] == close_) {
        return true;
      }
    }
    return false;
  }

  State state_ = State::Done;
  char close_ = 0;
  uint64_t bytes_ = 0;
};

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
  uint64_t cells = 0;
  bool cells_exceeded = false;
  size_t table_cols = 0;
  int table_line = 0, cells_line = 0;
  bool prev_blank = true;
  // Link reference definitions: how many, and the largest (see DefinitionSpan).
  size_t definitions = 0;
  int def_line = 0, def_col = 0;
  DefinitionSpan span;
  uint64_t largest_definition = 0, closers = 0;
  int largest_line = 0, largest_col = 0, span_line = 0, span_col = 0;
  auto end_span = [&] {
    if (span.bytes() > largest_definition) {
      largest_definition = span.bytes();
      largest_line = span_line;
      largest_col = span_col;
    }
  };
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
  // '@' per page and per line.
  uint64_t total_at_signs = 0, worst_at_work = 0, worst_at_signs = 0, worst_at_length = 0;
  int at_line = 0, at_col = 0, work_line = 0, work_col = 0;

  for_each_line(src.body, [&](const Line& line) {
    std::string_view t = line.text;
    bool in_definition = span.open();
    if (in_definition) {
      span.next_line(t);
      in_definition = span.open();
      if (!in_definition) end_span();
    }
    Markers m = scan_markers(t, max_nesting);  // also on blank lines: ">>>>" opens quotes too
    if (m.depth > deepest) {
      if (nest_line == 0 && m.exceeded_col > 0) {
        nest_line = line.number;
        nest_col = m.exceeded_col;
      }
      deepest = m.depth;
    }
    if (is_blank(t)) {
      table_cols = 0;
      prev_blank = true;
      end_run();
      return;
    }

    // Every line after a delimiter row, up to a blank line, is taken for a row as wide as the
    // widest delimiter row seen since the last blank line: a narrower table may end and a wider
    // one start without a blank line between, and a body row may itself look like a delimiter.
    size_t delimiter_cols = 0;
    if (!prev_blank) {
      size_t start = 0;
      while (start < t.size() && (is_space(t[start]) || t[start] == '>')) ++start;
      delimiter_cols = delimiter_row_cells(t.substr(start));
    }
    if (delimiter_cols > table_cols) {
      table_cols = delimiter_cols;
      table_line = prev_line_number;
    }
    cells += table_cols;  // the header row for a delimiter row, else one body row
    if (cells > options.max_table_cells && !cells_exceeded) {
      cells_exceeded = true;
      cells_line = table_line;
    }

    if (size_t colon = link_definition_end(t.substr(m.content))) {
      if (++definitions == options.max_link_definitions + 1) {
        def_line = line.number;
        def_col = static_cast<int>(m.content) + 1;
      }
      if (!in_definition) {
        span.start(t.substr(m.content + colon), t.size() + 1);
        span_line = line.number;
        span_col = static_cast<int>(m.content) + 1;
        if (!span.open()) end_span();
      }
    }

    uint64_t at_signs = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '@') {
        ++at_signs;
      } else if (t[i] == ']') {
        ++run_closers;
        ++closers;
      } else if (t[i] == '!' && i + 1 < t.size() && t[i + 1] == '[') {
        if (run_images++ == 0) {
          run_line = line.number;
          run_col = static_cast<int>(i) + 1;
        }
      }
    }
    total_at_signs += at_signs;
    if (total_at_signs > kMaxAtSigns && at_line == 0) {
      at_line = line.number;
      at_col = static_cast<int>(t.find('@')) + 1;
    }
    if (at_signs * t.size() > kMaxAtSignLineWork && at_signs * t.size() > worst_at_work) {
      worst_at_work = at_signs * t.size();
      worst_at_signs = at_signs;
      worst_at_length = t.size();
      work_line = line.number;
      work_col = static_cast<int>(t.find('@')) + 1;
    }
    prev_blank = false;
    prev_line_number = line.number;
  });
  end_run();
  if (span.open()) end_span();

  if (nest_line > 0) {
    ok = false;
    src.error(diags, nest_line, nest_col,
              "block quotes and lists are nested " + std::to_string(deepest) +
                  " deep; the limit is " + std::to_string(max_nesting),
              "reduce the nesting: flatten the lists or quotes, or split the content into "
              "sections");
  }
  if (cells_exceeded) {
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
  if (largest_definition * closers > options.max_output_bytes) {
    ok = false;
    src.error(diags, largest_line, largest_col,
              "link reference definition of " + std::to_string(largest_definition) +
                  " bytes may be copied into " + std::to_string(closers) + " links (" +
                  std::to_string(largest_definition * closers) + " bytes); the limit is " +
                  std::to_string(options.max_output_bytes),
              "shorten the definition's URL and title, or link to it less often");
  }
  if (bracket_line > 0) {
    ok = false;
    src.error(diags, bracket_line, bracket_col,
              "paragraph has " + std::to_string(worst_images) + " '![' and " +
                  std::to_string(worst_closers) + " ']' (" +
                  std::to_string(worst_images * worst_closers) + " pairs); the limit is " +
                  std::to_string(kMaxImageBracketPairs) + " pairs",
              "close each image's brackets, or split the paragraph: the parser's time grows "
              "with the product");
  }
  if (at_line > 0) {
    ok = false;
    src.error(diags, at_line, at_col,
              "page has " + std::to_string(total_at_signs) + " '@' characters; the limit is " +
                  std::to_string(kMaxAtSigns),
              "split the page: every '@' is checked as a possible email address");
  }
  if (work_line > 0) {
    ok = false;
    src.error(diags, work_line, work_col,
              "line has " + std::to_string(worst_at_signs) + " '@' characters in " +
                  std::to_string(worst_at_length) + " bytes (" + std::to_string(worst_at_work) +
                  " '@' x bytes); the limit is " + std::to_string(kMaxAtSignLineWork),
              "break the line: each '@' makes the email autolinker copy the rest of its line");
  }
  return ok;
}

}  // namespace agora
