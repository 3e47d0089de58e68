// catalogue/spdx.h — SPDX license expressions ("MIT", "Apache-2.0 OR MIT",
// "GPL-2.0-or-later WITH Classpath-exception-2.0", "(MIT AND BSD-3-Clause) OR LicenseRef-X").
// Owns: an embedded list of common SPDX license and exception ids (a subset of the SPDX
// License List 3.x: the ids plugin ecosystems actually use) and the expression parser.
// Does not own: where the expression was written (catalogue.cc turns errors into diagnostics).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/syntax_error.h"

namespace agora {

/// A parsed, valid SPDX license expression.
struct SpdxExpression {
  /// The expression with canonical id spelling, upper-case operators and single spaces:
  /// "mit or apache-2.0" -> "MIT OR Apache-2.0". Parentheses are kept as written.
  std::string canonical;
  std::vector<std::string> licenses;  ///< license ids used (canonical, sorted, unique; '+' dropped)
  std::vector<std::string> exceptions;  ///< exception ids used after WITH (sorted, unique)
};

/// Parses an expression per SPDX 2.3 annex D: ids are matched case-insensitively, operators
/// are AND / OR / WITH (all upper or all lower case), '+' after an id means "or later",
/// parentheses group, AND binds tighter than OR. `LicenseRef-<idstring>` names a license that
/// is not on the list. Deprecated ids (GPL-2.0, LGPL-2.1+...) are refused with their
/// replacement as the hint; unknown ids get a "did you mean".
std::optional<SpdxExpression> parse_spdx_expression(std::string_view text,
                                                    SyntaxError* error = nullptr);

/// The canonical spelling of a known license id (case-insensitive lookup), or nullopt.
std::optional<std::string_view> spdx_license_id(std::string_view id);
/// The canonical spelling of a known exception id (case-insensitive lookup), or nullopt.
std::optional<std::string_view> spdx_exception_id(std::string_view id);

/// Every embedded license id, sorted as in the SPDX list (case-insensitive order).
const std::vector<std::string>& spdx_license_ids();

}  // namespace agora
