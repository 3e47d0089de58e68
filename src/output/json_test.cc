#include "output/json.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;

TEST_CASE("to_json sorts keys and keeps integers and doubles apart", "[output]") {
  Value v;
  v["zeta"] = 1;
  v["alpha"] = Value::list();
  v["alpha"].push_back(1.5);
  v["alpha"].push_back(2.0);
  v["alpha"].push_back(int64_t{-7});
  v["mid"] = nullptr;
  v["Bee"] = true;
  CHECK(to_json(v) == R"({"Bee":true,"alpha":[1.5,2.0,-7],"mid":null,"zeta":1})");
}

TEST_CASE("to_json prints doubles in their shortest round-trip form", "[output]") {
  CHECK(to_json(Value(0.1)) == "0.1");
  CHECK(to_json(Value(1.0 / 3.0)) == "0.3333333333333333");
  CHECK(to_json(Value(1e300)) == "1e+300");
  CHECK(to_json(Value(int64_t{9007199254740993})) == "9007199254740993");
  CHECK(to_json(Value(std::numeric_limits<double>::quiet_NaN())) == "null");
}

TEST_CASE("to_json escapes strings and replaces invalid UTF-8", "[output]") {
  CHECK(to_json(Value("a\"b\\c\n\t\x01 é")) == "\"a\\\"b\\\\c\\n\\t\\u0001 é\"");
  CHECK(to_json(Value("bad\xff")) == "\"bad\xef\xbf\xbd\"");
}

TEST_CASE("to_json pretty output is indented, has no trailing spaces and ends with a newline",
          "[output]") {
  Value v;
  v["b"]["c"] = "x";
  v["a"] = Value::list();
  v["e"] = Value::object();
  CHECK(to_json(v, true) ==
        "{\n"
        "  \"a\": [],\n"
        "  \"b\": {\n"
        "    \"c\": \"x\"\n"
        "  },\n"
        "  \"e\": {}\n"
        "}\n");
}

TEST_CASE("to_json is deterministic whatever the insertion order", "[output]") {
  Value a, b;
  a["x"] = 1;
  a["y"] = 2;
  b["y"] = 2;
  b["x"] = 1;
  CHECK(to_json(a) == to_json(b));
  CHECK(to_json(a, true) == to_json(b, true));
}

TEST_CASE("json_ld_script_body cannot close its script element", "[output]") {
  Value v;
  v["name"] = "</script><script>alert(1)</script> & more";
  std::string body = json_ld_script_body(v);
  CHECK(
      body ==
      R"({"name":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 more"})");
  CHECK(body.find('<') == std::string::npos);
}

TEST_CASE("compact to_json writes what nlohmann-json writes, escapes included", "[output]") {
  Value v = Value::object();
  v["ctl"] = std::string("a\"b\\c\b\f\n\r\t\x01\x1f\x7f/");
  v["utf8"] = "é € 😀 \xEF\xBF\xBD";
  v["empty_list"] = Value::list();
  v["empty_obj"] = Value::object();
  Value list = Value::list();
  list.push_back(Value(-0.5));
  list.push_back(Value(1e21));
  list.push_back(Value(int64_t{-9007199254740993}));
  list.push_back(Value(false));
  list.push_back(Value());
  v["list"] = std::move(list);
  v["nested"] = Value::object();
  v["nested"]["k"] = "v";
  nlohmann::json expect = nlohmann::json::parse(to_json(v));
  CHECK(to_json(v) == expect.dump());
  CHECK(to_json(v).find(R"("ctl":"a\"b\\c\b\f\n\r\t\u0001\u001f)" "\x7f" R"(/")") != std::string::npos);
  // A byte that is not UTF-8 becomes U+FFFD, as nlohmann's error_handler_t::replace does.
  CHECK(to_json(Value(std::string("a\xFF" "b"))) == "\"a\xEF\xBF\xBD" "b\"");
}
