// check/html_scan.h — what the link checker reads from one generated HTML page: the ids it
// defines and the URLs it refers to. Two readers of one contract: scan_html_refs(), a small
// HTML tokenizer (start tags and attributes only, as the WHATWG tokenizer reads them) that the
// checker uses because it is ~10× faster than a full parser, and scan_html_refs_libxml2(),
// libxml2's SAX HTML parser, the reference the tokenizer is tested against on every page of
// the bundled hub and the demo hub (tests/e2e/check_test.cc).
// Owns: which elements and attributes count (ids: any `id`, `<a name>`; URLs: `<a href>`,
// `<link href>` for stylesheets, icons and links without rel, `src` of img, script, source,
// iframe). Does not own: resolving or judging the URLs (check/links.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agora {

struct HtmlRefs {
  std::vector<std::string> ids;   ///< in document order, duplicates kept
  std::vector<std::string> urls;  ///< in document order, attribute values decoded
};

/// The tokenizer: comments, doctype and processing instructions skipped; script and style
/// content is raw text, textarea and title content is text (no tags); character references in
/// attribute values are decoded (numeric, and the named ones HTML writers use); the first of
/// two attributes with one name wins; a tag cut off by the end of the input is dropped.
HtmlRefs scan_html_refs(std::string_view html);

/// The same, read by libxml2's SAX HTML parser.
HtmlRefs scan_html_refs_libxml2(std::string_view html);

}  // namespace agora
