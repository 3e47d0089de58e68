#include <catch2/catch.hpp>

#include "theme/theme.h"

using namespace agora;

TEST_CASE("placeholder", "[theme]") {
  Diagnostics d;
  auto t = Theme::from_files({{"templates/a.mustache", "<p>{{x}}</p>"}}, "t", d);
  REQUIRE(t);
  Value v; v["x"] = "<script>'\"&";
  CHECK(t->render("a", v) == "<p>&lt;script&gt;&#39;&quot;&amp;</p>");
}
