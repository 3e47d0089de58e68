// core/diagnostic.h — source locations and the diagnostics every stage reports.
// Owns: SourceLoc, Diagnostic, Diagnostics (an ordered collector) and the human-readable
// formatter (`path:line:col: error: message`, source line, caret, hint).
// Does not own: machine formats (GitHub annotations, JSON) — those live in check/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agora {

/// A position in a source file. Lines and columns are 1-based; 0 means "unknown".
struct SourceLoc {
  std::string file;  ///< path as the user wrote it, relative to the site root where possible
  int line = 0;
  int col = 0;
};

enum class Severity { Error, Warning };

/// One problem found in the user's input.
struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;
  std::string message;
  std::string source_line;  ///< the offending line's text, without its newline (may be empty)
  std::string hint;         ///< optional "how to fix it" sentence
};

/// Collects diagnostics in the order they were found. A stage reports everything it finds;
/// the pipeline stops at the stage boundary when has_errors() is true.
class Diagnostics {
 public:
  /// Reports an error. `source` is the whole text of loc.file when known: the offending line is
  /// copied from it so the formatter can print it with a caret.
  void error(SourceLoc loc, std::string message, std::string hint = {},
             std::string_view source = {});
  void warning(SourceLoc loc, std::string message, std::string hint = {},
               std::string_view source = {});
  void add(Diagnostic d);
  void merge(Diagnostics&& other);

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return items_.size() - errors_; }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

  /// Stable order for output: by file, line, column, then insertion order.
  void sort();

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

/// Formats like a compiler:
///   content/docs/a.md:3:7: error: unknown key 'tittle'
///       3 | tittle: Hello
///         | ^
///   hint: did you mean 'title'?
std::string format_diagnostic(const Diagnostic& d, bool color = false);

/// All diagnostics, each formatted, followed by nothing else.
std::string format_diagnostics(const Diagnostics& ds, bool color = false);

/// The text of 1-based line `line` of `text` (without newline), or "" when out of range.
std::string_view line_of(std::string_view text, int line);

}  // namespace agora
