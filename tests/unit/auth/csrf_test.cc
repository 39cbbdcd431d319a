// CSRF tokens (derivation, comparison, key rotation) and the Origin / Sec-Fetch-Site
// checks of cookie-authenticated writes (CONTRACT §4.3, RELIABILITY test 39).
#include "auth/csrf.h"

#include <gtest/gtest.h>

#include <string>

#include "auth/keys.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace keel::auth {
namespace {

const std::string kSid = "6f1c1c2e-8a4b-4f0e-9f57-0f5f0b1c2d3e";

Config TestConfig(std::string previous = "") {
  Config c;
  c.jwt_secret = "csrf-test-secret-0123456789abcdef!";
  c.jwt_secret_previous = std::move(previous);
  c.public_origin = "https://localhost:8443";
  c.cors_origins = {"https://app.example.com", "http://localhost:5173"};
  return c;
}

TEST(CsrfTokenTest, IsTheHmacOfTheSessionIdUnderTheDerivedKey) {
  Config config = TestConfig();
  const AuthKeys& keys = KeysFor(config);
  std::string expected_key = crypto::HmacSha256(config.jwt_secret, "keel/v1/csrf");
  EXPECT_EQ(keys.csrf, expected_key);
  EXPECT_EQ(CsrfToken(keys.csrf, kSid),
            crypto::Base64UrlEncode(crypto::HmacSha256(expected_key, kSid)));
  EXPECT_EQ(CsrfToken(keys.csrf, kSid).size(), 43u);  // 32 bytes, base64url, unpadded
  // Deterministic and bound to the session.
  EXPECT_EQ(CsrfToken(keys.csrf, kSid), CsrfToken(keys.csrf, kSid));
  EXPECT_NE(CsrfToken(keys.csrf, kSid), CsrfToken(keys.csrf, "another-session"));
  // Never the same as a MAC under the JWT secret itself or the refresh-chain key.
  EXPECT_NE(keys.csrf, config.jwt_secret);
  EXPECT_NE(keys.csrf, keys.chain);
}

TEST(CsrfTokenTest, MatchesTable) {
  Config config = TestConfig();
  const AuthKeys& keys = KeysFor(config);
  std::string good = CsrfToken(keys.csrf, kSid);
  std::string flipped = good;
  flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
  const struct {
    const char* name;
    std::string session;
    std::string presented;
    bool matches;
  } cases[] = {
      {"exact", kSid, good, true},
      {"empty header", kSid, "", false},
      {"one character changed", kSid, flipped, false},
      {"truncated", kSid, good.substr(0, 42), false},
      {"extended", kSid, good + "A", false},
      {"another session's token", kSid, CsrfToken(keys.csrf, "other"), false},
      {"empty session", "", good, false},
      {"padded", kSid, good + "=", false},
      {"made with the JWT secret", kSid,
       crypto::Base64UrlEncode(crypto::HmacSha256(config.jwt_secret, kSid)), false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(CsrfTokenMatches(keys, c.session, c.presented), c.matches) << c.name;
  }
}

TEST(CsrfTokenTest, PreviousSecretStillAcceptedDuringRotation) {
  Config old_config = TestConfig();
  std::string old_token = CsrfToken(KeysFor(old_config).csrf, kSid);
  Config rotated = TestConfig(old_config.jwt_secret);
  rotated.jwt_secret = "the-new-csrf-secret-0123456789abcdef";
  const AuthKeys& keys = KeysFor(rotated);
  EXPECT_TRUE(CsrfTokenMatches(keys, kSid, old_token));
  EXPECT_TRUE(CsrfTokenMatches(keys, kSid, CsrfToken(keys.csrf, kSid)));
  Config forgotten = TestConfig();
  forgotten.jwt_secret = rotated.jwt_secret;  // previous no longer configured
  EXPECT_FALSE(CsrfTokenMatches(KeysFor(forgotten), kSid, old_token));
}

TEST(CsrfOriginTest, Table) {
  const struct {
    const char* name;
    std::string origin;
    std::string fetch_site;
    bool allowed;
  } cases[] = {
      {"no headers (curl, scripts)", "", "", true},
      {"the site itself", "https://localhost:8443", "same-origin", true},
      {"configured CORS origin", "https://app.example.com", "cross-site", false},
      {"configured CORS origin, same-site", "https://app.example.com", "same-site", true},
      {"second CORS origin", "http://localhost:5173", "", true},
      {"Sec-Fetch-Site cross-site alone", "", "cross-site", false},
      {"Sec-Fetch-Site none (typed URL)", "", "none", true},
      {"evil origin", "https://evil.example", "", false},
      {"null origin (sandboxed iframe, data: URL)", "null", "", false},
      {"scheme differs", "http://localhost:8443", "", false},
      {"port differs", "https://localhost:8444", "", false},
      {"trailing slash", "https://localhost:8443/", "", false},
      {"prefix of an allowed origin", "https://localhost:84", "", false},
      {"allowed origin as a prefix", "https://localhost:8443.evil.example", "", false},
      {"case differs", "HTTPS://LOCALHOST:8443", "", false},
  };
  Config config = TestConfig();
  for (const auto& c : cases) {
    http::Request request;
    request.method = http::Method::kPost;
    request.origin = c.origin;
    request.sec_fetch_site = c.fetch_site;
    Status s = CheckRequestOrigin(request, config);
    EXPECT_EQ(s.ok(), c.allowed) << c.name;
    if (!s.ok()) {
      EXPECT_EQ(s.code(), ErrorCode::kForbidden) << c.name;
    }
  }
}

// Login and register: a front end on a configured origin of another site may call them
// (to get bearer tokens); nobody else cross-site may.
TEST(CsrfOriginTest, LoginPolicyAllowsCrossSiteCorsOriginsOnly) {
  const struct {
    const char* name;
    std::string origin;
    std::string fetch_site;
    bool allowed;
  } cases[] = {
      {"configured CORS origin, cross-site", "https://app.example.com", "cross-site", true},
      {"the site itself", "https://localhost:8443", "same-origin", true},
      {"no headers", "", "", true},
      {"evil origin, cross-site", "https://evil.example", "cross-site", false},
      {"cross-site without Origin", "", "cross-site", false},
      {"null origin", "null", "cross-site", false},
  };
  Config config = TestConfig();
  for (const auto& c : cases) {
    http::Request request;
    request.method = http::Method::kPost;
    request.origin = c.origin;
    request.sec_fetch_site = c.fetch_site;
    EXPECT_EQ(CheckRequestOrigin(request, config, CrossSite::kAllowCorsOrigins).ok(), c.allowed)
        << c.name;
  }
}

TEST(CsrfOriginTest, WithoutPublicOriginOnlyCorsOriginsPass) {
  Config config = TestConfig();
  config.public_origin.clear();
  http::Request request;
  request.origin = "https://localhost:8443";
  EXPECT_FALSE(CheckRequestOrigin(request, config).ok());
  request.origin = "https://app.example.com";
  EXPECT_TRUE(CheckRequestOrigin(request, config).ok());
}

TEST(CsrfMethodTest, UnsafeMethods) {
  EXPECT_FALSE(IsUnsafeMethod(http::Method::kGet));
  EXPECT_FALSE(IsUnsafeMethod(http::Method::kHead));
  EXPECT_FALSE(IsUnsafeMethod(http::Method::kOptions));
  EXPECT_TRUE(IsUnsafeMethod(http::Method::kPost));
  EXPECT_TRUE(IsUnsafeMethod(http::Method::kPut));
  EXPECT_TRUE(IsUnsafeMethod(http::Method::kPatch));
  EXPECT_TRUE(IsUnsafeMethod(http::Method::kDelete));
  EXPECT_TRUE(IsUnsafeMethod(http::Method::kOther));
}

}  // namespace
}  // namespace keel::auth
