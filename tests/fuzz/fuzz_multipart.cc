// fuzz-sources: src/http/multipart.cc src/http/content_type.cc src/http/percent_decode.cc
// fuzz-sources: src/base/status.cc src/base/utf8.cc
//
// libFuzzer harness for ParseMultipartFormData. The input's first line is the
// boundary, the rest the body. Checks: no crash, clean fields on success, a safe
// message on failure, and writing the fields back out as multipart with the same
// boundary then parsing again gives the same fields.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::string_view boundary = input.substr(0, newline);
  std::string_view body = input.substr(newline + 1);

  keel::StatusOr<keel::http::Fields> fields = keel::http::ParseMultipartFormData(body, boundary);
  if (!fields.ok()) {
    keel::fuzz::CheckErrorIsSafe(fields.status());
    return 0;
  }
  FUZZ_CHECK(keel::http::IsValidBoundary(boundary));
  FUZZ_CHECK(fields->from_form());
  keel::fuzz::CheckFieldsAreClean(*fields);

  std::string rebuilt;
  for (const keel::http::Field& f : fields->all()) {
    std::string quoted;
    for (char c : f.name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    rebuilt += "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=\"" +
               quoted + "\"\r\n\r\n" + f.value.text + "\r\n";
  }
  rebuilt += "--" + std::string(boundary) + "--\r\n";
  keel::StatusOr<keel::http::Fields> again = keel::http::ParseMultipartFormData(rebuilt, boundary);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(keel::fuzz::SameFields(*fields, *again));
  return 0;
}
