// multipart/form-data bodies (RFC 7578; what `curl -F` and an HTML form with
// enctype="multipart/form-data" send) parsed into Fields.
//
// keel takes fields only: a part with a filename (a file upload) is refused with 415.
// The body is walked once, front to back, with bounded searches for the delimiter
// ("\r\n--" boundary) and for each part's header block; nothing recurses, nothing is
// nested (a part whose own content is multipart is just text), and part count, header
// block size, name and value sizes are all bounded by FormLimits.
//
// Shape accepted (RFC 2046 §5.1.1): an optional preamble, then for each part a line
// "--boundary" (optionally followed by spaces or tabs) ended by CRLF, header lines ended
// by an empty line, the content; the body ends with "--boundary--", after which an
// epilogue is ignored. A delimiter line carrying anything else ("--boundaryX") is
// refused rather than read as content: boundaries are chosen never to occur in content.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "http/fields.h"
#include "http/form_urlencoded.h"

namespace keel::http {

// True when `boundary` is a legal multipart boundary: 1 to 70 characters from RFC 2046's
// bchars (letters, digits, '()+_,-./:=? and space, the last not a space).
bool IsValidBoundary(std::string_view boundary);

// Parses `body` with `boundary` (unquoted, as in ContentType::boundary) into Fields with
// from_form() set and every value Kind::kString (the part's bytes, not decoded).
//
// Each part needs `Content-Disposition: form-data; name="..."` (type and parameter
// names case-insensitive, the name quoted or a token; in a quoted name `\"` and `\\`
// stand for `"` and `\`, as RFC 9110 quoted-pairs). A part may carry a Content-Type
// that parses with no charset or utf-8, and a Content-Transfer-Encoding of 7bit, 8bit
// or binary; other part headers are ignored.
//
// Refused with 415 (kUnsupportedMedia): a part with `filename=` or `filename*=`
// ("file uploads are not supported"), a malformed part Content-Type, a part charset
// other than utf-8, another transfer encoding. Refused with 400 (kBadRequest): an
// invalid boundary, no opening boundary, a missing final "--boundary--", a delimiter
// line with trailing garbage, a header block over limits.max_part_header_bytes or
// without its empty line, a header line without ':' or folded, a missing or
// non-form-data Content-Disposition, a missing or empty name or `name*=`, a name or
// value breaking the text rules of http/percent_decode.h (NUL, invalid UTF-8, control
// characters), more than limits.max_fields parts. A duplicate name is 400
// (kValidation, field() set). A value over limits.max_value_bytes is 413.
// What a part's header block says of it.
struct PartHeaders {
  std::string name;                     // Content-Disposition's name
  std::optional<std::string> filename;  // its filename, as sent (a file part), or none
  std::string content_type;             // the part's Content-Type as sent, or ""
};

// Checks one part's header block (header lines, each ended by CRLF, without the empty
// line) with the rules above; a `filename` is returned, not refused (the caller
// decides), `filename*=` is 400. Shared with the streaming reader (multipart_stream.h).
StatusOr<PartHeaders> ParsePartHeaders(std::string_view block, const FormLimits& limits);

StatusOr<Fields> ParseMultipartFormData(std::string_view body, std::string_view boundary,
                                        const FormLimits& limits = {});

}  // namespace keel::http
