#include "core/diagnostic.h"

#include <algorithm>

namespace agora {

std::string_view line_of(std::string_view text, int line) {
  if (line < 1) return {};
  size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return {};
    pos = nl + 1;
  }
  size_t end = text.find('\n', pos);
  std::string_view l = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

static Diagnostic make(Severity sev, SourceLoc loc, std::string message, std::string hint,
                       std::string_view source) {
  Diagnostic d;
  d.severity = sev;
  d.source_line = std::string(line_of(source, loc.line));
  d.loc = std::move(loc);
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

void Diagnostics::error(SourceLoc loc, std::string message, std::string hint, std::string_view source) {
  add(make(Severity::Error, std::move(loc), std::move(message), std::move(hint), source));
}

void Diagnostics::warning(SourceLoc loc, std::string message, std::string hint, std::string_view source) {
  add(make(Severity::Warning, std::move(loc), std::move(message), std::move(hint), source));
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::Error) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::merge(Diagnostics&& other) {
  for (auto& d : other.items_) add(std::move(d));
  other.items_.clear();
  other.errors_ = 0;
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.file != b.loc.file) return a.loc.file < b.loc.file;
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.col < b.loc.col;
  });
}

std::string format_diagnostic(const Diagnostic& d, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[1;31m" : "";
  const char* magenta = color ? "\033[1;35m" : "";
  const char* green = color ? "\033[1;32m" : "";
  const char* cyan = color ? "\033[1;36m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::string out;
  out += bold;
  out += d.loc.file.empty() ? std::string("agora") : d.loc.file;
  if (d.loc.line > 0) {
    out += ':' + std::to_string(d.loc.line);
    if (d.loc.col > 0) out += ':' + std::to_string(d.loc.col);
  }
  out += ": ";
  out += reset;
  out += d.severity == Severity::Error ? red : magenta;
  out += d.severity == Severity::Error ? "error" : "warning";
  out += reset;
  out += bold;
  out += ": ";
  out += d.message;
  out += reset;
  out += '\n';
  if (!d.source_line.empty() && d.loc.line > 0) {
    std::string num = std::to_string(d.loc.line);
    std::string pad(num.size(), ' ');
    out += "  " + num + " | " + d.source_line + '\n';
    out += "  " + pad + " | ";
    // Caret under the column; tabs in the source keep their width.
    int col = std::max(1, d.loc.col);
    for (int i = 1; i < col && i - 1 < static_cast<int>(d.source_line.size()); ++i)
      out += d.source_line[i - 1] == '\t' ? '\t' : ' ';
    out += green;
    out += '^';
    out += reset;
    out += '\n';
  }
  if (!d.hint.empty()) {
    out += cyan;
    out += "  hint: ";
    out += reset;
    out += d.hint + '\n';
  }
  return out;
}

std::string format_diagnostics(const Diagnostics& ds, bool color) {
  std::string out;
  for (const auto& d : ds.items()) out += format_diagnostic(d, color);
  return out;
}

}  // namespace agora
