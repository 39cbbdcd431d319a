// Public-key signatures of JSON Web Signatures (RFC 7515/7518) for OpenID Connect:
// verifying an identity provider's RS256 and ES256 id_tokens with a key from its JWKS
// (RFC 7517), and signing ES256 (Apple's client secret is a JWT keel signs with the
// P-256 key Apple hands out as a PKCS#8 `.p8` file).
//
// Only two algorithms exist here, and each key is bound to one: an RSA key verifies
// RS256 only, a P-256 key ES256 only. There is no HMAC and no `none` in this file, so
// the classic confusion (an HS256 token "signed" with the provider's public key, or an
// unsigned one) cannot verify whatever the token's header says; the caller maps the
// header's `alg` to JwsAlg and refuses anything else before calling.
//
// RSA moduli below 2048 bits are refused. P-256 public points are validated (on the
// curve, not the identity) when the key is made. ES256 signatures are the 64-byte
// r||s form of RFC 7518 §3.4 (not DER).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::crypto {

enum class JwsAlg { kRs256, kEs256 };

// A verified-usable public key. Opaque: made by one of the factories below.
class JwsPublicKey {
 public:
  virtual ~JwsPublicKey() = default;
  virtual JwsAlg alg() const = 0;
  // True when `signature` is a valid signature of `signing_input` (the ASCII
  // `b64url(header).b64url(payload)`) under this key with alg().
  virtual bool Verify(std::string_view signing_input, std::string_view signature) const = 0;
};

// From the JWK members, already base64url-decoded to big-endian bytes.
StatusOr<std::unique_ptr<JwsPublicKey>> RsaPublicKey(std::string_view n, std::string_view e);
StatusOr<std::unique_ptr<JwsPublicKey>> P256PublicKey(std::string_view x, std::string_view y);

// An ES256 signer from a PKCS#8 private key, PEM ("-----BEGIN PRIVATE KEY-----") or DER.
class Es256Signer {
 public:
  static StatusOr<Es256Signer> FromPkcs8(std::string_view pem_or_der);
  // The 64-byte r||s signature of `signing_input`.
  std::string Sign(std::string_view signing_input) const;

 private:
  std::string der_;  // the PKCS#8 DER, reloaded per signature (signing is rare)
};

}  // namespace keel::crypto
