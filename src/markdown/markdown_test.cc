#include <catch2/catch.hpp>

#include "markdown/markdown.h"

using namespace agora;

TEST_CASE("placeholder", "[markdown]") { CHECK(true); }
