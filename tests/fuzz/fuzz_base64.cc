// fuzz-sources: src/crypto/encoding.cc
// fuzz-libs: -lcryptopp
//
// libFuzzer harness for keel's base64/base64url encoders and strict decoders against
// Crypto++'s encoders: keel encodes any bytes exactly as Crypto++ does, any text that
// decodes is exactly what the encoder writes for those bytes (one spelling per value),
// and any bytes come back from their encoding unchanged.
#include <cryptopp/base64.h>
#include <cryptopp/filters.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/encoding.h"
#include "fuzz/fuzz_checks.h"

namespace {

// Crypto++'s base64url, and standard base64 without line breaks.
std::string TheirBase64Url(const std::string& bytes) {
  std::string out;
  CryptoPP::StringSource(bytes, true,
                         new CryptoPP::Base64URLEncoder(new CryptoPP::StringSink(out)));
  return out;
}
std::string TheirBase64(const std::string& bytes) {
  std::string out;
  CryptoPP::StringSource(bytes, true,
                         new CryptoPP::Base64Encoder(new CryptoPP::StringSink(out), false));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  using namespace keel::crypto;

  FUZZ_CHECK(Base64UrlEncode(input) == TheirBase64Url(input));
  FUZZ_CHECK(Base64Encode(input) == TheirBase64(input));

  if (auto bytes = Base64UrlDecode(input)) FUZZ_CHECK(Base64UrlEncode(*bytes) == input);
  if (auto bytes = Base64Decode(input)) FUZZ_CHECK(Base64Encode(*bytes) == input);

  auto url = Base64UrlDecode(Base64UrlEncode(input));
  FUZZ_CHECK(url.has_value() && *url == input);
  auto standard = Base64Decode(Base64Encode(input));
  FUZZ_CHECK(standard.has_value() && *standard == input);
  return 0;
}
