// Percent-decoding and the text rules every field name and value obeys.
//
// Form bodies, query strings and multipart parts all end up as Fields (http/fields.h);
// whatever the wire format, a field's name and string value must satisfy the same
// rules, checked here, so nothing downstream (validation, SQL parameters, JSON output,
// logs) ever sees a NUL, a terminal escape or a broken UTF-8 sequence:
//
//   - valid UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF; no NUL;
//   - names: non-empty, no control character at all (C0, DEL, C1);
//   - values: no control character except tab, LF and CR (a description may span lines).
//
// Decoding happens exactly once: "%2527" is the three characters "%27", never "'".
//
// Every message produced here is safe to show a client: input is quoted only through
// SafeExcerpt (at most 64 bytes, control characters and broken UTF-8 replaced by '?').
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::http {

// Whether '+' stands for a space (application/x-www-form-urlencoded bodies and query
// strings, as browsers send them) or for itself.
enum class PlusMode { kSpace, kLiteral };

// Decodes %XX escapes (hex digits of either case), and '+' as a space in
// PlusMode::kSpace, exactly once. Refuses with kBadRequest a '%' not followed by two hex
// digits ("%zz", "%2", a trailing "%"). Does not apply the text rules: use
// DecodeFieldName / DecodeFieldValue for that.
StatusOr<std::string> PercentDecode(std::string_view encoded, PlusMode plus);

// True when `text` is well-formed UTF-8 (RFC 3629: shortest form, no surrogates,
// at most U+10FFFF). NUL bytes are well-formed UTF-8; the field rules refuse them.
bool IsValidUtf8(std::string_view text);

// Checks a decoded field name against the rules above and `max_bytes`. kBadRequest
// with a message saying what is wrong.
Status CheckFieldName(std::string_view name, size_t max_bytes);

// Checks the decoded value of field `name` (already checked) against the rules above.
// kBadRequest naming the field; a value longer than `max_bytes` is kPayloadTooLarge.
Status CheckFieldValue(std::string_view name, std::string_view value, size_t max_bytes);

// PercentDecode followed by CheckFieldName / CheckFieldValue.
StatusOr<std::string> DecodeFieldName(std::string_view encoded, PlusMode plus, size_t max_bytes);
StatusOr<std::string> DecodeFieldValue(std::string_view name, std::string_view encoded,
                                       PlusMode plus, size_t max_bytes);

// A short, printable rendering of untrusted text for an error message: at most
// `max_bytes` bytes of it (never splitting a UTF-8 sequence; "..." appended when cut),
// with every control character, invalid byte and non-character replaced by '?'.
std::string SafeExcerpt(std::string_view text, size_t max_bytes = 64);

}  // namespace keel::http
