#include "markdown/markdown.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <thread>

#include "core/text.h"

using namespace agora;

namespace {

/// Renders `md` as the whole file content/test.md (body from line 1), no rewriting.
struct Rendered {
  std::optional<MarkdownResult> result;
  Diagnostics diags;
  double seconds = 0;
  std::string html() const {
    return result ? result->html : "(failed)\n" + format_diagnostics(diags);
  }
  std::string errors() const { return format_diagnostics(diags); }
};

Rendered render(std::string_view md, MarkdownOptions options = {}, const LinkRewriter& rewrite = {},
                int first_line = 1, std::string_view whole = {}) {
  MarkdownRenderer renderer(options);
  Rendered r;
  auto start = std::chrono::steady_clock::now();
  r.result = renderer.render(md, "content/test.md", first_line, whole, rewrite, r.diags);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// A safety guard, not a benchmark: the pathological inputs below took 15 s to minutes before
// the limits; with them each returns in milliseconds. Sanitizer builds run several times slower.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kMaxSeconds = 10.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kMaxSeconds = 10.0;
#else
constexpr double kMaxSeconds = 2.0;
#endif
#else
constexpr double kMaxSeconds = 2.0;
#endif

}  // namespace

// ---- HTML ---------------------------------------------------------------------------------------

TEST_CASE("headings get unique ids and a self-link", "[markdown]") {
  Rendered r =
      render("# Intro\n\ntext\n\n## Intro\n\n## Intro 1\n\n### Hello, *World*!\n\nSetext\n---\n");
  CHECK(r.html() ==
        "<h1 id=\"intro\">Intro <a class=\"anchor\" href=\"#intro\" aria-label=\"Link to this "
        "section\">#</a></h1>\n"
        "<p>text</p>\n"
        "<h2 id=\"intro-1\">Intro <a class=\"anchor\" href=\"#intro-1\" aria-label=\"Link to this "
        "section\">#</a></h2>\n"
        "<h2 id=\"intro-1-1\">Intro 1 <a class=\"anchor\" href=\"#intro-1-1\" aria-label=\"Link to "
        "this section\">#</a></h2>\n"
        "<h3 id=\"hello-world\">Hello, <em>World</em>! <a class=\"anchor\" href=\"#hello-world\" "
        "aria-label=\"Link to this section\">#</a></h3>\n"
        "<h2 id=\"setext\">Setext <a class=\"anchor\" href=\"#setext\" aria-label=\"Link to this "
        "section\">#</a></h2>\n");
  REQUIRE(r.result);
  const auto& h = r.result->headings;
  REQUIRE(h.size() == 5);
  CHECK((h[0].level == 1 && h[0].text == "Intro" && h[0].id == "intro" && h[0].line == 1));
  CHECK((h[1].level == 2 && h[1].id == "intro-1" && h[1].line == 5));
  CHECK((h[2].text == "Intro 1" && h[2].id == "intro-1-1"));
  CHECK((h[3].level == 3 && h[3].text == "Hello, World!" && h[3].id == "hello-world" &&
         h[3].line == 9));
  CHECK((h[4].text == "Setext" && h[4].line == 11));
}

TEST_CASE("heading ids: empty slugs and footnote-like slugs", "[markdown]") {
  Rendered r = render("#\n\n## !!!\n\n## Fn 1\n\n## fnref 1\n\nA note.[^1]\n\n[^1]: The note.\n");
  REQUIRE(r.result);
  std::vector<std::string> ids;
  for (const auto& h : r.result->headings) ids.push_back(h.id);
  CHECK(ids == std::vector<std::string>{"section", "section-1", "section-fn-1", "section-fnref-1"});
  CHECK(r.html() ==
        "<h1 id=\"section\"><a class=\"anchor\" href=\"#section\" aria-label=\"Link to this "
        "section\">#</a></h1>\n"
        "<h2 id=\"section-1\">!!! <a class=\"anchor\" href=\"#section-1\" aria-label=\"Link to "
        "this section\">#</a></h2>\n"
        "<h2 id=\"section-fn-1\">Fn 1 <a class=\"anchor\" href=\"#section-fn-1\" "
        "aria-label=\"Link to this section\">#</a></h2>\n"
        "<h2 id=\"section-fnref-1\">fnref 1 <a class=\"anchor\" href=\"#section-fnref-1\" "
        "aria-label=\"Link to this section\">#</a></h2>\n"
        "<p>A note.<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" "
        "data-footnote-ref>1</a></sup></p>\n"
        "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-1\">\n"
        "<p>The note. <a href=\"#fnref-1\" class=\"footnote-backref\" data-footnote-backref "
        "aria-label=\"Back to content\">↩</a></p>\n</li>\n</ol>\n</section>\n");
}

TEST_CASE("headings inside lists and quotes get ids too", "[markdown]") {
  Rendered r = render("- # In a list\n\n> ## In a quote\n");
  CHECK(r.html() ==
        "<ul>\n<li>\n<h1 id=\"in-a-list\">In a list <a class=\"anchor\" href=\"#in-a-list\" "
        "aria-label=\"Link to this section\">#</a></h1>\n</li>\n</ul>\n"
        "<blockquote>\n<h2 id=\"in-a-quote\">In a quote <a class=\"anchor\" href=\"#in-a-quote\" "
        "aria-label=\"Link to this section\">#</a></h2>\n</blockquote>\n");
}

TEST_CASE("GitHub alerts become admonitions", "[markdown]") {
  Rendered r = render(
      "> [!NOTE]\n> Read *this*.\n\n"
      "> [!warning]\n>\n> Two\n>\n> paragraphs.\n\n"
      "> [!Tip]\n\n"
      "> [!NOTE] not alone on its line\n\n"
      "> [!UNKNOWN]\n> stays a quote\n\n"
      "> plain quote\n");
  CHECK(r.html() ==
        "<div class=\"admonition note\" role=\"note\">\n<p class=\"admonition-title\">Note</p>\n"
        "<p>Read <em>this</em>.</p>\n</div>\n"
        "<div class=\"admonition warning\" role=\"note\">\n"
        "<p class=\"admonition-title\">Warning</p>\n<p>Two</p>\n<p>paragraphs.</p>\n</div>\n"
        "<div class=\"admonition tip\" role=\"note\">\n<p class=\"admonition-title\">Tip</p>\n"
        "</div>\n"
        "<blockquote>\n<p>[!NOTE] not alone on its line</p>\n</blockquote>\n"
        "<blockquote>\n<p>[!UNKNOWN]\nstays a quote</p>\n</blockquote>\n"
        "<blockquote>\n<p>plain quote</p>\n</blockquote>\n");
  REQUIRE(r.result);
  CHECK(r.result->plain_text ==
        "Read this.\nTwo\nparagraphs.\n[!NOTE] not alone on its line\n[!UNKNOWN] stays a quote\n"
        "plain quote");
}

TEST_CASE("all five alert kinds", "[markdown]") {
  for (std::string kind : {"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}) {
    Rendered r = render("> [!" + kind + "]\n> x\n");
    std::string lower = kind, title = kind;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    title = kind.substr(0, 1) + lower.substr(1);
    CHECK(r.html() == "<div class=\"admonition " + lower +
                          "\" role=\"note\">\n"
                          "<p class=\"admonition-title\">" +
                          title + "</p>\n<p>x</p>\n</div>\n");
  }
}

TEST_CASE("task lists, tables, strikethrough, autolinks", "[markdown]") {
  CHECK(render("- [ ] todo\n- [x] done\n").html() ==
        "<ul>\n<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\" /> todo</li>\n"
        "<li class=\"task-list-item\"><input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\" /> done</li>\n</ul>\n");
  CHECK(render("| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 |\n").html() ==
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"center\">b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td align=\"center\">2</td>\n</tr>\n"
        "<tr>\n<td>3</td>\n<td align=\"center\"></td>\n</tr>\n</tbody>\n</table>\n");
  CHECK(render("~~gone~~ and ~also~\n").html() == "<p><del>gone</del> and <del>also</del></p>\n");
  CHECK(render("see www.example.com or me@example.com\n").html() ==
        "<p>see <a href=\"http://www.example.com\">www.example.com</a> or "
        "<a href=\"mailto:me@example.com\">me@example.com</a></p>\n");
}

TEST_CASE("footnotes", "[markdown]") {
  CHECK(render("One[^a] two[^a].\n\n[^a]: Note *text*.\n").html() ==
        "<p>One<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\" "
        "data-footnote-ref>1</a></sup> two<sup class=\"footnote-ref\"><a href=\"#fn-a\" "
        "id=\"fnref-a-2\" data-footnote-ref>1</a></sup>.</p>\n"
        "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-a\">\n"
        "<p>Note <em>text</em>. <a href=\"#fnref-a\" class=\"footnote-backref\" "
        "data-footnote-backref aria-label=\"Back to content\">↩</a> <a href=\"#fnref-a-2\" "
        "class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to content\">↩"
        "<sup class=\"footnote-ref\">2</sup></a></p>\n</li>\n</ol>\n</section>\n");
}

TEST_CASE("fenced code keeps its language class", "[markdown]") {
  CHECK(render("```cpp\nint main() { return a < b; }\n```\n\n~~~\nplain\n~~~\n").html() ==
        "<pre><code class=\"language-cpp\">int main() { return a &lt; b; }\n</code></pre>\n"
        "<pre><code>plain\n</code></pre>\n");
}

TEST_CASE("raw HTML is omitted unless the site opts in", "[markdown]") {
  std::string md = "<div class=\"x\">\nblock\n</div>\n\nInline <b>bold</b>.\n";
  CHECK(render(md).html() ==
        "<!-- raw HTML omitted -->\n<p>Inline <!-- raw HTML omitted -->bold<!-- raw HTML omitted "
        "-->.</p>\n");
  MarkdownOptions unsafe;
  unsafe.unsafe_html = true;
  CHECK(render(md, unsafe).html() ==
        "<div class=\"x\">\nblock\n</div>\n<p>Inline <b>bold</b>.</p>\n");
}

// ---- Links --------------------------------------------------------------------------------------

TEST_CASE("relative links go through the rewriter, with file positions", "[markdown]") {
  // Front matter takes lines 1-3; the body starts on line 4.
  std::string whole =
      "---\ntitle: T\n---\n"
      "See [install](../guide/install.md#usage) and\n"
      "  ![logo](img/logo.png \"Logo\") or [ext](https://example.com/x) [top](#top).\n"
      "\n"
      "- item [ref][r]\n"
      "\n"
      "[r]: other.md\n";
  std::string_view body = std::string_view(whole).substr(whole.find("See"));
  struct Call {
    std::string url;
    SourceLoc at;
    bool image;
  };
  std::vector<Call> calls;
  LinkRewriter rewrite = [&](std::string_view url, const SourceLoc& at,
                             bool image) -> std::optional<std::string> {
    calls.push_back({std::string(url), at, image});
    if (url == "../guide/install.md#usage") return "/docs/guide/install/#usage";
    if (url == "other.md") return "/other/";
    return std::nullopt;
  };
  Rendered r = render(body, {}, rewrite, 4, whole);
  CHECK(r.html() ==
        "<p>See <a href=\"/docs/guide/install/#usage\">install</a> and\n"
        "<img src=\"img/logo.png\" alt=\"logo\" title=\"Logo\" /> or "
        "<a href=\"https://example.com/x\">ext</a> <a href=\"#top\">top</a>.</p>\n"
        "<ul>\n<li>item <a href=\"/other/\">ref</a></li>\n</ul>\n");
  REQUIRE(calls.size() == 4);  // not the https link
  CHECK((calls[0].url == "../guide/install.md#usage" && calls[0].at.file == "content/test.md" &&
         calls[0].at.line == 4 && calls[0].at.col == 5 && !calls[0].image));
  CHECK((calls[1].url == "img/logo.png" && calls[1].at.line == 5 && calls[1].at.col == 3 &&
         calls[1].image));
  CHECK((calls[2].url == "#top" && calls[2].at.line == 5 && calls[2].at.col == 64));
  CHECK((calls[3].url == "other.md" && calls[3].at.line == 7 && calls[3].at.col == 8));
  REQUIRE(r.result);
  const auto& links = r.result->links;
  REQUIRE(links.size() == 5);
  CHECK((links[0].url == "../guide/install.md#usage" && links[0].loc.line == 4));
  CHECK((links[2].url == "https://example.com/x" && links[2].loc.line == 5 &&
         links[2].loc.col == 35 && !links[2].image));
  CHECK(links[4].url == "other.md");
}

TEST_CASE("disallowed URL schemes are errors at the link", "[markdown]") {
  std::string whole = "---\ntitle: T\n---\nClick [here](JavaScript:alert(1)) now.\n";
  std::string_view body = std::string_view(whole).substr(whole.find("Click"));
  bool called = false;
  LinkRewriter rewrite = [&](std::string_view, const SourceLoc&,
                             bool) -> std::optional<std::string> {
    called = true;
    return std::nullopt;
  };
  Rendered r = render(body, {}, rewrite, 4, whole);
  CHECK_FALSE(r.result);
  CHECK_FALSE(called);
  CHECK(r.errors() ==
        "content/test.md:4:7: error: link to a disallowed URL scheme 'javascript:'\n"
        "  4 | Click [here](JavaScript:alert(1)) now.\n"
        "    |       ^\n"
        "  hint: only http, https, mailto and relative URLs are allowed\n");
}

TEST_CASE("images with disallowed sources are rejected", "[markdown]") {
  Rendered r = render(
      "Text\n\n![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)\n"
      "[z](//evil.example/) [w](<java\tscript:x>)\n");
  CHECK_FALSE(r.result);
  CHECK(r.errors() ==
        "content/test.md:3:1: error: image with a disallowed URL scheme 'javascript:'\n"
        "  3 | ![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)\n"
        "    | ^\n"
        "  hint: only http, https, mailto and relative URLs are allowed\n"
        "content/test.md:3:27: error: image with a disallowed URL scheme 'data:'\n"
        "  3 | ![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)\n"
        "    |                           ^\n"
        "  hint: only http, https, mailto and relative URLs are allowed\n"
        "content/test.md:4:1: error: link to a protocol-relative URL '//evil.example/'\n"
        "  4 | [z](//evil.example/) [w](<java\tscript:x>)\n"
        "    | ^\n"
        "  hint: write the scheme (https://...), or a path on this site\n"
        "content/test.md:4:22: error: link to a disallowed URL 'java?script:x'\n"
        "  4 | [z](//evil.example/) [w](<java\tscript:x>)\n"
        "    |                      ^\n"
        "  hint: only http, https, mailto and relative URLs are allowed\n");
}

TEST_CASE("mailto and entity-encoded schemes", "[markdown]") {
  CHECK(render("[m](mailto:a@example.com)\n").html() ==
        "<p><a href=\"mailto:a@example.com\">m</a></p>\n");
  // cmark decodes entities before we see the URL, so this is still javascript:.
  Rendered r = render("[x](&#106;avascript:alert(1))\n");
  CHECK_FALSE(r.result);
  CHECK(r.errors().find("disallowed URL scheme 'javascript:'") != std::string::npos);
}

// ---- Text ---------------------------------------------------------------------------------------

TEST_CASE("plain text, summary and word count", "[markdown]") {
  Rendered r = render(
      "# Title\n\nFirst *paragraph* with `code` and a [link](x.md).\nSecond line.\n\n"
      "```sh\nmake install\n```\n\n<div>raw</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
  REQUIRE(r.result);
  CHECK(r.result->plain_text ==
        "Title\nFirst paragraph with code and a link. Second line.\nmake install\na b\n1 2");
  CHECK(r.result->summary == "First paragraph with code and a link. Second line.");
  CHECK(r.result->word_count == 16);
}

TEST_CASE("summary is cut at a word boundary near 300 characters", "[markdown]") {
  std::string para;
  for (int i = 0; i < 100; ++i) para += "word" + std::to_string(i) + " ";
  Rendered r = render("> quote first\n\n" + para + "\n\nSecond paragraph.\n");
  REQUIRE(r.result);
  const std::string& s = r.result->summary;
  CHECK(s.substr(0, 12) == "word0 word1 ");
  CHECK(ends_with(s, " word43…"));  // "word0 ... word43" is 298 characters
  CHECK(s.size() <= 300 + std::string("…").size());
  CHECK(render("Short one.\n").result->summary == "Short one.");
  CHECK(render("# Only a heading\n").result->summary.empty());
}

// ---- Limits -------------------------------------------------------------------------------------

TEST_CASE("limit: file size, before parsing", "[markdown]") {
  std::string big = repeat("Some words on a line.\n", (3 << 20) / 22 + 1);
  big.resize(3 << 20);
  Rendered r = render(big);
  CHECK_FALSE(r.result);
  CHECK(r.errors() ==
        "content/test.md:47663:13: error: file is 3145728 bytes; the limit is 1048576\n"
        "  47663 | Some words on a line.\n"
        "        |             ^\n"
        "  hint: split the page into smaller pages (the limit is reached here)\n");
  CHECK(r.seconds < kMaxSeconds);
}

TEST_CASE("limit: 50,000 nested block quotes on one line", "[markdown]") {
  Rendered r = render("Intro\n\n" + repeat("> ", 50000) + "a\n");
  CHECK_FALSE(r.result);
  std::string quoted = repeat("> ", 89) + "> …";
  CHECK(
      r.errors() ==
      "content/test.md:3:65: error: block quotes and lists are nested 50000 deep; the limit is 32\n"
      "  3 | " +
          quoted +
          "\n"
          "    | " +
          std::string(64, ' ') +
          "^\n"
          "  hint: reduce the nesting: flatten the lists or quotes, or split the content into "
          "sections\n");
  CHECK(r.seconds < kMaxSeconds);
}

TEST_CASE("limit: nested list markers (CVE-2023-24824 shape)", "[markdown]") {
  // Took 39 s to parse with Debian's cmark-gfm 0.29.0.gfm.6.
  Rendered r = render(repeat(" -", 40000) + " > ```" + repeat("\n", 40000));
  CHECK_FALSE(r.result);
  CHECK(r.errors().find("content/test.md:1:66: error: block quotes and lists are nested 40001 "
                        "deep; the limit is 32\n") == 0);
  CHECK(r.seconds < kMaxSeconds);
}

TEST_CASE("limit: nesting built by indentation is found in the tree", "[markdown]") {
  // One marker per line: the pre-scan sees depth 1 everywhere, the parsed tree sees 40.
  std::string md;
  for (int i = 0; i < 40; ++i)
    md += std::string(2 * i, ' ') + "- level " + std::to_string(i) + "\n";
  Rendered r = render(md);
  CHECK_FALSE(r.result);
  CHECK(r.errors() ==
        "content/test.md:33:65: error: block quotes and lists are nested 40 deep; the limit is 32\n"
        "  33 |                                                                 - level 32\n"
        "     |                                                                 ^\n"
        "  hint: reduce the nesting: flatten the lists or quotes, or split the content into "
        "sections\n");
  CHECK(render(md.substr(0, md.find("- level 32"))).result);  // 32 levels are fine
}

TEST_CASE("limit: a 1,000-column table with 10,000 short rows", "[markdown]") {
  // GFM pads every row to the header's width: 24 KB of input, 10 million cells, 100 MB of HTML
  // and 33 s without the limit.
  std::string md =
      "Data:\n\n|" + repeat("a|", 1000) + "\n|" + repeat("-|", 1000) + "\n" + repeat("x\n", 10000);
  Rendered r = render(md);
  CHECK_FALSE(r.result);
  CHECK(r.errors().find("content/test.md:3:1: error: tables have 10001000 cells; the limit is "
                        "10000\n") == 0);
  CHECK(r.errors().find("  hint: split the table, or the page, into smaller ones\n") !=
        std::string::npos);
  CHECK(r.seconds < kMaxSeconds);

  // A wider table hiding behind a narrow one in the same run of lines is still counted.
  std::string hidden =
      "a\n-\n# h\n|" + repeat("b|", 1000) + "\n|" + repeat("-|", 1000) + "\n" + repeat("y\n", 50);
  Rendered h = render(hidden);
  CHECK_FALSE(h.result);
  CHECK(h.errors().find("error: tables have 51003 cells; the limit is 10000") != std::string::npos);
}

TEST_CASE("limit: tables under the limit render", "[markdown]") {
  std::string md = "|" + repeat("a|", 10) + "\n|" + repeat("-|", 10) + "\n" + repeat("x\n", 900);
  Rendered r = render(md);
  CHECK(r.result);
  CHECK(r.errors().empty());
}

TEST_CASE("limit: 100,000 link reference definitions", "[markdown]") {
  Rendered r = render("Text\n\n" + repeat("[a]: b\n", 100000));
  CHECK_FALSE(r.result);
  CHECK(r.errors() ==
        "content/test.md:1003:1: error: page has 100000 link reference definitions; the limit is "
        "1000\n"
        "  1003 | [a]: b\n"
        "       | ^\n"
        "  hint: use inline links, or split the page into smaller pages\n");
  CHECK(r.seconds < kMaxSeconds);
}

TEST_CASE("limit: image openers before links (quadratic in cmark-gfm 0.29.0.gfm.6)", "[markdown]") {
  // "![[]()" x 150000 took 125 s.
  Rendered r = render("Intro\n\n" + repeat("![[]()", 150000) + "\n");
  CHECK_FALSE(r.result);
  CHECK(r.errors().find("content/test.md:3:1: error: paragraph has 150000 '![' and 150000 ']' "
                        "(22500000000 pairs); the limit is 10000000 pairs\n") == 0);
  CHECK(r.seconds < kMaxSeconds);
  // Ordinary pages with many images are fine.
  CHECK(render(repeat("![a](b.png) [c](d.md)\n", 2000)).result);
}

TEST_CASE("limit: '@' for the email autolinker", "[markdown]") {
  // Each '@' is tried as an email address, copying the rest of its line: 20,000 '@' on a 1 MB
  // line took 4 s.
  Rendered line = render("Intro\n\n" + repeat("a@", 7100) + "\n");
  CHECK_FALSE(line.result);
  CHECK(line.errors() ==
        "content/test.md:3:2: error: line has 7100 '@' characters in 14200 bytes (100820000 '@' x "
        "bytes); the limit is 100000000\n"
        "  3 | a@" +
            repeat("a@", 89) +
            " …\n"
            "    |  ^\n"
            "  hint: break the line: each '@' makes the email autolinker copy the rest of its "
            "line\n");
  CHECK(line.seconds < kMaxSeconds);

  Rendered page = render(repeat("Write to me@example.com.\n", 25000));
  CHECK_FALSE(page.result);
  CHECK(page.errors() ==
        "content/test.md:20001:12: error: page has 25000 '@' characters; the limit is 20000\n"
        "  20001 | Write to me@example.com.\n"
        "        |            ^\n"
        "  hint: split the page: every '@' is checked as a possible email address\n");
  CHECK(page.seconds < kMaxSeconds);

  CHECK(render(repeat("Write to me@example.com.\n", 2000)).result);
}

TEST_CASE("limit: one long reference definition used many times", "[markdown]") {
  // cmark-gfm copies the definition into every link that uses it while parsing: 600 KB of input
  // would cost 600 MB, so this is caught before parsing.
  std::string md = "[a]: /" + std::string(600000, 'x') + "\n\n" + repeat("[a] ", 1000) + "\n";
  Rendered r = render(md);
  CHECK_FALSE(r.result);
  CHECK(r.errors() ==
        "content/test.md:1:1: error: link reference definition of 600007 bytes may be copied "
        "into 1001 links (600607007 bytes); the limit is 8388608\n"
        "  1 | [a]: /" +
            std::string(174, 'x') +
            " …\n"
            "    | ^\n"
            "  hint: shorten the definition's URL and title, or link to it less often\n");
  CHECK(r.seconds < kMaxSeconds);

  // A title may run over many lines, some looking like definitions of their own.
  std::string hidden = "[a]: /u \"x\n" + repeat("[b]: " + std::string(1000, 'y') + "\n", 20) +
                       "end\"\n\n" + repeat("[a] ", 2000) + "\n";
  Rendered h = render(hidden);
  CHECK_FALSE(h.result);
  CHECK(h.errors().find("content/test.md:1:1: error: link reference definition of 20136 bytes "
                        "may be copied into 2021 links (40694856 bytes); the limit is 8388608\n") ==
        0);

  // Ordinary definitions used often are fine.
  CHECK(render("[a]: https://example.com/a/fairly/long/path \"Title\"\n\n" + repeat("[a] ", 20000) +
               "\n")
            .result);
}

TEST_CASE("limit: output size bound on the parsed tree", "[markdown]") {
  // 880 KB of footnote references, each rendered as ~100 bytes of HTML plus a back-link: the
  // tree shows the output would pass 8 MB before it is rendered.
  Rendered r = render("Text[^a]\n\n[^a]: note\n\n" + repeat("[^a]", 220000) + "\n");
  CHECK_FALSE(r.result);
  CHECK(r.errors().find("content/test.md:5:838857: error: rendered HTML would be at least "
                        "8800057 bytes; the limit is 8388608\n") == 0);
  CHECK(
      r.errors().find("  hint: split the page into smaller pages (the limit is reached here)\n") !=
      std::string::npos);
  CHECK(r.seconds < kMaxSeconds);
}

TEST_CASE("limit: rendered output size", "[markdown]") {
  MarkdownOptions small;
  small.max_output_bytes = 100;
  // 60 input bytes, each '&' becomes "&amp;": only the rendered size shows it.
  Rendered r = render(std::string(60, '&'), small);
  CHECK_FALSE(r.result);
  CHECK(r.errors() ==
        "content/test.md:1:1: error: rendered HTML is 308 bytes; the limit is 100\n"
        "  1 | " +
            std::string(60, '&') +
            "\n"
            "    | ^\n"
            "  hint: split the page into smaller pages\n");
}

TEST_CASE("pathological inline input renders in bounded time", "[markdown]") {
  // These stay linear in 0.29.0.gfm.6; within the size limit they need no limit of their own.
  for (std::string md :
       {"*" + repeat("a**", 100000), repeat("*a **a ", 30000) + "b" + repeat(" a** a*", 30000),
        repeat("[a", 150000), repeat("a]", 150000), "a" + repeat("<!--", 100000),
        repeat("[a](<b", 60000), repeat("_a ", 100000), repeat("www.a ", 50000)}) {
    Rendered r = render(md);
    INFO(md.substr(0, 20) << "... (" << md.size() << " bytes)");
    CHECK(r.result);
    CHECK(r.seconds < kMaxSeconds);
  }
}

// ---- Threads ------------------------------------------------------------------------------------

TEST_CASE("render is safe to call from several threads at once", "[markdown]") {
  MarkdownRenderer renderer;
  const std::string md =
      "# T\n\n> [!TIP]\n> x [l](a.md)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: n\n";
  LinkRewriter rewrite = [](std::string_view, const SourceLoc&,
                            bool) -> std::optional<std::string> { return std::string("/a/"); };
  Diagnostics d0;
  const std::string expected = renderer.render(md, "a.md", 1, md, rewrite, d0)->html;
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Diagnostics d;
        auto r = renderer.render(md, "a.md", 1, md, rewrite, d);
        if (!r || r->html != expected) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}
