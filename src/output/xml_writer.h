// output/xml_writer.h — internal to output/: a small wrapper over libxml2's xmlTextWriter used by
// the feed and sitemap writers. Owns: xml_safe_text, XmlWriter. Keeps libxml2 out of headers.
// Does not own: any document's vocabulary (feeds.cc, sitemap.cc).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace agora {

/// `s` made safe for XML 1.0 text and attributes: invalid UTF-8 becomes U+FFFD; control
/// characters other than tab, LF and CR, and U+FFFE/U+FFFF are dropped.
std::string xml_safe_text(std::string_view s);

/// Streams one indented (two spaces) UTF-8 XML document into memory, starting with the XML
/// declaration. Every name, attribute value and text goes through xml_safe_text and is escaped.
/// Throws std::runtime_error only when libxml2 fails, which means it ran out of memory.
class XmlWriter {
 public:
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void start(std::string_view name);
  void attribute(std::string_view name, std::string_view value);
  void text(std::string_view s);
  void end();
  /// <name>text</name>
  void element(std::string_view name, std::string_view text);
  /// <name>text</name>, only when text is not empty.
  void element_if(std::string_view name, std::string_view text);
  /// <name a="v" .../> with the given attributes.
  void empty_element(std::string_view name,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> attrs);
  /// Closes every open element and the document; returns the text (ends with a newline).
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace agora
