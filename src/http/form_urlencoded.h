// application/x-www-form-urlencoded bodies (what `curl -d` and a plain HTML form send)
// parsed into Fields, and the limits shared by every form-like parser.
//
// The format is `name=value` pairs joined by '&', each side percent-encoded with '+'
// for a space (WHATWG URL §5.1). Parsing is a single linear pass with no regex and no
// recursion; every count and size is bounded by FormLimits, so a hostile body costs at
// most O(body size + max_fields^2) work.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/status.h"
#include "http/fields.h"

namespace keel::http {

// Bounds applied to form bodies, query strings, multipart bodies and JSON bodies alike.
// The body itself is bounded earlier (nginx client_max_body_size, KEEL_MAX_BODY_BYTES).
struct FormLimits {
  size_t max_fields = 256;              // more: 400 "too many fields"
  size_t max_name_bytes = 128;          // longer (decoded) name: 400
  size_t max_value_bytes = 1 << 20;     // longer (decoded) value: 413
  size_t max_part_header_bytes = 4096;  // multipart: one part's header block, else 400
};

// Parses `body` into Fields with from_form() set and every value Kind::kString.
//
//   "a=1&b=2"    two fields;            "a=1&&b=2", "&a=1&"  empty pairs are skipped;
//   "a"          a with an empty value;  "a=1&a=2"            400 naming "a";
//   "a=%2527"    a = "%27" (decoded once); "a=x+y"            a = "x y".
//
// Refused with 400 (kBadRequest; a duplicate is kValidation with field() set): a
// malformed escape ("%zz", "%2", trailing "%"), an empty name ("=1"), a name or value
// breaking the text rules of http/percent_decode.h (NUL or "%00", invalid UTF-8,
// control characters), a name longer than limits.max_name_bytes, more than
// limits.max_fields fields. A value longer than limits.max_value_bytes is 413.
StatusOr<Fields> ParseFormUrlencoded(std::string_view body, const FormLimits& limits = {});

namespace detail {
// The shared implementation of ParseFormUrlencoded and ParseQueryString; `noun` names
// what a pair is in messages ("field", "query parameter").
StatusOr<Fields> ParseUrlencodedPairs(std::string_view input, const FormLimits& limits,
                                      std::string_view noun);
}  // namespace detail

}  // namespace keel::http
