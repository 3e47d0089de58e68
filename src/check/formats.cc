#include "check/check.h"
#include "core/text.h"

namespace agora {

namespace {

/// GitHub workflow commands need %, \r, \n escaped in the message, and also : and , in
/// property values.
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string format_for(const Diagnostics& diags, DiagnosticFormat format, bool color) {
  if (format == DiagnosticFormat::Human) return format_diagnostics(diags, color);
  std::string out;
  if (format == DiagnosticFormat::GitHub) {
    for (const Diagnostic& d : diags.items()) {
      out += d.severity == Severity::Error ? "::error" : "::warning";
      std::string props;
      if (!d.loc.file.empty()) props += "file=" + gh_escape(d.loc.file, true);
      if (d.loc.line > 0) props += ",line=" + std::to_string(d.loc.line);
      if (d.loc.col > 0) props += ",col=" + std::to_string(d.loc.col);
      if (!props.empty()) out += " " + props;
      std::string msg = d.message;
      if (!d.hint.empty()) msg += "\n" + d.hint;
      out += "::" + gh_escape(msg, false) + "\n";
    }
    return out;
  }
  out = "{\"diagnostics\":[";
  bool first = true;
  for (const Diagnostic& d : diags.items()) {
    if (!first) out += ',';
    first = false;
    out += "{\"severity\":\"";
    out += d.severity == Severity::Error ? "error" : "warning";
    out += "\",\"file\":\"" + json_escape(d.loc.file) + "\",\"line\":" + std::to_string(d.loc.line) +
           ",\"column\":" + std::to_string(d.loc.col) + ",\"message\":\"" + json_escape(d.message) +
           "\",\"hint\":\"" + json_escape(d.hint) + "\"}";
  }
  out += "],\"errors\":" + std::to_string(diags.error_count()) +
         ",\"warnings\":" + std::to_string(diags.warning_count()) + "}\n";
  return out;
}

}  // namespace agora
