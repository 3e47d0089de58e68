#include <catch2/catch.hpp>

#include "catalogue/spdx.h"

using namespace agora;

namespace {

std::string canon(std::string_view s) {
  SyntaxError e;
  auto r = parse_spdx_expression(s, &e);
  if (!r) return "error at " + std::to_string(e.offset) + ": " + e.message;
  return r->canonical;
}

std::string err(std::string_view s) {
  SyntaxError e;
  auto r = parse_spdx_expression(s, &e);
  if (r) return "(parsed) " + r->canonical;
  return std::to_string(e.offset) + ": " + e.message + (e.hint.empty() ? "" : " | " + e.hint);
}

}  // namespace

TEST_CASE("the embedded SPDX list has the common ids", "[catalogue][spdx]") {
  const auto& ids = spdx_license_ids();
  CHECK(ids.size() >= 100);
  for (const char* id : {"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "GPL-2.0-only",
                         "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-2.1-only",
                         "LGPL-2.1-or-later", "LGPL-3.0-or-later", "MPL-2.0", "ISC", "Unlicense",
                         "CC0-1.0", "EPL-2.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Zlib",
                         "BSL-1.0", "0BSD", "MIT-0", "CC-BY-4.0", "Artistic-2.0", "EUPL-1.2"}) {
    INFO(id);
    CHECK(spdx_license_id(id) == std::string_view(id));
  }
  CHECK(spdx_license_id("apache-2.0") == std::string_view("Apache-2.0"));
  CHECK_FALSE(spdx_license_id("GPL-2.0"));  // deprecated
  CHECK(spdx_exception_id("llvm-exception") == std::string_view("LLVM-exception"));
  // Each id once, whatever the case.
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t j = i + 1; j < ids.size(); ++j) CHECK_FALSE(ids[i] == ids[j]);
}

TEST_CASE("SPDX expressions are parsed and written canonically", "[catalogue][spdx]") {
  CHECK(canon("MIT") == "MIT");
  CHECK(canon("mit") == "MIT");
  CHECK(canon("MIT OR Apache-2.0") == "MIT OR Apache-2.0");
  CHECK(canon("mit or apache-2.0") == "MIT OR Apache-2.0");
  CHECK(canon("  (MIT  AND BSD-3-Clause)   OR   GPL-3.0-or-later ") ==
        "(MIT AND BSD-3-Clause) OR GPL-3.0-or-later");
  CHECK(canon("GPL-2.0-or-later WITH Classpath-exception-2.0") ==
        "GPL-2.0-or-later WITH Classpath-exception-2.0");
  CHECK(canon("Apache-2.0 WITH LLVM-exception") == "Apache-2.0 WITH LLVM-exception");
  CHECK(canon("LGPL-2.1-only+") == "LGPL-2.1-only+");
  CHECK(canon("LicenseRef-Lumen-Commercial OR MIT") == "LicenseRef-Lumen-Commercial OR MIT");
  CHECK(canon("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2") ==
        "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2");
  CHECK(canon("((MIT))") == "((MIT))");

  auto e = parse_spdx_expression("MIT OR (Apache-2.0 AND MIT) OR Zlib");
  REQUIRE(e);
  CHECK(e->licenses == std::vector<std::string>{"Apache-2.0", "MIT", "Zlib"});
  auto w = parse_spdx_expression("GPL-3.0-only WITH GCC-exception-3.1");
  REQUIRE(w);
  CHECK(w->exceptions == std::vector<std::string>{"GCC-exception-3.1"});
}

TEST_CASE("SPDX errors point at the token and suggest a fix", "[catalogue][spdx]") {
  CHECK(err("MTI") == "0: unknown SPDX license id 'MTI' | did you mean 'MIT'?");
  CHECK(err("Apache 2.0") == "0: unknown SPDX license id 'Apache' | did you mean 'Apache-2.0'?");
  CHECK(err("GPLv3") ==
        "0: unknown SPDX license id 'GPLv3' | did you mean 'GPL-3.0-only' or 'GPL-3.0-or-later'?");
  CHECK(err("GPL-2.0") == "0: 'GPL-2.0' is a deprecated SPDX license id | use 'GPL-2.0-only' or 'GPL-2.0-or-later'");
  CHECK(err("GPL-2.0+") == "0: 'GPL-2.0+' is a deprecated SPDX license id | use 'GPL-2.0-or-later'");
  CHECK(err("MIT/Apache-2.0") ==
        "3: unexpected '/' in the license expression | to offer a choice of licenses, write 'A OR B' instead of 'A/B'");
  CHECK(err("MIT Apache-2.0") ==
        "4: expected AND, OR or WITH before 'Apache-2.0' | join licenses with AND (all apply) or OR (a choice): 'MIT OR Apache-2.0'");
  CHECK(err("MIT OR") ==
        "6: expected a license id after 'OR' | combine SPDX ids with AND, OR and WITH, e.g. 'MIT OR Apache-2.0' or 'GPL-2.0-or-later WITH Classpath-exception-2.0'");
  CHECK(err("").substr(0, 34) == "0: the license expression is empty");
  CHECK(err("(MIT OR Zlib").substr(0, 43) == "12: expected ')' to close the '(' at column");
  CHECK(err("MIT)").substr(0, 40) == "3: unexpected ')' without a matching '('");
  CHECK(err("MIT Or Zlib") ==
        "4: the operator 'Or' must be written 'OR' | SPDX operators are all upper case (AND, OR, WITH) or all lower case");
  CHECK(err("GPL-2.0-only WITH MIT") ==
        "18: unknown SPDX license exception 'MIT' | 'MIT' is a license, not an exception; combine licenses with AND or OR");
  CHECK(err("GPL-2.0-only WITH Classpath-exception") ==
        "18: unknown SPDX license exception 'Classpath-exception' | did you mean 'Classpath-exception-2.0'?");
  CHECK(err("Classpath-exception-2.0") ==
        "0: 'Classpath-exception-2.0' is a license exception, not a license | write it after WITH: 'GPL-2.0-only WITH Classpath-exception-2.0'");
  CHECK(err("(MIT OR Zlib) WITH LLVM-exception").substr(0, 16) == "14: WITH must fo");
  CHECK(err("LicenseRef-") ==
        "0: malformed license reference 'LicenseRef-' | write LicenseRef- followed by letters, digits, '-' or '.': LicenseRef-Proprietary");
  CHECK(err("Totally-Custom-License").substr(0, 52) ==
        "0: unknown SPDX license id 'Totally-Custom-License' ");
  std::string deep(40, '(');
  CHECK(err(deep + "MIT" + std::string(40, ')')) == "16: parentheses are nested too deeply");
}
