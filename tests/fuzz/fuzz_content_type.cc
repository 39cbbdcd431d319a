// fuzz-sources: src/http/body.cc src/http/content_type.cc src/http/json_body.cc
// fuzz-sources: src/http/form_urlencoded.cc src/http/multipart.cc src/http/percent_decode.cc
// fuzz-sources: src/json/safe_parse.cc src/base/status.cc src/base/utf8.cc
//
// libFuzzer harness for ParseContentType and ParseBody's dispatch. The input is the
// Content-Type header; a fixed set of small bodies is parsed under it. Checks: no
// crash; on success the media type is lower-case tokens and charset lower-case; every
// ParseBody error is a 400, 413 or 415 with a safe message.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "http/body.h"
#include "http/content_type.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  keel::StatusOr<keel::http::ContentType> type = keel::http::ParseContentType(input);
  if (type.ok()) {
    FUZZ_CHECK(!type->type.empty() && !type->subtype.empty());
    for (char c : type->type + type->subtype + type->charset) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  } else {
    keel::fuzz::CheckErrorIsSafe(type.status());
    FUZZ_CHECK(type.status().code() == keel::ErrorCode::kUnsupportedMedia);
  }

  static constexpr std::string_view kBodies[] = {
      "", "{\"a\":1}", "a=1&b=2",
      "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"};
  for (std::string_view body : kBodies) {
    keel::StatusOr<keel::http::Fields> fields = keel::http::ParseBody(input, body);
    if (!fields.ok()) {
      keel::fuzz::CheckErrorIsSafe(fields.status());
    } else {
      keel::fuzz::CheckFieldsAreClean(*fields);
    }
  }
  return 0;
}
