// Access-token issuing and the refresh-token chain: deterministic children (what the
// reuse window relies on), token shape checks, digests, key derivation.
#include "auth/tokens.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "auth/jwt.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace keel::auth {
namespace {

Config TestConfig() {
  Config c;
  c.jwt_secret = "tokens-test-secret-0123456789abcdef";
  c.jwt_issuer = "keel-test";
  c.jwt_audience = "keel-test-api";
  c.access_ttl_seconds = 900;
  return c;
}

TEST(AccessTokenTest, CarriesTheContractClaimsAndVerifies) {
  Config config = TestConfig();
  const AuthKeys& keys = KeysFor(config);
  std::string token = IssueAccessToken(keys, config, "user-1", "session-1", "admin", 1700000000);
  auto claims = VerifyJwt(token, keys.jwt, {"keel-test", "keel-test-api", 30}, 1700000100);
  ASSERT_TRUE(claims.ok()) << claims.status().log_detail();
  EXPECT_EQ(claims->sub, "user-1");
  EXPECT_EQ(claims->sid, "session-1");
  EXPECT_EQ(claims->role, "admin");
  EXPECT_EQ(claims->iat, 1700000000);
  EXPECT_EQ(claims->exp, 1700000900);
  auto header = VerifyJwtSignature(token, keys.jwt);
  ASSERT_TRUE(header.ok());
  EXPECT_NE(header->header_json.find("\"kid\":\"" + JwtKeyId(config.jwt_secret) + "\""),
            std::string::npos);
  // Expired after exp + leeway.
  EXPECT_FALSE(VerifyJwt(token, keys.jwt, {"keel-test", "keel-test-api", 30}, 1700000931).ok());
}

TEST(AccessTokenTest, SameClaimsSameToken) {
  Config config = TestConfig();
  const AuthKeys& keys = KeysFor(config);
  EXPECT_EQ(IssueAccessToken(keys, config, "u", "s", "user", 1700000000),
            IssueAccessToken(keys, config, "u", "s", "user", 1700000000));
  EXPECT_NE(IssueAccessToken(keys, config, "u", "s", "user", 1700000000),
            IssueAccessToken(keys, config, "u", "s", "user", 1700000001));
}

TEST(RefreshTokenTest, RandomTokensAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string t = NewRefreshToken();
    EXPECT_EQ(t.size(), kRefreshTokenChars);
    EXPECT_TRUE(IsWellFormedRefreshToken(t)) << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RefreshTokenTest, ChildIsTheKeyedHmacOfTheParent) {
  const std::string key = crypto::HmacSha256("secret", "label");
  const std::string parent = NewRefreshToken();
  std::string child = ChildRefreshToken(key, parent);
  EXPECT_EQ(child, crypto::Base64UrlEncode(crypto::HmacSha256(key, parent)));
  EXPECT_EQ(child, ChildRefreshToken(key, parent));  // same again: the reuse window
  EXPECT_TRUE(IsWellFormedRefreshToken(child));
  EXPECT_NE(child, parent);
  EXPECT_NE(ChildRefreshToken(key, child), child);
  EXPECT_NE(ChildRefreshToken(crypto::HmacSha256("other", "label"), parent), child);
}

TEST(RefreshTokenTest, ShapeTable) {
  std::string good = NewRefreshToken();
  const struct {
    const char* name;
    std::string token;
    bool ok;
  } cases[] = {
      {"issued", good, true},
      {"empty", "", false},
      {"one short", good.substr(0, 42), false},
      {"one long", good + "A", false},
      {"padded", good.substr(0, 42) + "=", false},
      {"standard alphabet", std::string(42, 'A') + "+", false},
      {"space", std::string(42, 'A') + " ", false},
      {"a JWT", "aaa.bbb.ccc", false},
      {"non-canonical last character", std::string(42, 'A') + "B", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsWellFormedRefreshToken(c.token), c.ok) << c.name;
}

TEST(RefreshTokenTest, DigestIsHexSha256) {
  EXPECT_EQ(TokenDigestHex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AuthKeysTest, DerivedPerPurposeAndPerSecret) {
  Config config = TestConfig();
  const AuthKeys keys = KeysFor(config);  // copy: the cache is per thread
  EXPECT_EQ(keys.chain, crypto::HmacSha256(config.jwt_secret, "keel/v1/refresh-token-chain"));
  EXPECT_EQ(keys.csrf, crypto::HmacSha256(config.jwt_secret, "keel/v1/csrf"));
  EXPECT_NE(keys.chain, keys.csrf);
  EXPECT_FALSE(keys.jwt.previous.has_value());
  EXPECT_TRUE(keys.chain_previous.empty());
  Config rotated = config;
  rotated.jwt_secret = "a-brand-new-secret-0123456789abcdef";
  rotated.jwt_secret_previous = config.jwt_secret;
  const AuthKeys& next = KeysFor(rotated);
  EXPECT_NE(next.chain, keys.chain);
  EXPECT_EQ(next.chain_previous, keys.chain);
  EXPECT_EQ(next.csrf_previous, keys.csrf);
  ASSERT_TRUE(next.jwt.previous.has_value());
  EXPECT_EQ(next.jwt.previous->secret, config.jwt_secret);
}

}  // namespace
}  // namespace keel::auth
