// What keel knows of each configured OpenID provider, per worker process: its discovery
// document (/.well-known/openid-configuration, kept an hour) and its JWKS (kept until a
// token names a `kid` it lacks; then fetched again, at most once per
// kJwksRefetchIntervalSeconds per provider, so tokens with made-up kids cannot make keel
// hammer the provider). Every fetch goes through net/https_client (TLS verified, bounded
// by KEEL_OIDC_TIMEOUT_MS); a provider that cannot be reached is a 503 naming it.
#pragma once

#include <string>

#include "app/config.h"
#include "base/status.h"
#include "oidc/id_token.h"

namespace keel::oidc {

inline constexpr int64_t kDiscoveryLifetimeSeconds = 3600;
inline constexpr int64_t kJwksRefetchIntervalSeconds = 2;

struct Discovery {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;  // may be empty
};

// The provider's discovery document (its `issuer` must equal the configured one).
StatusOr<Discovery> Discover(const Config& config, const Config::OidcProvider& provider);

// Verifies `id_token` with the provider's keys (refetched once on an unknown kid).
StatusOr<IdTokenClaims> VerifyWithProviderKeys(const Config& config,
                                               const Config::OidcProvider& provider,
                                               const std::string& id_token,
                                               const IdTokenExpectations& expect);

}  // namespace keel::oidc
