#include "core/text.h"
#include "serve/serve.h"

namespace agora {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ResolvedPath resolve_request_path(const SiteFiles& files, std::string_view target) {
  ResolvedPath r;
  std::string_view raw = target.substr(0, std::min(target.find_first_of("?#"), target.size()));
  if (raw.empty() || raw[0] != '/') return {400, nullptr, {}};
  std::string path;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      path += raw[i];
      continue;
    }
    if (i + 2 >= raw.size() || hex_digit(raw[i + 1]) < 0 || hex_digit(raw[i + 2]) < 0)
      return {400, nullptr, {}};
    path += static_cast<char>(hex_digit(raw[i + 1]) * 16 + hex_digit(raw[i + 2]));
    i += 2;
  }
  for (char c : path)
    if (c == '\0' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return {400, nullptr, {}};
  // Walk the segments; none may be '.' or '..'. What is left names a file of the built site,
  // never a path on disk.
  std::string rel;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view seg = std::string_view(path).substr(start, end - start);
    start = end + 1;
    if (seg.empty()) continue;
    if (seg == "." || seg == "..") return r;
    if (!rel.empty()) rel += '/';
    rel += seg;
  }
  auto find = [&](const std::string& key) -> std::shared_ptr<const OutputFile> {
    auto it = files.find(key);
    return it == files.end() ? nullptr : it->second;
  };
  std::string index = rel.empty() ? "index.html" : rel + "/index.html";
  if (rel.empty() || ends_with(path, "/")) {
    if (auto f = find(index)) return {200, f, {}};
    return r;
  }
  if (auto f = find(rel)) return {200, f, {}};
  if (find(index)) return {301, nullptr, path + "/"};
  return r;
}

bool host_allowed(std::string_view host, std::string_view bind) {
  std::string_view name = host;
  if (!name.empty() && name[0] == '[') {
    size_t close = name.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view rest = name.substr(close + 1);
    name = name.substr(0, close + 1);
    if (!rest.empty() && rest[0] != ':') return false;
  } else if (size_t colon = name.find(':'); colon != std::string_view::npos) {
    name = name.substr(0, colon);
  }
  std::string lower = ascii_lower(name);
  if (lower == "localhost" || lower == "127.0.0.1" || lower == "[::1]") return true;
  return !bind.empty() && bind != "0.0.0.0" && bind != "::" && lower == ascii_lower(bind);
}

std::string inject_reload(std::string html, std::string_view error_text) {
  std::string snippet =
      "<script>(()=>{const es=new EventSource('/__agora/events');"
      "es.addEventListener('reload',()=>location.reload());})();</script>";
  if (!error_text.empty()) {
    snippet += "<div id=\"agora-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;"
               "z-index:2147483647;overflow:auto;margin:0;padding:2em;background:rgba(20,0,0,.92);"
               "color:#fff;font:14px/1.5 monospace\"><h2>agora: the build failed</h2><pre>";
    append_html_escaped(snippet, error_text);
    snippet += "</pre><p>Fix the file and save: this page reloads by itself.</p></div>";
  }
  size_t at = html.rfind("</body>");
  if (at == std::string::npos) html += snippet;
  else html.insert(at, snippet);
  return html;
}

}  // namespace agora
