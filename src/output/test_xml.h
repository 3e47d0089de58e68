// output/test_xml.h — test support for output/: parses XML (with libxml2, in test_xml_test.cc)
// into a small tree so tests assert on elements and attributes instead of searching strings.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::testing {

/// One element: qualified name as written ("atom:link"), namespace URI, attributes by qualified
/// name ("xml:lang"), the concatenated text of its direct text children, and child elements.
struct XmlNode {
  std::string name;
  std::string ns;
  std::map<std::string, std::string> attrs;
  std::string text;
  std::vector<XmlNode> children;

  /// The first child element called `name`, or null.
  const XmlNode* child(std::string_view child_name) const;
  /// Every child element called `name`, in document order.
  std::vector<const XmlNode*> all(std::string_view child_name) const;
  /// Text of the first child called `name`; "" when absent.
  std::string child_text(std::string_view child_name) const;
  /// Attribute value; "" when absent.
  std::string attr(std::string_view attr_name) const;
};

/// A parsed document: its root element and the encoding from its XML declaration.
struct XmlDoc {
  XmlNode root;
  std::string encoding;
};

/// Parses `text` strictly (no recovery, no network); nullopt when it is not well-formed.
std::optional<XmlDoc> parse_xml(const std::string& text);

}  // namespace agora::testing
