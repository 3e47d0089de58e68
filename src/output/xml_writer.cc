#include "output/xml_writer.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include <cstdint>
#include <stdexcept>

#include "core/text.h"

namespace agora {

namespace {

/// libxml2 keeps some process-wide tables; initialise them once, before any thread uses them.
void init_libxml2_once() {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

}  // namespace

std::string xml_safe_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    }
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80)
        ok = false;
      else
        cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      append_utf8(out, 0xFFFD);
      ++i;  // resynchronise on the next byte
      continue;
    }
    if (cp != 0xFFFE && cp != 0xFFFF) out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

struct XmlWriter::Impl {
  xmlBufferPtr buffer = nullptr;
  xmlTextWriterPtr writer = nullptr;

  void check(int rc) {
    if (rc < 0) throw std::runtime_error("libxml2 xmlTextWriter failed (out of memory?)");
  }
  ~Impl() {
    if (writer) xmlFreeTextWriter(writer);
    if (buffer) xmlBufferFree(buffer);
  }
};

XmlWriter::XmlWriter() : impl_(std::make_unique<Impl>()) {
  init_libxml2_once();
  impl_->buffer = xmlBufferCreate();
  if (!impl_->buffer) throw std::runtime_error("libxml2 xmlBufferCreate failed (out of memory?)");
  impl_->writer = xmlNewTextWriterMemory(impl_->buffer, 0);
  if (!impl_->writer) throw std::runtime_error("libxml2 xmlNewTextWriterMemory failed");
  impl_->check(xmlTextWriterSetIndent(impl_->writer, 1));
  impl_->check(xmlTextWriterSetIndentString(impl_->writer, reinterpret_cast<const xmlChar*>("  ")));
  impl_->check(xmlTextWriterStartDocument(impl_->writer, "1.0", "UTF-8", nullptr));
}

XmlWriter::~XmlWriter() = default;

void XmlWriter::start(std::string_view name) {
  impl_->check(xmlTextWriterStartElement(impl_->writer, x(xml_safe_text(name))));
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
  impl_->check(
      xmlTextWriterWriteAttribute(impl_->writer, x(xml_safe_text(name)), x(xml_safe_text(value))));
}

void XmlWriter::text(std::string_view s) {
  impl_->check(xmlTextWriterWriteString(impl_->writer, x(xml_safe_text(s))));
}

void XmlWriter::end() { impl_->check(xmlTextWriterEndElement(impl_->writer)); }

void XmlWriter::element(std::string_view name, std::string_view s) {
  start(name);
  text(s);
  // Full end so an empty text gives <name></name>, not <name/>; both are valid XML.
  impl_->check(xmlTextWriterFullEndElement(impl_->writer));
}

void XmlWriter::element_if(std::string_view name, std::string_view s) {
  if (!s.empty()) element(name, s);
}

void XmlWriter::empty_element(
    std::string_view name,
    std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
  start(name);
  for (const auto& [k, v] : attrs) attribute(k, v);
  end();
}

std::string XmlWriter::finish() {
  impl_->check(xmlTextWriterEndDocument(impl_->writer));
  impl_->check(xmlTextWriterFlush(impl_->writer));
  const xmlChar* content = xmlBufferContent(impl_->buffer);
  std::string out(reinterpret_cast<const char*>(content),
                  static_cast<size_t>(xmlBufferLength(impl_->buffer)));
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

}  // namespace agora
