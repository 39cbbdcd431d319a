// HS256 JWTs: the RFC 7515 A.1 known answer, sign/verify round trips, key rotation, the
// time and audience rules, and a table of forged, tampered and malformed tokens (the
// attacks of RELIABILITY test 28), each of which must be refused with a bare
// "invalid token".
#include "auth/jwt.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace keel::auth {
namespace {

using crypto::Base64UrlEncode;

constexpr int64_t kNow = 1700000000;
const std::string kKey = "k3el-test-secret-0123456789abcdef";      // 33 bytes
const std::string kOldKey = "previous-secret-0123456789abcdef!!";  // 34 bytes
const std::string kOtherKey = "attacker-secret-0123456789abcdef!";

JwtKeys Keys() { return JwtKeys{{kKey, JwtKeyId(kKey)}, std::nullopt}; }

JwtExpectations Expect() { return JwtExpectations{"keel", "keel-api", 30}; }

JwtClaims Claims() {
  JwtClaims c;
  c.sub = "user-42";
  c.sid = "session-7";
  c.role = "user";
  c.iss = "keel";
  c.aud = "keel-api";
  c.iat = kNow;
  c.exp = kNow + 900;
  return c;
}

// A token with arbitrary header and payload JSON, correctly MACed with `key`: what an
// attacker who knew the key could do, used to show that header and claim checks run
// on their own, after the signature.
std::string Forge(const std::string& header_json, const std::string& payload_json,
                  const std::string& key = kKey) {
  std::string input = Base64UrlEncode(header_json) + "." + Base64UrlEncode(payload_json);
  return input + "." + Base64UrlEncode(crypto::HmacSha256(key, input));
}

const std::string kHeader = R"({"alg":"HS256","typ":"JWT"})";
const std::string kPayload =
    R"({"sub":"user-42","sid":"session-7","role":"user","iss":"keel","aud":"keel-api",)"
    R"("iat":1700000000,"exp":1700000900})";

// The payload with `claims` (a JSON fragment, e.g. `"iss":"x"`) replacing those fields.
std::string PayloadWith(const std::string& fields) {
  return R"({"sub":"user-42","sid":"session-7","role":"user",)" + fields + "}";
}
const std::string kStdTimes = R"("iat":1700000000,"exp":1700000900)";
const std::string kStdIssAud = R"("iss":"keel","aud":"keel-api")";

std::vector<std::string> Split(const std::string& token) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = token.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(token.substr(start, dot - start));
  }
  parts.push_back(token.substr(start));
  return parts;
}

// RFC 7515 appendix A.1: the HS256 example, with the key from its JWK "k" value.
const char* kRfcKeyB64 =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
const char* kRfcToken =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

TEST(JwtTest, Rfc7515AppendixA1SignatureVerifies) {
  std::optional<std::string> key = crypto::Base64UrlDecode(kRfcKeyB64);
  ASSERT_TRUE(key.has_value());
  const JwtKeys keys{{*key, ""}, std::nullopt};
  StatusOr<VerifiedJws> jws = VerifyJwtSignature(kRfcToken, keys);
  ASSERT_TRUE(jws.ok()) << jws.status().log_detail();
  EXPECT_EQ(jws->header_json, "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
  EXPECT_EQ(jws->payload_json,
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");

  // Its header is acceptable, but its claims are not keel's: no sub, sid, role or iat, and
  // long expired. Refused as invalid (not merely expired), at any time.
  for (int64_t now : {int64_t{1300819000}, kNow}) {
    StatusOr<JwtClaims> claims = VerifyJwt(kRfcToken, keys, {"joe", "", 30}, now);
    ASSERT_FALSE(claims.ok());
    EXPECT_EQ(claims.status().code(), ErrorCode::kUnauthorized);
    EXPECT_EQ(claims.status().message(), "invalid token");
    EXPECT_EQ(claims.status().log_detail(), "bad sub");
  }

  // Our own signer produces the same signature for the same input.
  const std::string input = std::string(kRfcToken).substr(0, std::string(kRfcToken).rfind('.'));
  EXPECT_EQ(Base64UrlEncode(crypto::HmacSha256(*key, input)),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

TEST(JwtTest, SignThenVerifyRoundTrip) {
  const std::string token = SignJwt(Claims(), kKey, JwtKeyId(kKey));
  std::vector<std::string> parts = Split(token);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(crypto::Base64UrlDecode(parts[0]),
            R"({"alg":"HS256","typ":"JWT","kid":")" + JwtKeyId(kKey) + R"("})");
  EXPECT_EQ(token.find('='), std::string::npos);

  StatusOr<JwtClaims> claims = VerifyJwt(token, Keys(), Expect(), kNow);
  ASSERT_TRUE(claims.ok()) << claims.status().log_detail();
  EXPECT_EQ(claims->sub, "user-42");
  EXPECT_EQ(claims->sid, "session-7");
  EXPECT_EQ(claims->role, "user");
  EXPECT_EQ(claims->iss, "keel");
  EXPECT_EQ(claims->aud, "keel-api");
  EXPECT_EQ(claims->iat, kNow);
  EXPECT_EQ(claims->exp, kNow + 900);

  // Without a kid the header has none.
  EXPECT_EQ(crypto::Base64UrlDecode(Split(SignJwt(Claims(), kKey, ""))[0]),
            R"({"alg":"HS256","typ":"JWT"})");
}

TEST(JwtTest, ClaimsNeedingEscapesRoundTrip) {
  JwtClaims c = Claims();
  c.sub = "a\"b\\c/d\u00e9\u4e2d";
  c.role = "";
  StatusOr<JwtClaims> back = VerifyJwt(SignJwt(c, kKey, "k1"), Keys(), Expect(), kNow);
  ASSERT_TRUE(back.ok()) << back.status().log_detail();
  EXPECT_EQ(back->sub, c.sub);
  EXPECT_EQ(back->role, "");
}

TEST(JwtTest, KeyIdIsFirstEightHexOfSha256) {
  EXPECT_EQ(JwtKeyId("abc"), "ba7816bf");
  EXPECT_EQ(JwtKeyId(kKey), crypto::Sha256Hex(kKey).substr(0, 8));
  EXPECT_NE(JwtKeyId(kKey), JwtKeyId(kOldKey));
}

TEST(JwtTest, ValidateJwtKeyNeeds32Bytes) {
  EXPECT_FALSE(ValidateJwtKey("").ok());
  EXPECT_FALSE(ValidateJwtKey(std::string(16, 'k')).ok());
  EXPECT_FALSE(ValidateJwtKey(std::string(31, 'k')).ok());
  EXPECT_TRUE(ValidateJwtKey(std::string(32, 'k')).ok());
}

TEST(JwtTest, KeyRotation) {
  const std::string old_token = SignJwt(Claims(), kOldKey, JwtKeyId(kOldKey));
  const std::string new_token = SignJwt(Claims(), kKey, JwtKeyId(kKey));
  JwtKeys rotated{{kKey, JwtKeyId(kKey)}, JwtKey{kOldKey, JwtKeyId(kOldKey)}};
  EXPECT_TRUE(VerifyJwt(old_token, rotated, Expect(), kNow).ok());
  EXPECT_TRUE(VerifyJwt(new_token, rotated, Expect(), kNow).ok());
  // Once the previous key is dropped, its tokens die.
  EXPECT_FALSE(VerifyJwt(old_token, Keys(), Expect(), kNow).ok());
  // The kid does not pick the key: a token claiming the current kid but signed with the
  // previous key still verifies only because that key is accepted.
  const std::string lying_kid =
      Forge(R"({"alg":"HS256","typ":"JWT","kid":")" + JwtKeyId(kKey) + "\"}", kPayload, kOldKey);
  EXPECT_TRUE(VerifyJwt(lying_kid, rotated, Expect(), kNow).ok());
  EXPECT_FALSE(VerifyJwt(lying_kid, Keys(), Expect(), kNow).ok());
}

TEST(JwtTest, ShortKeysNeverVerify) {
  const std::string short_key(16, 'k');
  const std::string token = SignJwt(Claims(), short_key, "");
  const JwtKeys keys{{short_key, ""}, JwtKey{"", ""}};
  StatusOr<JwtClaims> claims = VerifyJwt(token, keys, Expect(), kNow);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.status().message(), "invalid token");
  // An empty key would make every token forgeable by anyone; it verifies nothing.
  EXPECT_FALSE(VerifyJwt(SignJwt(Claims(), "", ""), keys, Expect(), kNow).ok());
}

struct TimeCase {
  const char* name;
  std::string payload;
  const char* error;  // nullptr: accepted
};

TEST(JwtTest, TimeRulesWithLeeway) {
  auto times = [](int64_t iat, int64_t exp) {
    return R"("iat":)" + std::to_string(iat) + R"(,"exp":)" + std::to_string(exp);
  };
  const TimeCase cases[] = {
      {"fresh", PayloadWith(kStdIssAud + "," + times(kNow, kNow + 900)), nullptr},
      {"expired within leeway", PayloadWith(kStdIssAud + "," + times(kNow - 900, kNow - 29)),
       nullptr},
      {"expired exactly at leeway", PayloadWith(kStdIssAud + "," + times(kNow - 900, kNow - 30)),
       "token expired"},
      {"expired beyond leeway", PayloadWith(kStdIssAud + "," + times(kNow - 900, kNow - 31)),
       "token expired"},
      {"expired long ago", PayloadWith(kStdIssAud + "," + times(0, 1)), "token expired"},
      {"nbf now", PayloadWith(kStdIssAud + "," + kStdTimes + R"(,"nbf":1700000000)"), nullptr},
      {"nbf within leeway", PayloadWith(kStdIssAud + "," + kStdTimes + R"(,"nbf":1700000030)"),
       nullptr},
      {"nbf in the future", PayloadWith(kStdIssAud + "," + kStdTimes + R"(,"nbf":1700000031)"),
       "invalid token"},
      {"nbf not an integer", PayloadWith(kStdIssAud + "," + kStdTimes + R"(,"nbf":"0")"),
       "invalid token"},
      {"iat in the future", PayloadWith(kStdIssAud + "," + times(kNow + 3600, kNow + 4500)),
       "invalid token"},
      {"iat within leeway", PayloadWith(kStdIssAud + "," + times(kNow + 30, kNow + 930)), nullptr},
      {"exp at int64 max", PayloadWith(kStdIssAud + "," + times(kNow, INT64_MAX)), nullptr},
      {"exp at int64 min", PayloadWith(kStdIssAud + "," + times(kNow, INT64_MIN)), "token expired"},
      // Expired and wrong in another way: not "expired", a refresh would not help.
      {"expired and wrong iss",
       PayloadWith(R"("iss":"evil","aud":"keel-api",)" + times(kNow - 900, kNow - 100)),
       "invalid token"},
  };
  for (const TimeCase& c : cases) {
    StatusOr<JwtClaims> claims = VerifyJwt(Forge(kHeader, c.payload), Keys(), Expect(), kNow);
    if (c.error == nullptr) {
      EXPECT_TRUE(claims.ok()) << c.name << ": " << claims.status().log_detail();
    } else {
      ASSERT_FALSE(claims.ok()) << c.name;
      EXPECT_EQ(claims.status().code(), ErrorCode::kUnauthorized) << c.name;
      EXPECT_EQ(claims.status().message(), c.error) << c.name;
    }
  }
}

TEST(JwtTest, AudienceMayBeAnArrayContainingOurs) {
  const std::string accepted[] = {
      PayloadWith(R"("iss":"keel","aud":["keel-api"],)" + kStdTimes),
      PayloadWith(R"("iss":"keel","aud":["other","keel-api"],)" + kStdTimes),
      PayloadWith(R"("iss":"keel","aud":[1,{"a":"keel-api"},"keel-api"],)" + kStdTimes),
  };
  for (const std::string& payload : accepted) {
    StatusOr<JwtClaims> claims = VerifyJwt(Forge(kHeader, payload), Keys(), Expect(), kNow);
    ASSERT_TRUE(claims.ok()) << payload << ": " << claims.status().log_detail();
    EXPECT_EQ(claims->aud, "keel-api");
  }
}

// Replaces the last character of `token` by one that changes only bits the
// base64url decoding discards (the signature's 43rd character carries 4 of them).
std::string NonCanonicalSignature(const std::string& token) {
  std::string out = token;
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  out.back() = alphabet[alphabet.find(out.back()) | 1];
  return out;
}

struct AttackCase {
  const char* name;
  std::string token;
  const char* detail = nullptr;  // the log_detail expected, where it proves which check
};

std::vector<AttackCase> Attacks() {
  const std::string good = SignJwt(Claims(), kKey, JwtKeyId(kKey));
  const std::vector<std::string> parts = Split(good);
  const std::string& h = parts[0];
  const std::string& p = parts[1];
  const std::string& s = parts[2];
  auto header = [](const std::string& json) { return Forge(json, kPayload); };
  auto payload = [](const std::string& json) { return Forge(kHeader, json); };

  JwtClaims admin = Claims();
  admin.role = "admin";
  const std::string admin_payload = Split(SignJwt(admin, kKey, ""))[1];
  JwtClaims other_user = Claims();
  other_user.sub = "user-43";
  const std::string other_payload = Split(SignJwt(other_user, kKey, ""))[1];
  const std::string none_header = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})");

  return {
      // Tampering with a genuine token.
      {"payload role changed", h + "." + admin_payload + "." + s, "signature mismatch"},
      {"payload sub changed", h + "." + other_payload + "." + s, "signature mismatch"},
      {"header changed",
       Base64UrlEncode(R"({"alg":"HS256","typ":"JWT","kid":"x"})") + "." + p + "." + s,
       "signature mismatch"},
      {"payload and signature swapped", h + "." + s + "." + p},
      {"wrong key", SignJwt(Claims(), kOtherKey, JwtKeyId(kKey)), "signature mismatch"},
      {"signature of another token", h + "." + p + "." + Split(SignJwt(admin, kKey, ""))[2],
       "signature mismatch"},
      {"non-canonical signature encoding", NonCanonicalSignature(good),
       "signature is not 32 base64url bytes"},
      {"signature with padding", good + "=", "signature is not 32 base64url bytes"},
      {"signature in standard base64",
       h + "." + p + "." + crypto::Base64Encode(*crypto::Base64UrlDecode(s)),
       "signature is not 32 base64url bytes"},
      // Truncated or stripped signatures: must fail before any comparison.
      {"signature one char short", good.substr(0, good.size() - 1),
       "signature is not 32 base64url bytes"},
      {"signature half removed", h + "." + p + "." + s.substr(0, s.size() / 2),
       "signature is not 32 base64url bytes"},
      {"signature empty", h + "." + p + ".", "empty segment"},
      {"signature segment missing", h + "." + p},
      // alg confusion, all correctly MACed with our key so only the header check stops them.
      {"alg none, with signature", header(R"({"alg":"none","typ":"JWT"})"), "alg is not HS256"},
      {"alg none, signature stripped", none_header + "." + p + ".", "empty segment"},
      {"alg none, two segments", none_header + "." + p, "not three segments"},
      {"alg None", header(R"({"alg":"None","typ":"JWT"})"), "alg is not HS256"},
      {"alg NONE", header(R"({"alg":"NONE"})"), "alg is not HS256"},
      {"alg HS512", header(R"({"alg":"HS512","typ":"JWT"})"), "alg is not HS256"},
      {"alg HS384", header(R"({"alg":"HS384","typ":"JWT"})"), "alg is not HS256"},
      {"alg RS256", header(R"({"alg":"RS256","typ":"JWT"})"), "alg is not HS256"},
      {"alg ES256", header(R"({"alg":"ES256","typ":"JWT"})"), "alg is not HS256"},
      {"alg hs256", header(R"({"alg":"hs256","typ":"JWT"})"), "alg is not HS256"},
      {"alg with space", header(R"({"alg":"HS256 ","typ":"JWT"})"), "alg is not HS256"},
      {"alg missing", header(R"({"typ":"JWT"})"), "alg is not HS256"},
      {"alg not a string", header(R"({"alg":256,"typ":"JWT"})"), "alg is not HS256"},
      {"alg array", header(R"({"alg":["HS256"],"typ":"JWT"})"), "alg is not HS256"},
      {"alg duplicated", header(R"({"alg":"none","alg":"HS256"})"), "header is not a JSON object"},
      // Keys named by the token.
      {"header jwk", header(R"({"alg":"HS256","typ":"JWT","jwk":{"kty":"oct","k":"AA"}})"),
       "header has jwk"},
      {"header jku", header(R"({"alg":"HS256","typ":"JWT","jku":"https://evil.example/k"})"),
       "header has jku"},
      {"header x5u", header(R"({"alg":"HS256","typ":"JWT","x5u":"https://evil.example/c"})"),
       "header has x5u"},
      {"header x5c", header(R"({"alg":"HS256","typ":"JWT","x5c":["MIIB"]})"), "header has x5c"},
      {"header crit", header(R"({"alg":"HS256","typ":"JWT","crit":["exp"]})"), "header has crit"},
      {"typ wrong", header(R"({"alg":"HS256","typ":"at+jwt"})"), "typ is not JWT"},
      {"typ lowercase", header(R"({"alg":"HS256","typ":"jwt"})"), "typ is not JWT"},
      {"typ not a string", header(R"({"alg":"HS256","typ":1})"), "typ is not JWT"},
      {"kid not a string", header(R"({"alg":"HS256","kid":7})"), "kid is not a string"},
      {"header not JSON", header("HS256")},
      {"header array", header(R"(["HS256"])")},
      {"header with trailing data", header(R"({"alg":"HS256"} x)")},
      {"header nested too deep", header(std::string(40, '[') + std::string(40, ']'))},
      // Claims.
      {"payload not JSON", payload("sub=user-42")},
      {"payload array", payload("[]")},
      {"sub missing", payload(R"({"sid":"s","role":"user",)" + kStdIssAud + "," + kStdTimes + "}")},
      {"sub empty",
       payload(R"({"sub":"","sid":"s","role":"user",)" + kStdIssAud + "," + kStdTimes + "}")},
      {"sub a number",
       payload(R"({"sub":42,"sid":"s","role":"user",)" + kStdIssAud + "," + kStdTimes + "}")},
      {"sid missing", payload(R"({"sub":"u","role":"user",)" + kStdIssAud + "," + kStdTimes + "}")},
      {"role missing", payload(R"({"sub":"u","sid":"s",)" + kStdIssAud + "," + kStdTimes + "}")},
      {"role not a string",
       payload(R"({"sub":"u","sid":"s","role":["admin"],)" + kStdIssAud + "," + kStdTimes + "}")},
      {"exp missing", payload(PayloadWith(kStdIssAud + R"(,"iat":1700000000)"))},
      {"iat missing", payload(PayloadWith(kStdIssAud + R"(,"exp":1700000900)"))},
      {"exp a string",
       payload(PayloadWith(kStdIssAud + R"(,"iat":1700000000,"exp":"1700000900")"))},
      {"exp a float", payload(PayloadWith(kStdIssAud + R"(,"iat":1700000000,"exp":1.7000009e9)"))},
      {"exp beyond int64",
       payload(PayloadWith(kStdIssAud + R"(,"iat":1700000000,"exp":99999999999999999999)"))},
      {"duplicate sub", payload(R"({"sub":"user-1","sub":"admin",)" + kPayload.substr(1))},
      {"iss wrong", payload(PayloadWith(R"("iss":"evil","aud":"keel-api",)" + kStdTimes)),
       "wrong iss"},
      {"iss missing", payload(PayloadWith(R"("aud":"keel-api",)" + kStdTimes)), "wrong iss"},
      {"iss a prefix", payload(PayloadWith(R"("iss":"kee","aud":"keel-api",)" + kStdTimes)),
       "wrong iss"},
      {"aud wrong", payload(PayloadWith(R"("iss":"keel","aud":"other-api",)" + kStdTimes)),
       "wrong aud"},
      {"aud missing", payload(PayloadWith(R"("iss":"keel",)" + kStdTimes)), "wrong aud"},
      {"aud array without ours",
       payload(PayloadWith(R"("iss":"keel","aud":["a","b"],)" + kStdTimes)), "wrong aud"},
      {"aud empty array", payload(PayloadWith(R"("iss":"keel","aud":[],)" + kStdTimes)),
       "wrong aud"},
      {"aud object", payload(PayloadWith(R"("iss":"keel","aud":{"keel-api":1},)" + kStdTimes)),
       "wrong aud"},
      // Shape.
      {"empty", ""},
      {"garbage", "not a token"},
      {"dots only", ".."},
      {"header segment empty", "." + p + "." + s},
      {"payload segment empty", h + ".." + s},
      {"four segments", good + "." + s, "not three segments"},
      {"four segments, empty last", good + ".", "not three segments"},
      {"one segment", h},
      {"trailing newline", good + "\n"},
      {"leading space", " " + good},
      {"bearer prefix", "Bearer " + good},
      {"header not base64url", "e30!." + p + "." + s},
      {"100 KB token", h + "." + Base64UrlEncode(std::string(75 * 1024, 'a')) + "." + s,
       "token longer than 8 KiB"},
      {"100 KB of dots", std::string(100 * 1024, '.'), "token longer than 8 KiB"},
      {"just over 8 KB, correctly signed",
       payload(PayloadWith(kStdIssAud + "," + kStdTimes + R"(,"pad":")" + std::string(6200, 'x') +
                           "\"")),
       "token longer than 8 KiB"},
  };
}

TEST(JwtTest, ForgedTamperedAndMalformedTokensAreRefused) {
  // The table is only meaningful if the unmodified token passes.
  ASSERT_TRUE(VerifyJwt(SignJwt(Claims(), kKey, JwtKeyId(kKey)), Keys(), Expect(), kNow).ok());
  ASSERT_TRUE(VerifyJwt(Forge(kHeader, kPayload), Keys(), Expect(), kNow).ok());
  for (const AttackCase& c : Attacks()) {
    StatusOr<JwtClaims> claims = VerifyJwt(c.token, Keys(), Expect(), kNow);
    ASSERT_FALSE(claims.ok()) << c.name;
    EXPECT_EQ(claims.status().code(), ErrorCode::kUnauthorized) << c.name;
    EXPECT_EQ(claims.status().message(), "invalid token") << c.name;
    if (c.detail != nullptr) {
      EXPECT_EQ(claims.status().log_detail(), c.detail) << c.name;
    }
  }
}

// What each refusal was for, for the cases where the order of checks matters.
TEST(JwtTest, SignatureIsCheckedBeforeAnythingIsParsed) {
  // Unparseable or hostile JSON behind a bad MAC never reaches the parser.
  const std::string deep = std::string(100000, '[');
  const std::string bad_mac = Base64UrlEncode(deep) + "." + Base64UrlEncode("x") + "." +
                              Base64UrlEncode(std::string(32, 'z'));
  EXPECT_EQ(VerifyJwt(bad_mac, Keys(), Expect(), kNow).status().log_detail(),
            "token longer than 8 KiB");
  const std::string small_bad_mac = Base64UrlEncode("{{{{") + "." + Base64UrlEncode("x") + "." +
                                    Base64UrlEncode(std::string(32, 'z'));
  EXPECT_EQ(VerifyJwt(small_bad_mac, Keys(), Expect(), kNow).status().log_detail(),
            "signature mismatch");
  // A stripped or short signature fails on its length, before any comparison.
  const std::string good = SignJwt(Claims(), kKey, "");
  EXPECT_EQ(
      VerifyJwt(good.substr(0, good.rfind('.') + 1), Keys(), Expect(), kNow).status().log_detail(),
      "empty segment");
  EXPECT_EQ(
      VerifyJwt(good.substr(0, good.size() - 3), Keys(), Expect(), kNow).status().log_detail(),
      "signature is not 32 base64url bytes");
  // The signature stage alone accepts a correctly MACed token without looking inside it.
  const std::string not_json = Forge("not json", "nor this");
  StatusOr<VerifiedJws> jws = VerifyJwtSignature(not_json, Keys());
  ASSERT_TRUE(jws.ok());
  EXPECT_EQ(jws->header_json, "not json");
  EXPECT_FALSE(VerifyJwt(not_json, Keys(), Expect(), kNow).ok());
}

TEST(JwtTest, HeaderVariantsThatAreAccepted) {
  const std::string accepted[] = {
      R"({"alg":"HS256"})",
      R"({"typ":"JWT","alg":"HS256"})",
      R"({"alg":"HS256","typ":"JWT","kid":"unknown-kid"})",
      "{ \"alg\" : \"HS256\" }\n",
  };
  for (const std::string& header : accepted) {
    StatusOr<JwtClaims> claims = VerifyJwt(Forge(header, kPayload), Keys(), Expect(), kNow);
    EXPECT_TRUE(claims.ok()) << header << ": " << claims.status().log_detail();
  }
}

TEST(JwtTest, MaximumLengthBoundary) {
  // A correctly signed token of exactly kMaxJwtBytes is accepted; one byte more is not.
  auto token_with_pad = [](size_t pad) {
    return Forge(kHeader, PayloadWith(kStdIssAud + "," + kStdTimes + R"(,"pad":")" +
                                      std::string(pad, 'x') + "\""));
  };
  size_t pad = 0;
  while (token_with_pad(pad).size() < kMaxJwtBytes) ++pad;
  // base64 grows in steps of 4 characters per 3 bytes, so find an exact fit if one exists.
  std::string at_limit = token_with_pad(pad);
  while (at_limit.size() > kMaxJwtBytes) at_limit = token_with_pad(--pad);
  EXPECT_LE(at_limit.size(), kMaxJwtBytes);
  EXPECT_GE(at_limit.size(), kMaxJwtBytes - 3);
  EXPECT_TRUE(VerifyJwt(at_limit, Keys(), Expect(), kNow).ok());
  std::string over = token_with_pad(pad + 3);
  ASSERT_GT(over.size(), kMaxJwtBytes);
  EXPECT_EQ(VerifyJwt(over, Keys(), Expect(), kNow).status().log_detail(),
            "token longer than 8 KiB");
}

}  // namespace
}  // namespace keel::auth
