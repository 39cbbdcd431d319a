// fuzz-sources: src/http/form_urlencoded.cc src/http/percent_decode.cc src/base/status.cc
// fuzz-sources: src/base/utf8.cc
//
// libFuzzer harness for ParseFormUrlencoded: no crash, clean fields on success, a safe
// message on failure, and re-encoding the fields then parsing again gives them back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "http/form_urlencoded.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  keel::StatusOr<keel::http::Fields> fields = keel::http::ParseFormUrlencoded(input);
  if (!fields.ok()) {
    keel::fuzz::CheckErrorIsSafe(fields.status());
    return 0;
  }
  FUZZ_CHECK(fields->from_form());
  keel::fuzz::CheckFieldsAreClean(*fields);

  std::string encoded;
  for (const keel::http::Field& f : fields->all()) {
    if (!encoded.empty()) encoded += '&';
    encoded += keel::fuzz::FormEncode(f.name) + "=" + keel::fuzz::FormEncode(f.value.text);
  }
  keel::StatusOr<keel::http::Fields> again = keel::http::ParseFormUrlencoded(encoded);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(keel::fuzz::SameFields(*fields, *again));
  return 0;
}
