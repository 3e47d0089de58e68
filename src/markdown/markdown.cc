// Markdown → HTML with cmark-gfm: parse, check the tree, rewrite it, render.
//
// render() runs in stages, each one bounded by the one before it:
//   1. prescan_markdown() (prescan.cc): size and the shapes cmark-gfm 0.29.0.gfm.6 parses in
//      quadratic time, before parsing.
//   2. parse with a fresh parser (nothing is shared between calls or threads).
//   3. check_tree(): nesting depth, table cells and a lower bound of the HTML size, reading node
//      fields without copying them, so an output blow-up (200,000 footnote references, each
//      rendered with a back-link) is refused before anything is rendered or copied.
//   4. transform: links (URL policy, rewriting, LinkRef list), GitHub alerts, heading ids.
//   5. plain text and summary, render, check the real output size.
#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"

namespace agora {

// ---- Diagnostics at body positions ------------------------------------------------------------

namespace {

/// cmark-gfm writes task-list checkboxes without a label, which screen readers announce as
/// an unnamed checkbox. Give each an accessible name and the item GitHub's class.
void label_task_checkboxes(std::string& html) {
  static constexpr std::string_view kItem = "<li><input type=\"checkbox\" ";
  if (html.find(kItem) == std::string::npos) return;
  std::string out;
  out.reserve(html.size() + 256);
  size_t pos = 0;
  for (size_t at = html.find(kItem); at != std::string::npos; at = html.find(kItem, pos)) {
    out.append(html, pos, at - pos);
    size_t end = html.find("/>", at);
    if (end == std::string::npos) break;
    std::string_view input(html.data() + at, end - at);
    bool done = input.find("checked=\"\"") != std::string_view::npos;
    out += "<li class=\"task-list-item\"><input type=\"checkbox\" ";
    out.append(html, at + kItem.size(), end - at - kItem.size());
    out += done ? "aria-label=\"Done\" " : "aria-label=\"Not done\" ";
    pos = end;
  }
  out.append(html, pos);
  html = std::move(out);
}

/// Lines longer than this are not quoted whole in diagnostics (pathological inputs are often a
/// single line of hundreds of kilobytes).
constexpr size_t kMaxQuotedLine = 200;

std::string quoted_line(std::string_view line, int col) {
  if (line.size() <= kMaxQuotedLine) return std::string(line);
  if (col > 0 && static_cast<size_t>(col) > kMaxQuotedLine - 40) return {};
  size_t cut = kMaxQuotedLine - 20;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  while (cut > 0 && (line[cut - 1] == ' ' || line[cut - 1] == '\t')) --cut;
  return std::string(line.substr(0, cut)) + " …";
}

}  // namespace

SourceLoc MarkdownSource::loc(int body_line, int col) const {
  if (body_line <= 0) return SourceLoc{file, 0, 0};
  return SourceLoc{file, body_line + first_line - 1, std::max(col, 1)};
}

void MarkdownSource::error(Diagnostics& diags, int body_line, int col, std::string message,
                           std::string hint) const {
  Diagnostic d;
  d.severity = Severity::Error;
  d.loc = loc(body_line, col);
  std::string_view line =
      whole_source.empty() ? line_of(body, body_line) : line_of(whole_source, d.loc.line);
  d.source_line = quoted_line(line, d.loc.col);
  d.message = std::move(message);
  d.hint = std::move(hint);
  diags.add(std::move(d));
}

// ---- cmark-gfm plumbing -----------------------------------------------------------------------

namespace {

constexpr int kParseOptions = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tasklist"};

/// cmark_gfm_core_extensions_ensure_registered() fills a process-wide registry without locking;
/// do it exactly once. After that the registry is only read.
void register_extensions_once() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterFree {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserFree>;
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;

std::string_view view(const char* s) {
  return s != nullptr ? std::string_view(s) : std::string_view();
}

/// The literal text of text, code, HTML and code-block nodes; "" for others. (cmark replaces
/// NUL bytes in the input, so the C string is the whole text.)
std::string_view literal_view(cmark_node* n) { return view(cmark_node_get_literal(n)); }

/// Destination and title of links and images; "" for others.
std::string_view url_view(cmark_node* n) { return view(cmark_node_get_url(n)); }
std::string_view title_view(cmark_node* n) { return view(cmark_node_get_title(n)); }

/// Node types added by extensions (tables, strikethrough) are numbered at registration; compare
/// their names instead.
bool has_type_name(cmark_node* n, std::string_view name) {
  const char* s = cmark_node_get_type_string(n);
  return s != nullptr && name == s;
}

bool is_block(cmark_node_type t) { return (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK; }

/// 1-based body line and column.
struct Pos {
  int line = 0, col = 0;
};

/// Source positions of nodes, corrected for cmark-gfm 0.29.0.gfm.6.
///
/// That version leaves the leading whitespace of a paragraph's continuation lines out of its
/// inline columns: in "> a\n>   b [x](y)" the link is reported at 2:5, not 2:7. On such lines
/// the column is rebuilt from the source: where the line's text starts (after its `>` markers
/// and indentation) plus the node's offset into the text as cmark counted it. Nodes without a
/// position get their enclosing block's line and column 1.
class Positions {
 public:
  explicit Positions(std::string_view body) : body_(body) {}

  Pos of(cmark_node* n) {
    int line = cmark_node_get_start_line(n);
    if (line <= 0) {
      for (cmark_node* p = cmark_node_parent(n); p != nullptr; p = cmark_node_parent(p))
        if (int l = cmark_node_get_start_line(p); l > 0) return {l, 1};
      return {1, 1};
    }
    int col = std::max(1, cmark_node_get_start_column(n));
    if (is_block(cmark_node_get_type(n))) return {line, col};
    cmark_node* block = cmark_node_parent(n);
    while (block != nullptr && !is_block(cmark_node_get_type(block)))
      block = cmark_node_parent(block);
    if (block == nullptr || line <= cmark_node_get_start_line(block)) return {line, col};
    std::string_view text = line_text(line);
    size_t content = text.find_first_not_of(" \t>");
    if (content == std::string_view::npos) return {line, col};
    int fixed = static_cast<int>(content) + 1 + (col - cmark_node_get_start_column(block));
    return {line, std::max(1, fixed)};
  }

 private:
  /// Body line `line` (1-based); lines end at \n, \r\n or \r as in CommonMark.
  std::string_view line_text(int line) {
    if (starts_.empty()) {
      starts_.push_back(0);
      for (size_t i = 0; i < body_.size(); ++i) {
        if (body_[i] == '\r' && i + 1 < body_.size() && body_[i + 1] == '\n') ++i;
        if (body_[i] == '\n' || body_[i] == '\r') starts_.push_back(i + 1);
      }
    }
    if (line < 1 || static_cast<size_t>(line) > starts_.size()) return {};
    size_t start = starts_[line - 1];
    size_t end = body_.find_first_of("\r\n", start);
    return body_.substr(start, end == std::string_view::npos ? body_.size() - start : end - start);
  }

  std::string_view body_;
  std::vector<size_t> starts_;  ///< offset of each line, built on first use
};

/// Calls f(node, entering) for every node under (and including) root, in document order.
template <typename F>
void walk(cmark_node* root, F&& f) {
  IterPtr it(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE)
    f(cmark_iter_get_node(it.get()), ev == CMARK_EVENT_ENTER);
}

// ---- Stage 3: limits on the parsed tree -------------------------------------------------------

/// Bytes the HTML renderer writes for `n` at the very least (its own text and tags, not its
/// children). Summed over the tree this is a lower bound of the output, so exceeding the output
/// limit with it is never a false alarm.
uint64_t min_html_bytes(cmark_node* n, bool unsafe_html) {
  switch (cmark_node_get_type(n)) {
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_PARAGRAPH:  // tight list items print no <p>
      return 0;
    case CMARK_NODE_TEXT:
      return literal_view(n).size();
    case CMARK_NODE_SOFTBREAK:
      return 1;
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_THEMATIC_BREAK:
      return 6;
    case CMARK_NODE_CODE:
      return literal_view(n).size() + 13;
    case CMARK_NODE_CODE_BLOCK:
      return literal_view(n).size() + 24;
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
      return unsafe_html ? literal_view(n).size() : 24;
    case CMARK_NODE_LINK:
      return url_view(n).size() + title_view(n).size() + 15;
    case CMARK_NODE_IMAGE:
      return url_view(n).size() + title_view(n).size() + 22;
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      return 40;
    default:
      return 9;  // <li></li>, <td></td>, <em></em>...
  }
}

bool check_tree(cmark_node* doc, const MarkdownSource& src, const MarkdownOptions& opt,
                Positions& positions, Diagnostics& diags) {
  int depth = 0, deepest = 0;
  Pos nest_at, cells_at, output_at;
  uint64_t cells = 0, output = 0;
  walk(doc, [&](cmark_node* n, bool entering) {
    cmark_node_type t = cmark_node_get_type(n);
    bool nests = t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST;
    if (!entering) {
      if (nests) --depth;
      return;
    }
    if (nests && ++depth > deepest) {
      deepest = depth;
      if (depth == opt.max_nesting + 1) nest_at = positions.of(n);
    }
    output += min_html_bytes(n, opt.unsafe_html);
    if (output > opt.max_output_bytes && output_at.line == 0) output_at = positions.of(n);
    if (is_block(t) && t > CMARK_NODE_FOOTNOTE_DEFINITION && has_type_name(n, "table_cell") &&
        ++cells == opt.max_table_cells + 1) {
      cmark_node* table = cmark_node_parent(cmark_node_parent(n));
      cells_at = positions.of(table != nullptr ? table : n);
    }
  });
  bool ok = true;
  if (nest_at.line > 0) {
    ok = false;
    src.error(diags, nest_at.line, nest_at.col,
              "block quotes and lists are nested " + std::to_string(deepest) +
                  " deep; the limit is " + std::to_string(opt.max_nesting),
              "reduce the nesting: flatten the lists or quotes, or split the content into "
              "sections");
  }
  if (cells_at.line > 0) {
    ok = false;
    src.error(diags, cells_at.line, cells_at.col,
              "tables have " + std::to_string(cells) + " cells; the limit is " +
                  std::to_string(opt.max_table_cells),
              "split the table, or the page, into smaller ones");
  }
  if (output_at.line > 0) {
    ok = false;
    src.error(diags, output_at.line, output_at.col,
              "rendered HTML would be at least " + std::to_string(output) +
                  " bytes; the limit is " + std::to_string(opt.max_output_bytes),
              "split the page into smaller pages (the limit is reached here)");
  }
  return ok;
}

// ---- Stage 4: links, alerts, headings ---------------------------------------------------------

/// Text of a subtree: text and code spans, line breaks as spaces, whitespace collapsed.
std::string inline_text(cmark_node* root) {
  std::string raw;
  walk(root, [&](cmark_node* n, bool entering) {
    if (!entering) return;
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        raw += literal_view(n);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        raw += ' ';
        break;
      default:
        break;
    }
  });
  std::string out;
  out.reserve(raw.size());
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

/// A URL shortened and made printable for a message.
std::string printable(std::string_view url) {
  std::string out;
  for (char c : url.substr(0, 60))
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  if (url.size() > 60) out += "…";
  return out;
}

void process_links(const std::vector<cmark_node*>& links, const MarkdownSource& src,
                   Positions& positions, const LinkRewriter& rewrite, MarkdownResult& result,
                   Diagnostics& diags) {
  for (cmark_node* n : links) {
    bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
    std::string url(url_view(n));
    Pos p = positions.of(n);
    SourceLoc at = src.loc(p.line, p.col);
    result.links.push_back(LinkRef{url, at, image});
    if (!is_allowed_url(url)) {
      const char* what = image ? "image with a disallowed URL" : "link to a disallowed URL";
      std::string message, hint = "only http, https, mailto and relative URLs are allowed";
      if (has_url_scheme(url)) {
        message =
            std::string(what) + " scheme '" + ascii_lower(url.substr(0, url.find(':') + 1)) + "'";
      } else if (url.size() >= 2 && (url[0] == '/' || url[0] == '\\') &&
                 (url[1] == '/' || url[1] == '\\')) {
        message = std::string(image ? "image with" : "link to") + " a protocol-relative URL '" +
                  printable(url) + "'";
        hint = "write the scheme (https://...), or a path on this site";
      } else {
        message = std::string(what) + " '" + printable(url) + "'";
      }
      src.error(diags, p.line, p.col, std::move(message), std::move(hint));
      continue;
    }
    if (!has_url_scheme(url) && rewrite) {
      if (std::optional<std::string> to = rewrite(url, at, image))
        cmark_node_set_url(n, to->c_str());
    }
  }
}

/// Unlinks `n` from the tree but keeps it alive until the render is over: text nodes do not own
/// their characters, they point into their block's buffer (a heading's text lives in the heading
/// node), so a replaced block must outlive its moved children.
void detach(cmark_node* n, std::vector<NodePtr>& removed) {
  cmark_node_unlink(n);
  removed.emplace_back(n);
}

/// One kind of GitHub alert: `> [!NOTE]`.
struct AlertKind {
  std::string_view marker;  ///< lowercase, as written between the brackets
  std::string_view title;
};
constexpr AlertKind kAlertKinds[] = {
    {"note", "Note"},
    {"tip", "Tip"},
    {"important", "Important"},
    {"warning", "Warning"},
    {"caution", "Caution"},
};

/// When `quote` is a GitHub alert, removes its `[!KIND]` line and returns the kind.
const AlertKind* take_alert_marker(cmark_node* quote, std::vector<NodePtr>& removed) {
  cmark_node* para = cmark_node_first_child(quote);
  if (cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return nullptr;
  // The marker is the paragraph's first line: text nodes up to a line break or the end.
  std::string marker;
  std::vector<cmark_node*> line;
  cmark_node* n = cmark_node_first_child(para);
  for (; n != nullptr && cmark_node_get_type(n) == CMARK_NODE_TEXT; n = cmark_node_next(n)) {
    marker += literal_view(n);
    line.push_back(n);
    if (marker.size() > 16) return nullptr;
  }
  cmark_node_type after = cmark_node_get_type(n);
  if (n != nullptr && after != CMARK_NODE_SOFTBREAK && after != CMARK_NODE_LINEBREAK)
    return nullptr;
  std::string_view m = trim(marker);
  if (m.size() < 4 || m.substr(0, 2) != "[!" || m.back() != ']') return nullptr;
  std::string kind = ascii_lower(m.substr(2, m.size() - 3));
  for (const AlertKind& k : kAlertKinds) {
    if (kind != k.marker) continue;
    if (n != nullptr) line.push_back(n);
    for (cmark_node* x : line) detach(x, removed);
    if (cmark_node_first_child(para) == nullptr) detach(para, removed);
    return &k;
  }
  return nullptr;
}

/// Moves every child of `from` to the end of `to`.
void move_children(cmark_node* from, cmark_node* to) {
  while (cmark_node* c = cmark_node_first_child(from)) cmark_node_append_child(to, c);
}

/// GitHub alerts become <div class="admonition KIND" role="note"> with a title paragraph. The
/// block quote is replaced by a CMARK_NODE_CUSTOM_BLOCK (it may hold any blocks) whose
/// on_enter/on_exit carry the div; its children move across unchanged.
void render_alerts(const std::vector<cmark_node*>& quotes, cmark_mem* mem,
                   std::vector<NodePtr>& removed) {
  for (cmark_node* quote : quotes) {
    const AlertKind* kind = take_alert_marker(quote, removed);
    if (kind == nullptr) continue;
    cmark_node* div = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem);
    std::string enter = "<div class=\"admonition " + std::string(kind->marker) +
                        "\" role=\"note\">\n<p class=\"admonition-title\">" +
                        std::string(kind->title) + "</p>";
    cmark_node_set_on_enter(div, enter.c_str());
    cmark_node_set_on_exit(div, "</div>");
    move_children(quote, div);
    cmark_node_replace(quote, div);
    removed.emplace_back(quote);
  }
}

/// Gives out heading ids unique within a page: "intro", "intro-1", "intro-2"...
class IdAllocator {
 public:
  std::string take(std::string base) {
    if (base.empty()) base = "section";
    // Footnotes own fn-* and fnref-* ids (cmark writes id="fn-1", id="fnref-1-2").
    if (starts_with(base, "fn-") || starts_with(base, "fnref-")) base = "section-" + base;
    if (used_.insert(base).second) return base;
    int& next = next_suffix_[base];
    for (;;) {
      std::string id = base + '-' + std::to_string(++next);
      if (used_.insert(id).second) return id;
    }
  }

 private:
  std::unordered_set<std::string> used_;
  std::unordered_map<std::string, int> next_suffix_;
};

/// Heading ids. cmark's HTML renderer has no hook for attributes on <hN>, and the output must not
/// be patched with regexes, so each heading node is replaced before rendering by
///   CUSTOM_BLOCK (empty on_enter/on_exit: only gives the block its line breaks)
///     └ CUSTOM_INLINE  on_enter `<h2 id="install">`,
///                      on_exit ` <a class="anchor" href="#install"
///                                 aria-label="Link to this section">#</a></h2>`
///         └ the heading's original inline children, moved, still rendered by cmark.
/// (A custom block may contain anything and a custom inline any inline — node.c's
/// cmark_node_can_contain_type.) The anchor comes after the text so the heading reads and copies
/// as its text. It stays a normal, focusable link with a spoken name instead of "#": the theme
/// reveals it on :focus-visible, and aria-hidden on something focusable is an accessibility
/// error (a keyboard user would land on a link that a screen reader does not announce).
void render_headings(const std::vector<cmark_node*>& headings, const MarkdownSource& src,
                     Positions& positions, cmark_mem* mem, MarkdownResult& result,
                     std::vector<NodePtr>& removed) {
  IdAllocator ids;
  for (cmark_node* h : headings) {
    int level = cmark_node_get_heading_level(h);
    Heading heading;
    heading.level = level;
    heading.text = inline_text(h);
    heading.id = ids.take(slugify(heading.text));
    heading.line = src.loc(positions.of(h).line, 1).line;

    std::string id = html_escape(heading.id);
    std::string tag = "h" + std::to_string(level);
    std::string enter = "<" + tag + " id=\"" + id + "\">";
    std::string exit = std::string(cmark_node_first_child(h) != nullptr ? " " : "") +
                       "<a class=\"anchor\" href=\"#" + id +
                       "\" aria-label=\"Link to this section\">#</a></" + tag + ">";
    cmark_node* block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem);
    cmark_node* inl = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem);
    cmark_node_set_on_enter(inl, enter.c_str());
    cmark_node_set_on_exit(inl, exit.c_str());
    move_children(h, inl);
    cmark_node_append_child(block, inl);
    cmark_node_replace(h, block);
    removed.emplace_back(h);
    result.headings.push_back(std::move(heading));
  }
}

// ---- Stage 5: text ----------------------------------------------------------------------------

/// All text, one line per block (table cells separated by spaces); raw HTML left out.
std::string plain_text_of(cmark_node* doc) {
  std::string out;
  auto end_with = [&](char sep) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out += sep;
  };
  walk(doc, [&](cmark_node* n, bool entering) {
    cmark_node_type t = cmark_node_get_type(n);
    if (entering) {
      switch (t) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          out += literal_view(n);
          break;
        case CMARK_NODE_SOFTBREAK:
          out += ' ';
          break;
        case CMARK_NODE_LINEBREAK:
          out += '\n';
          break;
        case CMARK_NODE_CODE_BLOCK:
          end_with('\n');
          out += literal_view(n);
          end_with('\n');
          break;
        default:
          break;
      }
      return;
    }
    if (is_block(t)) end_with(has_type_name(n, "table_cell") ? ' ' : '\n');
  });
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

/// `text` cut at a word boundary near `max_chars` characters, with "…" when cut.
std::string shorten(std::string text, size_t max_chars) {
  size_t i = 0, chars = 0;
  while (i < text.size() && chars < max_chars) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  if (i >= text.size()) return text;
  size_t cut = text.rfind(' ', i);
  if (cut == std::string::npos || cut == 0) cut = i;
  text.resize(cut);
  while (!text.empty() && std::string_view(" ,;:-").find(text.back()) != std::string_view::npos)
    text.pop_back();
  return text + "…";
}

/// The first paragraph with text: at the top level if there is one (not a note or a list item).
std::string summary_of(cmark_node* doc) {
  std::string text;
  for (cmark_node* n = cmark_node_first_child(doc); n != nullptr && text.empty();
       n = cmark_node_next(n))
    if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) text = inline_text(n);
  if (text.empty()) {
    walk(doc, [&](cmark_node* n, bool entering) {
      if (entering && text.empty() && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
        text = inline_text(n);
    });
  }
  return shorten(std::move(text), 300);
}

}  // namespace

// ---- The renderer -----------------------------------------------------------------------------

MarkdownRenderer::MarkdownRenderer(MarkdownOptions options) : options_(options) {
  register_extensions_once();
}

std::optional<MarkdownResult> MarkdownRenderer::render(std::string_view body,
                                                       const std::string& file, int first_line,
                                                       std::string_view whole_source,
                                                       const LinkRewriter& rewrite,
                                                       Diagnostics& diags) const {
  const MarkdownSource src{body, file, first_line, whole_source};
  if (!prescan_markdown(src, options_, diags)) return std::nullopt;

  cmark_mem* mem = cmark_get_default_mem_allocator();
  ParserPtr parser(cmark_parser_new_with_mem(kParseOptions, mem));
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), body.data(), body.size());
  NodePtr doc(cmark_parser_finish(parser.get()));
  Positions positions(body);
  if (!doc || !check_tree(doc.get(), src, options_, positions, diags)) return std::nullopt;

  // Collect first, change the tree after: the iterator must not see nodes being replaced.
  std::vector<cmark_node*> links, quotes, headings;
  walk(doc.get(), [&](cmark_node* n, bool entering) {
    if (!entering) return;
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        links.push_back(n);
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        quotes.push_back(n);
        break;
      case CMARK_NODE_HEADING:
        headings.push_back(n);
        break;
      default:
        break;
    }
  });

  MarkdownResult result;
  std::vector<NodePtr> removed;  // replaced nodes, freed after rendering (see detach())
  size_t errors_before = diags.error_count();
  process_links(links, src, positions, rewrite, result, diags);
  render_alerts(quotes, mem, removed);
  render_headings(headings, src, positions, mem, result, removed);
  if (diags.error_count() > errors_before) return std::nullopt;

  result.plain_text = plain_text_of(doc.get());
  result.summary = summary_of(doc.get());
  result.word_count = count_words(result.plain_text);

  int render_options = CMARK_OPT_FOOTNOTES | (options_.unsafe_html ? CMARK_OPT_UNSAFE : 0);
  char* html = cmark_render_html_with_mem(doc.get(), render_options,
                                          cmark_parser_get_syntax_extensions(parser.get()), mem);
  result.html.assign(html);
  mem->free(html);
  label_task_checkboxes(result.html);
  if (result.html.size() > options_.max_output_bytes) {
    src.error(diags, 1, 1,
              "rendered HTML is " + std::to_string(result.html.size()) + " bytes; the limit is " +
                  std::to_string(options_.max_output_bytes),
              "split the page into smaller pages");
    return std::nullopt;
  }
  return result;
}

}  // namespace agora
