#include "core/page.h"

namespace agora {

const char* page_kind_name(PageKind k) {
  switch (k) {
    case PageKind::Doc: return "docs";
    case PageKind::Post: return "blog";
    case PageKind::Tutorial: return "tutorials";
    case PageKind::CaseStudy: return "case-studies";
    case PageKind::Event: return "events";
    case PageKind::Page: return "pages";
  }
  return "pages";
}

std::optional<PageKind> page_kind_from_name(std::string_view s) {
  if (s == "docs") return PageKind::Doc;
  if (s == "blog") return PageKind::Post;
  if (s == "tutorials") return PageKind::Tutorial;
  if (s == "case-studies") return PageKind::CaseStudy;
  if (s == "events") return PageKind::Event;
  if (s == "pages") return PageKind::Page;
  return std::nullopt;
}

}  // namespace agora
