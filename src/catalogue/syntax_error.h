// catalogue/syntax_error.h — where and why a small catalogue grammar (semver, ranges, SPDX
// expressions) failed to parse. Owns: SyntaxError. Does not own: turning it into a diagnostic
// (catalogue.cc maps the offset to a column of the YAML scalar).
#pragma once

#include <cstddef>
#include <string>

namespace agora {

/// A parse failure inside one field's text: byte offset into that text, a message and an
/// optional hint, ready to become a Diagnostic.
struct SyntaxError {
  size_t offset = 0;
  std::string message;
  std::string hint;
};

}  // namespace agora
