// Fields: the one representation of a request body's (or a query string's) top-level
// fields, whatever the wire format was.
//
// JSON objects, x-www-form-urlencoded bodies and multipart/form-data bodies are all
// parsed into a Fields value, so validation (api/field_reader) is written once and a
// `curl -d`, a `curl -F` and a JSON client reach exactly the same rules. A JSON value
// keeps its JSON type; a form value is always a string (`from_form` is set) and is
// converted by the field's declared type during validation.
//
// Names are unique: parsers refuse duplicates, so lookups are unambiguous.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keel::http {

struct FieldValue {
  enum class Kind { kNull, kBool, kInteger, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;  // for kInteger
  double number = 0;    // for kNumber and kInteger (same value, as a double)
  // For kString: the decoded text (valid UTF-8, no NUL). For kArray/kObject: the
  // compact JSON text of the value, for the few fields that take structured data.
  std::string text;
};

struct Field {
  std::string name;
  FieldValue value;
};

class Fields {
 public:
  // True when the body came from a form (all values are strings to convert).
  bool from_form() const { return from_form_; }
  void set_from_form(bool v) { from_form_ = v; }

  const std::vector<Field>& all() const { return fields_; }
  bool empty() const { return fields_.empty(); }
  size_t size() const { return fields_.size(); }

  // The value named `name`, or nullptr.
  const FieldValue* Find(std::string_view name) const {
    for (const Field& f : fields_) {
      if (f.name == name) return &f.value;
    }
    return nullptr;
  }
  bool Has(std::string_view name) const { return Find(name) != nullptr; }

  // Appends a field; returns false (and adds nothing) if the name is already present.
  void Reserve(size_t n) { fields_.reserve(n); }
  bool Add(std::string name, FieldValue value) {
    if (Has(name)) return false;
    fields_.push_back(Field{std::move(name), std::move(value)});
    return true;
  }

 private:
  std::vector<Field> fields_;
  bool from_form_ = false;
};

}  // namespace keel::http
