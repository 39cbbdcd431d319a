// fuzz-sources: src/auth/jwt.cc src/crypto/hash.cc src/crypto/encoding.cc
// fuzz-sources: src/crypto/random.cc src/json/safe_parse.cc src/base/status.cc
// fuzz-sources: src/base/utf8.cc src/http/percent_decode.cc
// fuzz-libs: -lcryptopp
//
// libFuzzer harness for the JWT verifier. Two paths per input:
//   1. the input itself as a token (never accepted: it carries no MAC under our key);
//   2. the input split at its first newline into header and claims JSON texts, signed
//      correctly with the test key, so the fuzzer reaches the JSON and claim checks
//      that only run after the MAC has been verified.
// No crash, no input slower than 1 s, errors always UNAUTHORIZED with a safe message,
// and an accepted token always has the required claims.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/jwt.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "fuzz/fuzz_checks.h"

namespace {

constexpr std::string_view kKey = "fuzz-key-0123456789abcdef0123456789abcdef";
constexpr int64_t kNow = 1800000000;

void CheckOutcome(const keel::StatusOr<keel::auth::JwtClaims>& claims) {
  if (!claims.ok()) {
    FUZZ_CHECK(claims.status().code() == keel::ErrorCode::kUnauthorized);
    // Only the two fixed messages ever reach a client.
    FUZZ_CHECK(claims.status().message() == "invalid token" ||
               claims.status().message() == "token expired");
    return;
  }
  FUZZ_CHECK(!claims->sub.empty());
  FUZZ_CHECK(!claims->sid.empty());
  FUZZ_CHECK(claims->iss == "keel");
  FUZZ_CHECK(claims->exp + 30 > kNow);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  keel::auth::JwtKeys keys{keel::auth::JwtKey{std::string(kKey), "k1"}, std::nullopt};
  keel::auth::JwtExpectations expect{"keel", "keel", 30};

  keel::StatusOr<keel::auth::JwtClaims> direct = keel::auth::VerifyJwt(input, keys, expect, kNow);
  FUZZ_CHECK(!direct.ok());  // no MAC under our key can appear by chance
  CheckOutcome(direct);

  size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::string signing_input = keel::crypto::Base64UrlEncode(input.substr(0, newline)) + "." +
                              keel::crypto::Base64UrlEncode(input.substr(newline + 1));
  std::string token = signing_input + "." +
                      keel::crypto::Base64UrlEncode(keel::crypto::HmacSha256(kKey, signing_input));
  CheckOutcome(keel::auth::VerifyJwt(token, keys, expect, kNow));
  return 0;
}
