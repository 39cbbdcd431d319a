// QUERY_STRING parsed into Fields, for the list parameters (page, limit, sort,
// filters) and the few routes that take query arguments.
//
// A query string is the same format as a form body (browsers submit GET forms that
// way, '+' included), so this shares ParseFormUrlencoded's one-pass implementation,
// limits and text rules; only the wording of messages differs ("query parameter").
#pragma once

#include <string_view>

#include "base/status.h"
#include "http/fields.h"
#include "http/form_urlencoded.h"

namespace keel::http {

// Parses a raw QUERY_STRING (without the leading '?') into Fields with from_form() set
// and every value Kind::kString. An empty query gives empty Fields. Refusals are those
// of ParseFormUrlencoded: a duplicate parameter ("a=1&a=2") is a 400 (kValidation)
// naming it, malformed escapes, "%00", invalid UTF-8, control characters, empty or
// over-long names and more than limits.max_fields parameters are 400 (kBadRequest); a
// value over limits.max_value_bytes is 413. Parameters starting with '_' are kept:
// ignoring them is the caller's rule (CONTRACT §3), not the parser's.
StatusOr<Fields> ParseQueryString(std::string_view query, const FormLimits& limits = {});

}  // namespace keel::http
