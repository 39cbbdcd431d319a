// application/json request bodies parsed into Fields.
//
// The JSON itself is read by json::ParseJson (json/safe_parse.h), which already refuses
// nesting deeper than 32, duplicate keys, integers beyond 64 bits, non-finite numbers,
// NUL in strings, invalid UTF-8 and trailing data. This layer adds what turns a
// document into request fields: the root must be an object, each member becomes one
// Field keeping its JSON type, and member names and string values obey the same text
// rules as form fields (http/percent_decode.h), so a JSON client and a form client can
// send exactly the same things.
#pragma once

#include <string_view>

#include "base/status.h"
#include "http/fields.h"
#include "http/form_urlencoded.h"

namespace keel::http {

// Parses a JSON request body into Fields (from_form() false). Member kinds:
//   null → kNull; true/false → kBool; an integer that fits int64 → kInteger (integer
//   and number both set); any other number → kNumber; a string → kString; an array or
//   object → kArray / kObject with `text` holding its compact JSON serialisation.
//
// A zero-length body is an empty object (empty Fields): clients commonly send
// `Content-Type: application/json` with no body on POST logout or DELETE. A body of
// only whitespace is not empty and is refused like any other malformed JSON.
//
// Refused with 400 (kBadRequest): malformed JSON or anything json::ParseJson refuses
// (its message, made safe to show), a root that is not an object ("request body must
// be a JSON object"), a member name or string value breaking the text rules (empty
// name, control characters; a value may hold tab, LF and CR), a name over
// limits.max_name_bytes, more than limits.max_fields members. A string value over
// limits.max_value_bytes is 413. Values nested inside arrays and objects are not
// checked against the text rules: they are kept as escaped JSON text.
StatusOr<Fields> ParseJsonBody(std::string_view body, const FormLimits& limits = {});

}  // namespace keel::http
