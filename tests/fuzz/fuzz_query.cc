// fuzz-sources: src/http/query_string.cc src/http/form_urlencoded.cc src/http/percent_decode.cc
// fuzz-sources: src/base/status.cc src/base/utf8.cc
//
// libFuzzer harness for ParseQueryString: no crash, clean fields on success, a safe
// message on failure, and the same answer as the form parser (same format).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "http/form_urlencoded.h"
#include "http/query_string.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  keel::StatusOr<keel::http::Fields> query = keel::http::ParseQueryString(input);
  keel::StatusOr<keel::http::Fields> form = keel::http::ParseFormUrlencoded(input);
  FUZZ_CHECK(query.ok() == form.ok());
  if (!query.ok()) {
    keel::fuzz::CheckErrorIsSafe(query.status());
    FUZZ_CHECK(query.status().code() == form.status().code());
    return 0;
  }
  keel::fuzz::CheckFieldsAreClean(*query);
  FUZZ_CHECK(keel::fuzz::SameFields(*query, *form));
  return 0;
}
