// core/value.h — a small ordered tree of values: the view data handed to templates and the
// documents written as JSON. Owns: Value (null, bool, integer, string, list, object).
// Does not own: template rendering (theme/) or JSON serialisation (output/json.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace agora {

/// A JSON-like value. Objects keep keys sorted (std::map) so anything written from a Value is
/// deterministic. Copies are deep, except of a shared value (Value::shared): its copies share
/// one immutable tree, and the first write through a copy gives that copy a private tree.
class Value {
 public:
  using List = std::vector<Value>;
  using Object = std::map<std::string, Value, std::less<>>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<int64_t>(i)) {}
  Value(int64_t i) : v_(i) {}
  Value(size_t i) : v_(static_cast<int64_t>(i)) {}
  Value(double d) : v_(d) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(List l) : v_(std::move(l)) {}
  Value(Object o) : v_(std::move(o)) {}

  static Value object() { return Value(Object{}); }
  static Value list() { return Value(List{}); }
  /// `v`, made cheap to copy: for data many views hold (a listing's card in every list it is
  /// in, the parts of a page every page has). Reads see `v`; a write copies it first.
  static Value shared(Value v) {
    if (v.is_shared()) return v;
    Value s;
    s.v_ = std::make_shared<const Value>(std::move(v));
    return s;
  }
  bool is_shared() const { return std::holds_alternative<Shared>(v_); }

  bool is_null() const { return std::holds_alternative<std::monostate>(own().v_); }
  bool is_bool() const { return std::holds_alternative<bool>(own().v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(own().v_); }
  bool is_double() const { return std::holds_alternative<double>(own().v_); }
  bool is_string() const { return std::holds_alternative<std::string>(own().v_); }
  bool is_list() const { return std::holds_alternative<List>(own().v_); }
  bool is_object() const { return std::holds_alternative<Object>(own().v_); }

  bool as_bool() const { return std::get<bool>(own().v_); }
  int64_t as_int() const { return std::get<int64_t>(own().v_); }
  double as_double() const { return std::get<double>(own().v_); }
  const std::string& as_string() const { return std::get<std::string>(own().v_); }
  const List& as_list() const { return std::get<List>(own().v_); }
  List& as_list() { return std::get<List>(writable().v_); }
  const Object& as_object() const { return std::get<Object>(own().v_); }
  Object& as_object() { return std::get<Object>(writable().v_); }

  /// Object access; turns a null into an object on first use.
  Value& operator[](std::string_view key) {
    writable();
    if (is_null()) v_ = Object{};
    auto& o = std::get<Object>(v_);
    auto it = o.lower_bound(key);  // one descent, whether the key is new or not
    if (it == o.end() || it->first != key) it = o.emplace_hint(it, std::string(key), Value());
    return it->second;
  }
  /// Null when absent or not an object.
  const Value* find(std::string_view key) const {
    if (!is_object()) return nullptr;
    auto& o = as_object();
    auto it = o.find(key);
    return it == o.end() ? nullptr : &it->second;
  }
  /// List append; turns a null into a list on first use.
  void push_back(Value v) {
    writable();
    if (is_null()) v_ = List{};
    std::get<List>(v_).push_back(std::move(v));
  }
  size_t size() const {
    if (is_list()) return as_list().size();
    if (is_object()) return as_object().size();
    return 0;
  }
  /// Mustache truthiness: null, false, "" and [] are falsy.
  bool truthy() const {
    if (is_null()) return false;
    if (is_bool()) return as_bool();
    if (is_string()) return !as_string().empty();
    if (is_list()) return !as_list().empty();
    return true;
  }

 private:
  using Shared = std::shared_ptr<const Value>;
  /// The value itself: what a shared value points to, else this.
  const Value& own() const {
    const Shared* p = std::get_if<Shared>(&v_);
    return p ? **p : *this;
  }
  /// This value with a tree of its own (a shared value is copied first), ready to be changed.
  Value& writable() {
    if (const Shared* p = std::get_if<Shared>(&v_)) {
      Value copy = **p;
      v_ = std::move(copy.v_);
    }
    return *this;
  }

  std::variant<std::monostate, bool, int64_t, double, std::string, List, Object, Shared> v_;
};

}  // namespace agora
