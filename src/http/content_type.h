// Content-Type header parsing (RFC 9110 §8.3): the media type that decides which body
// parser runs, and the two parameters keel cares about, charset and boundary.
//
// Tolerant where clients differ harmlessly (case of type and parameter names,
// whitespace around ';' and '=', quoted or bare values, unknown parameters), strict
// where ambiguity could be exploited: a header that does not parse, a parameter given
// twice, control or non-ASCII characters are refused rather than guessed at.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::http {

inline constexpr size_t kMaxContentTypeBytes = 1024;
inline constexpr size_t kMaxContentTypeParameters = 16;

struct ContentType {
  std::string type;      // lower-cased, e.g. "application"
  std::string subtype;   // lower-cased, e.g. "json", "vnd.api+json"
  std::string charset;   // lower-cased and unquoted; empty when absent
  std::string boundary;  // unquoted, case kept (it is matched byte for byte); empty when absent

  // True when the media type is type/subtype (both given in lower case).
  bool Is(std::string_view t, std::string_view s) const { return type == t && subtype == s; }
};

// Parses a Content-Type header value such as `Multipart/Form-Data; boundary="x y"`.
// Refused with kUnsupportedMedia (415) and a message saying why: an empty or over-long
// (> kMaxContentTypeBytes) header, a type or subtype that is not a token, a parameter
// without '=' or with an empty or unterminated value, charset or boundary given twice,
// more than kMaxContentTypeParameters parameters, any control or non-ASCII character.
StatusOr<ContentType> ParseContentType(std::string_view header);

}  // namespace keel::http
