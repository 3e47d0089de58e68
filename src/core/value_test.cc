#include <catch2/catch.hpp>

#include <utility>

#include "core/value.h"

using namespace agora;

namespace {

Value card() {
  Value v = Value::object();
  v["name"] = "Lumen";
  v["tags"] = Value::list();
  v["tags"].push_back("sarif");
  return v;
}

}  // namespace

TEST_CASE("a shared value reads like the value it shares", "[core]") {
  Value s = Value::shared(card());
  CHECK(s.is_shared());
  CHECK(s.is_object());
  CHECK_FALSE(s.is_null());
  CHECK(s.truthy());
  CHECK(s.size() == 2);
  REQUIRE(s.find("name"));
  CHECK(s.find("name")->as_string() == "Lumen");
  CHECK(s.as_object().at("tags").as_list().at(0).as_string() == "sarif");
  CHECK(Value::shared(s).is_shared());  // sharing a shared value does not nest it
  Value scalar = Value::shared(Value(int64_t{7}));
  CHECK(scalar.is_int());
  CHECK(scalar.as_int() == 7);
}

TEST_CASE("copies of a shared value point to one tree", "[core]") {
  Value s = Value::shared(card());
  const Value a = s, b = s;  // const: reading through a mutable accessor would copy
  CHECK(&a.as_object() == &b.as_object());
  Value list = Value::list();
  list.push_back(s);
  CHECK(&std::as_const(list).as_list().at(0).find("name")->as_string() == &s.find("name")->as_string());
  CHECK(a.is_shared());
}

TEST_CASE("writing to a copy of a shared value copies it first", "[core]") {
  Value s = Value::shared(card());
  Value a = s;
  a["name"] = "Changed";
  a["tags"].push_back("json");
  CHECK_FALSE(a.is_shared());
  CHECK(a.find("name")->as_string() == "Changed");
  CHECK(a.find("tags")->size() == 2);
  // The shared tree and its other copies are unchanged.
  CHECK(s.find("name")->as_string() == "Lumen");
  CHECK(s.find("tags")->size() == 1);
  Value b = s;
  b.as_object().erase("tags");
  CHECK(b.size() == 1);
  CHECK(s.size() == 2);
  Value l = Value::shared(Value::list());
  Value m = l;
  m.push_back(1);
  CHECK(m.size() == 1);
  CHECK(l.size() == 0);
}
