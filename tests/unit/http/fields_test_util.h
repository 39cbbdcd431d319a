// Test helpers for the body parsers: a one-line rendering of Fields, so a table row can
// state the expected result as a short string.
#pragma once

#include <cstdio>
#include <string>

#include "base/status.h"
#include "http/fields.h"

namespace keel::http::test_util {

// Renders fields as `name=kind:text|...`, kind one of null, bool, int, num, str, arr, obj;
// e.g. `a=str:1|b=int:2`. Control characters are shown as \xNN to keep failures legible.
inline std::string Describe(const Fields& fields) {
  std::string out;
  for (const Field& f : fields.all()) {
    if (!out.empty()) out += "|";
    out += f.name + "=";
    const FieldValue& v = f.value;
    switch (v.kind) {
      case FieldValue::Kind::kNull:
        out += "null";
        continue;
      case FieldValue::Kind::kBool:
        out += v.boolean ? "bool:true" : "bool:false";
        continue;
      case FieldValue::Kind::kInteger:
        out += "int:" + std::to_string(v.integer);
        continue;
      case FieldValue::Kind::kNumber: {
        char buffer[64];
        snprintf(buffer, sizeof buffer, "num:%.17g", v.number);
        out += buffer;
        continue;
      }
      case FieldValue::Kind::kString:
        out += "str:";
        break;
      case FieldValue::Kind::kArray:
        out += "arr:";
        break;
      case FieldValue::Kind::kObject:
        out += "obj:";
        break;
    }
    for (char c : v.text) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7F) {
        char buffer[8];
        snprintf(buffer, sizeof buffer, "\\x%02X", u);
        out += buffer;
      } else {
        out += c;
      }
    }
  }
  return out;
}

// A parse result as the tables state it: the Describe() string on success, or
// "error <http status>" on failure.
template <typename T>
std::string Outcome(const StatusOr<T>& result) {
  if (!result.ok()) return "error " + std::to_string(HttpStatusOf(result.status().code()));
  return Describe(*result);
}

// True when `message` is safe to show a client: at most `max` bytes, no control
// characters.
inline bool IsSafeMessage(const std::string& message, size_t max = 200) {
  if (message.size() > max) return false;
  for (char c : message) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

}  // namespace keel::http::test_util
