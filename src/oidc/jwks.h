// A provider's JSON Web Key Set (RFC 7517) as usable verification keys: RSA keys for
// RS256 and P-256 keys for ES256 whose `use` (if given) is `sig`; anything else in the
// set (encryption keys, other curves, symmetric `oct` keys) is skipped, never an error,
// so a provider adding a key type keel does not use breaks nothing.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "crypto/jws_keys.h"

namespace keel::oidc {

struct Jwk {
  std::string kid;  // may be empty
  std::shared_ptr<const crypto::JwsPublicKey> key;
};

struct Jwks {
  std::vector<Jwk> keys;
  // The key for a token whose header has `alg` and `kid` (kid empty: the only key of
  // that alg, if there is exactly one); nullptr when there is none.
  const crypto::JwsPublicKey* Find(crypto::JwsAlg alg, std::string_view kid) const;
};

// Parses the JWKS document. 503-class errors are the caller's: this returns BadRequest
// for a document that is not a JWKS at all.
StatusOr<Jwks> ParseJwks(std::string_view json);

}  // namespace keel::oidc
