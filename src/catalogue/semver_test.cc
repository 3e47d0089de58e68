#include <catch2/catch.hpp>

#include "catalogue/semver.h"

using namespace agora;

namespace {

Version v(std::string_view s) {
  auto r = parse_version(s);
  INFO(s);
  REQUIRE(r);
  return *r;
}

bool sat(std::string_view version, std::string_view range) {
  SyntaxError e;
  auto r = parse_range(range, &e);
  INFO(std::string(range) + ": " + e.message);
  REQUIRE(r);
  return satisfies(v(version), *r);
}

std::string range_error(std::string_view range) {
  SyntaxError e;
  auto r = parse_range(range, &e);
  if (r) return "(parsed)";
  return std::to_string(e.offset) + ": " + e.message;
}

std::string version_error(std::string_view s) {
  SyntaxError e;
  auto r = parse_version(s, &e);
  if (r) return "(parsed)";
  return std::to_string(e.offset) + ": " + e.message + (e.hint.empty() ? "" : " | " + e.hint);
}

}  // namespace

TEST_CASE("parse_version accepts semver 2.0.0 and nothing else", "[catalogue][semver]") {
  CHECK(v("1.2.3").str() == "1.2.3");
  CHECK(v("0.0.0").str() == "0.0.0");
  CHECK(v("1.0.0-rc.1+build.5").str() == "1.0.0-rc.1+build.5");
  CHECK(v("1.0.0-alpha-1.x-y").prerelease == std::vector<std::string>{"alpha-1", "x-y"});
  CHECK(v("1.0.0+20130313144700").build == "20130313144700");

  CHECK(version_error("1.2") == "0: '1.2' has two numbers; a semantic version has three, MAJOR.MINOR.PATCH | write 1.2.0");
  CHECK(version_error("1") == "0: '1' has one number; a semantic version has three, MAJOR.MINOR.PATCH | write 1.0.0");
  CHECK(version_error("v1.2.3") == "0: a version is written without a leading 'v' | write 1.2.3");
  CHECK(version_error("01.2.3") == "0: the number '01' has a leading zero | write 1 instead of 01");
  CHECK(version_error("1.2.3-") ==
        "6: empty pre-release identifier | pre-release identifiers are letters, digits and '-', separated by dots: 1.0.0-rc.1");
  CHECK(version_error("1.2.3-01") == "6: the pre-release number '01' has a leading zero");
  CHECK(version_error("1.2.3+") ==
        "6: empty build metadata identifier | build metadata is letters, digits and '-', separated by dots: 1.0.0+build.5");
  CHECK(version_error("1.2.3 beta") ==
        "5: unexpected ' ' after '1.2.3' | versions look like 1.4.0, 2.0.0-rc.1 or 1.0.0+build.7");
  CHECK(version_error("1.x.3") ==
        "2: expected a number, found 'x' | versions look like 1.4.0, 2.0.0-rc.1 or 1.0.0+build.7");
  CHECK(version_error("") ==
        "0: expected a number | versions look like 1.4.0, 2.0.0-rc.1 or 1.0.0+build.7");
  CHECK(version_error("99999999999999999.0.0") ==
        "0: the number '99999999999999999' is too large | versions look like 1.4.0, 2.0.0-rc.1 or 1.0.0+build.7");
}

TEST_CASE("versions compare by semver precedence", "[catalogue][semver]") {
  // The example chain from semver.org §11.
  const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                         "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",      "1.0.0"};
  for (size_t i = 0; i + 1 < std::size(chain); ++i) {
    INFO(chain[i] << " < " << chain[i + 1]);
    CHECK(v(chain[i]) < v(chain[i + 1]));
    CHECK_FALSE(v(chain[i + 1]) < v(chain[i]));
  }
  CHECK(v("1.9.0") < v("1.10.0"));
  CHECK(v("1.0.0+a") == v("1.0.0+b"));  // build metadata is ignored
  CHECK(v("2.0.0") > v("1.99.99"));
}

TEST_CASE("parse_host_version accepts the short forms projects use", "[catalogue][semver]") {
  CHECK(parse_host_version("2")->str() == "2.0.0");
  CHECK(parse_host_version("2.3")->str() == "2.3.0");
  CHECK(parse_host_version("2.3.1")->str() == "2.3.1");
  CHECK_FALSE(parse_host_version("2.x"));
  CHECK_FALSE(parse_host_version("two"));
  CHECK_FALSE(parse_host_version(""));
}

TEST_CASE("ranges: comparators, caret, tilde, x-ranges, hyphens and alternatives", "[catalogue][semver]") {
  CHECK(sat("1.2.0", ">=1.2 <2"));
  CHECK(sat("1.9.9", ">=1.2 <2"));
  CHECK_FALSE(sat("2.0.0", ">=1.2 <2"));
  CHECK_FALSE(sat("1.1.9", ">=1.2 <2"));
  CHECK(sat("2.0.0", ">= 1.2 < 3"));  // spaces after operators are fine

  CHECK(sat("2.3.0", "^2.3"));
  CHECK(sat("2.9.1", "^2.3"));
  CHECK_FALSE(sat("3.0.0", "^2.3"));
  CHECK_FALSE(sat("2.2.9", "^2.3"));
  CHECK(sat("0.2.5", "^0.2.3"));
  CHECK_FALSE(sat("0.3.0", "^0.2.3"));
  CHECK(sat("0.0.3", "^0.0.3"));
  CHECK_FALSE(sat("0.0.4", "^0.0.3"));
  CHECK(sat("0.1.9", "^0.1"));
  CHECK_FALSE(sat("0.2.0", "^0.1"));

  CHECK(sat("1.4.0", "~1.4"));
  CHECK(sat("1.4.9", "~1.4.2"));
  CHECK_FALSE(sat("1.4.1", "~1.4.2"));
  CHECK_FALSE(sat("1.5.0", "~1.4"));
  CHECK(sat("1.9.0", "~1"));

  CHECK(sat("1.0.0", "1.x"));
  CHECK(sat("1.99.0", "1.x"));
  CHECK_FALSE(sat("2.0.0", "1.x"));
  CHECK(sat("1.2.7", "1.2.*"));
  CHECK_FALSE(sat("1.3.0", "1.2.x"));
  CHECK(sat("7.0.0", "*"));
  CHECK(sat("1.2.3", "1.2.3"));
  CHECK(sat("1.2.3", "=1.2.3"));
  CHECK_FALSE(sat("1.2.4", "1.2.3"));

  CHECK(sat("1.3.0", ">1.2"));  // ">1.2" means ">=1.3.0"
  CHECK_FALSE(sat("1.2.9", ">1.2"));
  CHECK(sat("1.2.9", "<=1.2"));
  CHECK_FALSE(sat("1.3.0", "<=1.2"));
  CHECK_FALSE(sat("1.2.0", "<1.2"));

  CHECK(sat("1.2.0", "1.2 - 1.4"));
  CHECK(sat("1.4.9", "1.2 - 1.4"));
  CHECK_FALSE(sat("1.5.0", "1.2 - 1.4"));
  CHECK(sat("2.3.4", "1.2.3 - 2.3.4"));
  CHECK_FALSE(sat("2.3.5", "1.2.3 - 2.3.4"));

  CHECK(sat("1.5.0", "^1.2 || ^3.0"));
  CHECK(sat("3.1.0", "^1.2 || ^3.0"));
  CHECK_FALSE(sat("2.0.0", "^1.2 || ^3.0"));
}

TEST_CASE("prerelease versions only match ranges that name their version", "[catalogue][semver]") {
  CHECK_FALSE(sat("2.0.0-beta.1", "^1.0"));
  CHECK_FALSE(sat("2.0.0-beta.1", ">=1.0"));
  CHECK_FALSE(sat("1.5.0-beta", "^1.2"));
  CHECK(sat("2.0.0-beta.2", ">=2.0.0-beta.1 <3"));
  CHECK_FALSE(sat("2.1.0-beta.2", ">=2.0.0-beta.1 <3"));
  CHECK(sat("2.0.0", ">=2.0.0-beta.1 <3"));
}

TEST_CASE("describe shows the desugared comparators", "[catalogue][semver]") {
  CHECK(describe(*parse_range("^1.2")) == ">=1.2.0 <2.0.0-0");
  CHECK(describe(*parse_range("~1.4 || 2.x")) == ">=1.4.0 <1.5.0-0 || >=2.0.0 <3.0.0-0");
  CHECK(describe(*parse_range("*")) == ">=0.0.0");
  CHECK(describe(*parse_range(">1.2")) == ">=1.3.0");
  CHECK(describe(*parse_range("1.2 - 2")) == ">=1.2.0 <3.0.0-0");
  CHECK(parse_range("  ^1.2  ")->text == "^1.2");
}

TEST_CASE("parse_range says where a range is wrong", "[catalogue][semver]") {
  CHECK(range_error(">=1.2 <<2") == "7: unexpected '<' after '<'");
  CHECK(range_error(">=") == "0: expected a version after '>='");
  CHECK(range_error("^1.2 ||") == "7: empty alternative in the range");
  CHECK(range_error("1.2 | 1.3") == "4: a single '|' is not an operator");
  CHECK(range_error("") == "0: the range is empty");
  CHECK(range_error("latest") == "0: unexpected 'l' in the range");
  CHECK(range_error(">=1.2,<2") == "5: unexpected ',' in version '1.2,<2'");
  CHECK(range_error("1.x.3") == "4: a number cannot follow a wildcard ('x' or '*')");
  CHECK(range_error("^v2") == "1: a version is written without a leading 'v'");
  CHECK(range_error("1.2 -") == "4: expected a version after '-'");
  CHECK(range_error("1.2-beta") == "3: a pre-release or build suffix needs a full MAJOR.MINOR.PATCH version");
}
