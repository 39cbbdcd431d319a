// What keel knows of each configured OpenID provider, per worker process: its discovery
// document (/.well-known/openid-configuration, kept an hour) and its JWKS (kept until a
// token names a `kid` it lacks; then fetched again, at most once per
// kJwksRefetchIntervalSeconds per provider, so tokens with made-up kids cannot make keel
// hammer the provider). Every fetch goes through net/https_client (TLS verified, bounded
// by what is left of the request's CallBudget); a provider that cannot be reached is a
// 503 naming it.
#pragma once

#include <string>

#include "base/status.h"
#include "config/config.h"
#include "net/https_client.h"
#include "oidc/id_token.h"

namespace keel::oidc {

inline constexpr int64_t kDiscoveryLifetimeSeconds = 3600;
inline constexpr int64_t kJwksRefetchIntervalSeconds = 2;

// The time one request may spend calling a provider, all calls together (discovery,
// JWKS, token exchange, userinfo): KEEL_OIDC_TIMEOUT_MS from when it is made. Each call
// gets what is left; once it is spent the sign-in is a 503 without another attempt.
class CallBudget {
 public:
  explicit CallBudget(const Config& config);
  // Options for the next call, or 503 naming the provider when no time is left.
  StatusOr<net::HttpsOptions> Next(const Config::OidcProvider& provider) const;

 private:
  std::string ca_file_;
  int64_t deadline_ms_;  // MonotonicMillis()
};

// The 503 of a provider that cannot be used now (logged with `why`, never shown).
Status ProviderUnavailable(const Config::OidcProvider& provider, const std::string& why);

struct Discovery {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;  // may be empty
};

// The provider's discovery document (its `issuer` must equal the configured one).
StatusOr<Discovery> Discover(const Config::OidcProvider& provider, const CallBudget& budget);

// Verifies `id_token` with the provider's keys (refetched once on an unknown kid).
StatusOr<IdTokenClaims> VerifyWithProviderKeys(const Config::OidcProvider& provider,
                                               const CallBudget& budget,
                                               const std::string& id_token,
                                               const IdTokenExpectations& expect);

}  // namespace keel::oidc
