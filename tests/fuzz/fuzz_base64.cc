// fuzz-sources: src/crypto/encoding.cc
// fuzz-libs: -lcryptopp
//
// libFuzzer harness for keel's strict base64/base64url decoders against Crypto++'s
// encoders: any text that decodes is exactly what the encoder writes for those bytes
// (one spelling per value), and any bytes come back from their encoding unchanged.
#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/encoding.h"
#include "fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  using namespace keel::crypto;

  if (auto bytes = Base64UrlDecode(input)) FUZZ_CHECK(Base64UrlEncode(*bytes) == input);
  if (auto bytes = Base64Decode(input)) FUZZ_CHECK(Base64Encode(*bytes) == input);

  auto url = Base64UrlDecode(Base64UrlEncode(input));
  FUZZ_CHECK(url.has_value() && *url == input);
  auto standard = Base64Decode(Base64Encode(input));
  FUZZ_CHECK(standard.has_value() && *standard == input);
  return 0;
}
