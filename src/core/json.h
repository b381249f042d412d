#pragma once
// A small JSON reader and a string and number writer (RFC 8259), enough for
// goal-set files and machine-readable command output. Objects keep their keys
// in file order.
// Parse errors are InputErrors with "file:line:col". Nesting is limited to 256
// levels so hostile input cannot exhaust the stack.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace lf::json {

class Value {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  Type type() const { return type_; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  const std::string& str() const { return string_; }
  double number() const { return number_; }
  bool boolean() const { return bool_; }
  const std::vector<Value>& items() const { return array_; }
  const std::vector<std::pair<std::string, Value>>& members() const { return object_; }
  // Member by key, or nullptr.
  const Value* Find(const std::string& key) const;

  SourceLocation where;  // where the value starts

 private:
  friend class Parser;
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Value> array_;
  std::vector<std::pair<std::string, Value>> object_;
};

// Parses a whole document; `file` names it in error messages.
Value Parse(const std::string& text, const std::string& file);

// "..." with JSON escapes.
std::string Quote(const std::string& s);

// A number as JSON text that reads back as the same double (17 significant
// digits); null for NaN and the infinities, which JSON cannot express.
std::string Number(double value);

}  // namespace lf::json
