// Shared invariant checks for the libFuzzer harnesses: what every successful parse must
// guarantee (http/percent_decode.h text rules) and what every error must look like
// (a message safe to show a client). A broken invariant aborts, which libFuzzer
// reports as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/status.h"
#include "http/fields.h"
#include "http/form_urlencoded.h"
#include "http/percent_decode.h"

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

namespace keel::fuzz {

// An error message a client may see: bounded, no control characters, valid UTF-8.
inline void CheckErrorIsSafe(const Status& status) {
  FUZZ_CHECK(!status.ok());
  const std::string& m = status.message();
  FUZZ_CHECK(!m.empty());
  FUZZ_CHECK(m.size() <= 400);
  FUZZ_CHECK(http::IsValidUtf8(m));
  for (char c : m) {
    unsigned char u = static_cast<unsigned char>(c);
    FUZZ_CHECK(u >= 0x20 && u != 0x7F);
  }
  FUZZ_CHECK(status.field().size() <= 80);
  int code = HttpStatusOf(status.code());
  FUZZ_CHECK(code == 400 || code == 413 || code == 415);
}

// Every name and string value obeys the field text rules and the default limits.
inline void CheckFieldsAreClean(const http::Fields& fields) {
  const http::FormLimits limits;
  FUZZ_CHECK(fields.size() <= limits.max_fields);
  for (size_t i = 0; i < fields.all().size(); ++i) {
    const http::Field& f = fields.all()[i];
    FUZZ_CHECK(http::CheckFieldName(f.name, limits.max_name_bytes).ok());
    if (f.value.kind == http::FieldValue::Kind::kString) {
      FUZZ_CHECK(http::CheckFieldValue(f.name, f.value.text, limits.max_value_bytes).ok());
    }
    if (fields.from_form()) FUZZ_CHECK(f.value.kind == http::FieldValue::Kind::kString);
    for (size_t j = 0; j < i; ++j) FUZZ_CHECK(fields.all()[j].name != f.name);
  }
}

// Two parses of the same data must agree exactly.
inline bool SameFields(const http::Fields& a, const http::Fields& b) {
  if (a.size() != b.size() || a.from_form() != b.from_form()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const http::Field& x = a.all()[i];
    const http::Field& y = b.all()[i];
    if (x.name != y.name || x.value.kind != y.value.kind || x.value.text != y.value.text ||
        x.value.integer != y.value.integer || x.value.number != y.value.number ||
        x.value.boolean != y.value.boolean) {
      return false;
    }
  }
  return true;
}

// Percent-encodes every byte that is not unreserved, so decoding gives `text` back.
inline std::string FormEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

}  // namespace keel::fuzz
