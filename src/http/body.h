// The request body, whatever its format, turned into Fields: the one entry point the
// dispatch phase calls, so JSON, form and multipart bodies all reach the same
// validation (CONTRACT §3).
//
// Only the three formats a client of keel legitimately sends are accepted. Anything
// else is a 415, and that matters for security too: `text/plain` is what a cross-site
// HTML form can send without a CORS preflight, so refusing it closes that CSRF path
// (RELIABILITY 39) even before the CSRF check runs.
#pragma once

#include <string_view>

#include "base/status.h"
#include "http/fields.h"
#include "http/form_urlencoded.h"

namespace keel::http {

// Parses `body` according to the Content-Type header value `content_type`:
//   application/json and any */*+json type  → ParseJsonBody (an empty body is {});
//   application/x-www-form-urlencoded       → ParseFormUrlencoded;
//   multipart/form-data                     → ParseMultipartFormData with its boundary;
//   no Content-Type (empty or blank) and an empty body → empty Fields.
// Refused with 415 (kUnsupportedMedia): any other media type (text/plain included), a
// body without a Content-Type, a malformed Content-Type, a charset other than utf-8
// (case-insensitive). multipart/form-data without a boundary parameter is 400. The
// parsers' own refusals pass through unchanged (400, or 413 for an over-long value).
StatusOr<Fields> ParseBody(std::string_view content_type, std::string_view body,
                           const FormLimits& limits = {});

}  // namespace keel::http
