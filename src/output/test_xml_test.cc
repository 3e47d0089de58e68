// Test support (see test_xml.h). Named *_test.cc so it is built into the test executable only.
#include "output/test_xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <catch2/catch.hpp>

namespace agora::testing {

namespace {

std::string str(const xmlChar* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

XmlNode convert(xmlNodePtr n) {
  XmlNode out;
  out.name = (n->ns && n->ns->prefix ? str(n->ns->prefix) + ":" : "") + str(n->name);
  out.ns = n->ns ? str(n->ns->href) : "";
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    std::string key = (a->ns && a->ns->prefix ? str(a->ns->prefix) + ":" : "") + str(a->name);
    xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
    out.attrs[key] = str(v);
    xmlFree(v);
  }
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE)
      out.children.push_back(convert(c));
    else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      out.text += str(c->content);
  }
  return out;
}

}  // namespace

const XmlNode* XmlNode::child(std::string_view child_name) const {
  for (const auto& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

std::vector<const XmlNode*> XmlNode::all(std::string_view child_name) const {
  std::vector<const XmlNode*> out;
  for (const auto& c : children)
    if (c.name == child_name) out.push_back(&c);
  return out;
}

std::string XmlNode::child_text(std::string_view child_name) const {
  const XmlNode* c = child(child_name);
  return c ? c->text : "";
}

std::string XmlNode::attr(std::string_view attr_name) const {
  auto it = attrs.find(std::string(attr_name));
  return it == attrs.end() ? "" : it->second;
}

std::optional<XmlDoc> parse_xml(const std::string& text) {
  xmlDocPtr doc =
      xmlReadMemory(text.data(), static_cast<int>(text.size()), "test.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return std::nullopt;
  std::optional<XmlDoc> out;
  if (xmlNodePtr root = xmlDocGetRootElement(doc)) {
    out.emplace();
    out->root = convert(root);
    out->encoding = str(doc->encoding);
  }
  xmlFreeDoc(doc);
  return out;
}

TEST_CASE("parse_xml refuses malformed XML", "[output]") {
  CHECK_FALSE(parse_xml("<a><b></a>").has_value());
  CHECK_FALSE(parse_xml("<a>\x01</a>").has_value());
  auto doc = parse_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a x=\"1\"><b>t</b></a>");
  REQUIRE(doc);
  CHECK(doc->encoding == "UTF-8");
  CHECK(doc->root.attr("x") == "1");
  CHECK(doc->root.child_text("b") == "t");
}

}  // namespace agora::testing
