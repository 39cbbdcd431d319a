// FieldReader: validation of request fields (body or query), written once for all
// three body formats. A JSON value must have the field's type; a form value (always
// a string) is converted by the field's type: "true/false/1/0" for booleans, decimal
// numbers, RFC 3339 timestamps, and "" meaning null for non-string fields.
//
// Each getter records a FieldError when the value is wrong and keeps going, so one
// response lists every bad field (`details`) with the first one in `field`. Finish()
// adds the unknown fields — anything neither read nor declared ignorable — and
// returns the Status. Names starting with "_" and the read-only fields a client may
// echo back (id, user_id, created_at, updated_at, duration_minutes) are ignored.
//
// A getter returns Value<T>: `present` (the field was sent), `is_null` (sent as
// null), and `value`. PUT handlers treat absent as null; PATCH handlers change only
// what is present.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "http/fields.h"

namespace keel::api {

template <typename T>
struct Value {
  bool present = false;
  bool is_null = false;
  T value{};
  bool has_value() const { return present && !is_null; }
};

struct StringRule {
  bool required = false;
  size_t min_length = 0;    // in characters (UTF-8 code points), after trimming
  size_t max_length = 255;  // in characters
  bool trim = true;
  bool single_line = true;  // refuse CR, LF (titles, names); descriptions allow them
};

class FieldReader {
 public:
  explicit FieldReader(const http::Fields& fields) : fields_(fields) {}

  Value<std::string> String(std::string_view name, const StringRule& rule);
  // Trimmed and lower-cased; a plausible address (local@domain.tld, ≤ 255 bytes).
  Value<std::string> Email(std::string_view name, bool required);
  Value<int64_t> Integer(std::string_view name, int64_t min, int64_t max, bool required);
  Value<double> Number(std::string_view name, double min, double max, bool required);
  Value<bool> Bool(std::string_view name, bool required);
  Value<std::string> Enum(std::string_view name, std::span<const std::string_view> allowed,
                          bool required);
  Value<std::string> Enum(std::string_view name, std::initializer_list<std::string_view> allowed,
                          bool required) {
    return Enum(name, std::span<const std::string_view>(allowed.begin(), allowed.size()), required);
  }
  // RFC 3339 date-time with offset ("2026-01-02T03:04:05Z", "...+02:00"); value is
  // the text as sent (PostgreSQL parses it as timestamptz).
  Value<std::string> Timestamp(std::string_view name, bool required);
  // A calendar date "YYYY-MM-DD" (an RFC 3339 date-time is accepted, its date taken).
  Value<std::string> Date(std::string_view name, bool required);
  // A UUID in its canonical 8-4-4-4-12 hex form; value lower-cased.
  Value<std::string> Uuid(std::string_view name, bool required);

  // True if the field was sent at all (whatever its value).
  bool Has(std::string_view name) const { return fields_.Has(name); }
  // Marks fields as allowed but not read (e.g. fields of another route's concern).
  void Ignore(std::initializer_list<std::string_view> names);
  // Records an error found by the caller (cross-field rules).
  void AddError(std::string field, std::string message);
  bool ok() const { return errors_.empty(); }

  // Unknown fields become errors; returns ok or VALIDATION_ERROR with every detail.
  Status Finish();

 private:
  const http::FieldValue* Lookup(std::string_view name, bool required, bool& missing);
  void Fail(std::string_view name, std::string message);
  // A form sends "" for an empty typed field: that is null (and missing if required).
  bool EmptyFormValueIsNull(std::string_view name, bool required, Value<std::string>& out);

  const http::Fields& fields_;
  std::vector<std::string> read_;
  std::vector<FieldError> errors_;
};

// Validators shared with the query-parameter parser.
bool IsUuid(std::string_view text);
bool IsRfc3339Timestamp(std::string_view text);
bool IsDate(std::string_view text);
size_t Utf8Length(std::string_view text);

}  // namespace keel::api
