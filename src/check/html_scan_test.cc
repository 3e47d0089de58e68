#include <catch2/catch.hpp>

#include "check/html_scan.h"

using namespace agora;
using V = std::vector<std::string>;

namespace {

/// Both readers agree on `html`; returns the tokenizer's answer.
HtmlRefs both(const std::string& html) {
  HtmlRefs fast = scan_html_refs(html);
  HtmlRefs ref = scan_html_refs_libxml2(html);
  INFO(html);
  CHECK(fast.ids == ref.ids);
  CHECK(fast.urls == ref.urls);
  return fast;
}

}  // namespace

TEST_CASE("html_scan reads ids and the URLs a checker follows", "[check][html_scan]") {
  HtmlRefs r = both(
      "<!doctype html><html><head><link rel=stylesheet href=/a.css><link rel='canonical' "
      "href='https://x.org/'><link rel=icon href=\"/f.svg\"><link href=/plain></head><body>"
      "<h2 id=intro>Intro</h2><a name=old></a><a href='/docs/'>d</a><img src=/i.png alt=''>"
      "<script src=/s.js></script><iframe src=/frame/></iframe><video><source src=/v.mp4></video>"
      "<p id=\"p1\" class=x>t</p></body></html>");
  CHECK(r.ids == V{"intro", "old", "p1"});
  CHECK(r.urls == V{"/a.css", "/f.svg", "/plain", "/docs/", "/i.png", "/s.js", "/frame/", "/v.mp4"});
}

TEST_CASE("html_scan decodes character references in attribute values", "[check][html_scan]") {
  HtmlRefs r = both("<a href=\"/q?a=1&amp;b=2\">x</a><a href='/it&#39;s/'>y</a><a href='/&#x41;&lt;&gt;'>z</a>"
                    "<a href='/caf&#233;/'>w</a><p id='a&quot;b'>v</p><a href='/x&unknown;y'>u</a>");
  CHECK(r.urls == V{"/q?a=1&b=2", "/it's/", "/A<>", "/caf\xC3\xA9/", "/x&unknown;y"});
  CHECK(r.ids == V{"a\"b"});
}

TEST_CASE("html_scan skips comments, raw text and end tags", "[check][html_scan]") {
  HtmlRefs r = both(
      "<!-- <a href='/in-comment'> --><a href='/one'>1</a>"
      "<script>var s = '<a href=\"/in-script\">';</script>"
      "<style>a[href='/in-style'] { color: red }</style>"
      "<a href='/two'>2</a></a href='/end-tag'><?pi <a href='/pi'>?><a href=/three>3</a>");
  CHECK(r.urls == V{"/one", "/two", "/three"});
}

// libxml2 reads HTML as HTML 4 did; where a browser reads it otherwise, the tokenizer follows
// the browser (WHATWG), since the checker asks what a reader can follow. agora's own output
// never hits these cases (tests/e2e/check_test.cc compares both readers on whole sites).
TEST_CASE("html_scan reads like a browser where libxml2 does not", "[check][html_scan]") {
  // A textarea holds text, not tags.
  CHECK(scan_html_refs("<textarea><a href='/in'></textarea><a href=/out>o</a>").urls == V{"/out"});
  CHECK(scan_html_refs_libxml2("<textarea><a href='/in'></textarea>").urls == V{"/in"});
  // A script ends at "</script", not at the first "</" and a letter.
  CHECK(scan_html_refs("<script>x = \"</b>\"</script><a href=/after>a</a>").urls == V{"/after"});
  // A tag cut off by the end of the input is dropped.
  CHECK(scan_html_refs("<a href='/fine'>x</a><a href='/cut").urls == V{"/fine"});
  CHECK(scan_html_refs_libxml2("<a href='/fine'>x</a><a href='/cut").urls == V{"/fine", "/cut"});
}

TEST_CASE("html_scan: case, quoting, duplicates and odd spacing", "[check][html_scan]") {
  HtmlRefs r = both("<A HREF='/Upper' ID=Top>x</A><a  href = \"/spaced\" >y</a><a href=/unq>z</a>"
                    "<a href='/first' href='/second'>w</a><IMG SRC=\"/img.png\"><a href=''>empty</a>");
  CHECK(r.ids == V{"Top"});
  CHECK(r.urls == V{"/Upper", "/spaced", "/unq", "/first", "/img.png", ""});
}

TEST_CASE("html_scan: text that looks like tags, and input cut off", "[check][html_scan]") {
  CHECK(both("<p>1 < 2 and a<b</p><a href=/ok>ok</a>").urls == V{"/ok"});
  CHECK(both("<a href=/a>a</a><!-- never closed <a href=/b>").urls == V{"/a"});
  CHECK(scan_html_refs("").urls.empty());
  CHECK(scan_html_refs("<").urls.empty());
}
