// id_token verification: RS256 and ES256 with keys from a JWKS, every claim check, the
// alg confusions (none, HS256 with the public key as secret, an RSA token against an EC
// kid), an unknown kid reported for a refetch, and ES256 signing (Apple's client secret).
// Keys are generated here with Crypto++ directly: the test plays the provider.
#include "oidc/id_token.h"

#include <cryptopp/eccrypto.h>
#include <cryptopp/hmac.h>
#include <cryptopp/oids.h>
#include <cryptopp/osrng.h>
#include <cryptopp/rsa.h>
#include <cryptopp/sha.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "crypto/encoding.h"
#include "crypto/jws_keys.h"
#include "oidc/jwks.h"

namespace keel::oidc {
namespace {

using CryptoPP::byte;

std::string IntBytes(const CryptoPP::Integer& i, size_t len = 0) {
  size_t n = len ? len : i.MinEncodedSize();
  std::string out(n, '\0');
  i.Encode(reinterpret_cast<byte*>(out.data()), n);
  return out;
}

std::string B64(std::string_view s) { return crypto::Base64UrlEncode(s); }

struct Provider {
  CryptoPP::AutoSeededRandomPool rng;
  CryptoPP::RSA::PrivateKey rsa;
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PrivateKey ec;

  Provider() {
    rsa.GenerateRandomWithKeySize(rng, 2048);
    ec.Initialize(rng, CryptoPP::ASN1::secp256r1());
  }

  std::string Jwks() const {
    CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PublicKey pub;
    ec.MakePublicKey(pub);
    const auto& q = pub.GetPublicElement();
    return R"({"keys":[{"kty":"RSA","kid":"r1","use":"sig","alg":"RS256","n":")" +
           B64(IntBytes(rsa.GetModulus())) + R"(","e":")" + B64(IntBytes(rsa.GetPublicExponent())) +
           R"("},{"kty":"EC","kid":"e1","crv":"P-256","x":")" + B64(IntBytes(q.x, 32)) +
           R"(","y":")" + B64(IntBytes(q.y, 32)) +
           R"("},{"kty":"oct","kid":"s1","k":"c2VjcmV0"}]})";
  }

  std::string Sign(const std::string& header, const std::string& claims) {
    std::string input = B64(header) + "." + B64(claims);
    std::string sig;
    if (header.find("RS256") != std::string::npos) {
      CryptoPP::RSASS<CryptoPP::PKCS1v15, CryptoPP::SHA256>::Signer s(rsa);
      sig.resize(s.MaxSignatureLength());
      sig.resize(s.SignMessage(rng, reinterpret_cast<const byte*>(input.data()), input.size(),
                               reinterpret_cast<byte*>(sig.data())));
    } else {
      CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::Signer s(ec);
      sig.resize(s.MaxSignatureLength());
      sig.resize(s.SignMessage(rng, reinterpret_cast<const byte*>(input.data()), input.size(),
                               reinterpret_cast<byte*>(sig.data())));
    }
    return input + "." + B64(sig);
  }
};

constexpr int64_t kNow = 1800000000;

// The claims as JSON, each member a raw JSON value; `changes` replace or add members
// (an empty value removes one).
std::string Claims(const std::map<std::string, std::string>& changes = {}) {
  std::map<std::string, std::string> c = {{"iss", "\"https://op.example\""},
                                          {"aud", "\"client-1\""},
                                          {"sub", "\"u1\""},
                                          {"nonce", "\"n-123\""},
                                          {"email", "\"a@example.com\""},
                                          {"email_verified", "true"},
                                          {"iat", std::to_string(kNow - 5)},
                                          {"exp", std::to_string(kNow + 300)}};
  for (const auto& [k, v] : changes) {
    if (v.empty()) {
      c.erase(k);
    } else {
      c[k] = v;
    }
  }
  std::string out = "{";
  for (const auto& [k, v] : c) out += (out.size() > 1 ? "," : "") + ("\"" + k + "\":" + v);
  return out + "}";
}

IdTokenExpectations Expect() { return {"https://op.example", "client-1", "n-123", kNow, 60}; }

class IdTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    provider_ = new Provider();
    jwks_ = new Jwks(ParseJwks(provider_->Jwks()).value());
  }
  static void TearDownTestSuite() {
    delete jwks_;
    delete provider_;
  }
  static StatusOr<IdTokenResult> Verify(const std::string& token,
                                        const IdTokenExpectations& e = Expect()) {
    return VerifyIdToken(token, *jwks_, e);
  }
  static Provider* provider_;
  static Jwks* jwks_;
};
Provider* IdTokenTest::provider_ = nullptr;
Jwks* IdTokenTest::jwks_ = nullptr;

TEST_F(IdTokenTest, JwksKeepsRsaAndP256SkipsSymmetric) { EXPECT_EQ(jwks_->keys.size(), 2u); }

TEST_F(IdTokenTest, Rs256AndEs256Verify) {
  for (const char* header : {R"({"alg":"RS256","kid":"r1"})", R"({"alg":"ES256","kid":"e1"})"}) {
    auto r = Verify(provider_->Sign(header, Claims()));
    ASSERT_TRUE(r.ok()) << header << ": " << r.status().message();
    ASSERT_TRUE(r->claims) << header;
    EXPECT_EQ(r->claims->sub, "u1");
    EXPECT_EQ(r->claims->email, "a@example.com");
    EXPECT_TRUE(r->claims->email_verified);
  }
}

TEST_F(IdTokenTest, EveryClaimIsChecked) {
  const std::string h = R"({"alg":"RS256","kid":"r1"})";
  struct Case {
    const char* name;
    std::string claims;
  };
  const Case cases[] = {
      {"expired", Claims({{"exp", std::to_string(kNow - 120)}})},
      {"no exp", Claims({{"exp", ""}})},
      {"wrong aud", Claims({{"aud", R"("other")"}})},
      {"aud array without azp", Claims({{"aud", R"(["client-1","other"])"}})},
      {"wrong azp", Claims({{"azp", R"("other")"}})},
      {"iat in the future", Claims({{"iat", std::to_string(kNow + 600)}})},
      {"no sub", Claims({{"sub", R"("")"}})},
      {"no nonce", Claims({{"nonce", ""}})},
  };
  for (const Case& c : cases) {
    auto r = Verify(provider_->Sign(h, c.claims));
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), ErrorCode::kUnauthorized) << c.name;
  }
  // Positive controls: the same shapes with the right values pass.
  EXPECT_TRUE(Verify(provider_->Sign(
                         h, Claims({{"aud", R"(["client-1","other"])"}, {"azp", R"("client-1")"}})))
                  .ok());
  EXPECT_TRUE(Verify(provider_->Sign(h, Claims({{"exp", std::to_string(kNow - 30)}}))).ok())
      << "within the leeway";
  auto wrong_iss = Expect();
  wrong_iss.issuer = "https://evil.example";
  EXPECT_FALSE(Verify(provider_->Sign(h, Claims()), wrong_iss).ok());
  auto wrong_nonce = Expect();
  wrong_nonce.nonce = "n-124";
  EXPECT_FALSE(Verify(provider_->Sign(h, Claims()), wrong_nonce).ok());
  auto later = Expect();
  later.now = kNow + 400;
  EXPECT_FALSE(Verify(provider_->Sign(h, Claims()), later).ok());
}

TEST_F(IdTokenTest, AlgConfusionNeverVerifies) {
  std::string claims = B64(Claims());
  // alg none, no signature.
  EXPECT_FALSE(Verify(B64(R"({"alg":"none","kid":"r1"})") + "." + claims + ".").ok());
  // HS256 with the RSA public key's modulus bytes as the HMAC secret.
  std::string input = B64(R"({"alg":"HS256","kid":"r1"})") + "." + claims;
  std::string secret = IntBytes(provider_->rsa.GetModulus());
  CryptoPP::HMAC<CryptoPP::SHA256> mac(reinterpret_cast<const byte*>(secret.data()), secret.size());
  std::string tag(32, '\0');
  mac.CalculateDigest(reinterpret_cast<byte*>(tag.data()),
                      reinterpret_cast<const byte*>(input.data()), input.size());
  EXPECT_FALSE(Verify(input + "." + B64(tag)).ok());
  // An RS256 signature presented as ES256 for the EC key, and the other way round.
  std::string rs = provider_->Sign(R"({"alg":"RS256","kid":"r1"})", Claims());
  std::string as_es = B64(R"({"alg":"ES256","kid":"e1"})") + rs.substr(rs.find('.'));
  EXPECT_FALSE(Verify(as_es).ok() && Verify(as_es)->claims);
  // crit is refused.
  EXPECT_FALSE(
      Verify(provider_->Sign(R"({"alg":"RS256","kid":"r1","crit":["x"]})", Claims())).ok());
  // A changed payload breaks the signature.
  std::string good = provider_->Sign(R"({"alg":"RS256","kid":"r1"})", Claims());
  std::string tampered = good.substr(0, good.find('.') + 1) + B64(Claims({{"sub", R"("admin")"}})) +
                         good.substr(good.rfind('.'));
  EXPECT_FALSE(Verify(tampered).ok());
}

TEST_F(IdTokenTest, UnknownKidAsksForARefetch) {
  auto r = Verify(provider_->Sign(R"({"alg":"RS256","kid":"r2"})", Claims()));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->unknown_kid);
  EXPECT_FALSE(r->claims);
}

TEST(Es256Signer, SignsWhatP256KeyVerifies) {
  CryptoPP::AutoSeededRandomPool rng;
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PrivateKey key;
  key.Initialize(rng, CryptoPP::ASN1::secp256r1());
  std::string der;
  CryptoPP::StringSink sink(der);
  key.Save(sink);
  std::string pem =
      "-----BEGIN PRIVATE KEY-----\n" + crypto::Base64Encode(der) + "\n-----END PRIVATE KEY-----\n";
  auto signer = crypto::Es256Signer::FromPkcs8(pem);
  ASSERT_TRUE(signer.ok()) << signer.status().message();
  std::string sig = signer->Sign("header.payload");
  EXPECT_EQ(sig.size(), 64u);
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PublicKey pub;
  key.MakePublicKey(pub);
  auto verifier = crypto::P256PublicKey(IntBytes(pub.GetPublicElement().x, 32),
                                        IntBytes(pub.GetPublicElement().y, 32));
  ASSERT_TRUE(verifier.ok());
  EXPECT_TRUE((*verifier)->Verify("header.payload", sig));
  EXPECT_FALSE((*verifier)->Verify("header.payloaX", sig));
  EXPECT_FALSE(crypto::Es256Signer::FromPkcs8("not a key").ok());
}

TEST(JwsKeys, RefusesWeakRsaAndOffCurvePoints) {
  EXPECT_FALSE(crypto::RsaPublicKey(std::string(128, '\xff'), "\x01\x00\x01").ok());  // 1024 bit
  EXPECT_FALSE(crypto::P256PublicKey(std::string(32, '\x01'), std::string(32, '\x02')).ok());
}

}  // namespace
}  // namespace keel::oidc
