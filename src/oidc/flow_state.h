// The state of one OpenID Connect sign-in between `start` and `callback`, kept in the
// browser in a short-lived HttpOnly cookie (__Host-keel_oidc), sealed with an HMAC under
// a key derived from JWT_SECRET: the provider name, `state` and `nonce` (compared with
// what comes back), the PKCE code_verifier, the relative `next`, the account to link to
// (for POST auth/identities/{provider}/link) and an expiry. Nothing is stored server-side,
// so any worker on any host can finish the flow. The cookie only travels back to keel,
// and the callback clears it whatever the outcome, so a flow is used once by a browser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keel::oidc {

inline constexpr char kFlowCookie[] = "__Host-keel_oidc";
inline constexpr int64_t kFlowLifetimeSeconds = 600;

struct FlowState {
  std::string provider;
  std::string state;
  std::string nonce;
  std::string code_verifier;
  std::string next;          // a path on this site
  std::string link_user_id;  // empty: sign in (or up); else link to this account
  int64_t expires_at = 0;    // Unix seconds
};

// A fresh flow for `provider`: random state, nonce and verifier (256 bits each).
FlowState NewFlowState(std::string provider, std::string next, std::string link_user_id,
                       int64_t now);

// base64url(JSON) "." base64url(HMAC-SHA256(key, that)).
std::string SealFlowState(const FlowState& flow, std::string_view key);

// The flow if the MAC matches and it has not expired; nullopt otherwise.
std::optional<FlowState> OpenFlowState(std::string_view sealed, std::string_view key, int64_t now);

// The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)) (RFC 7636 §4.2).
std::string PkceChallenge(std::string_view verifier);

}  // namespace keel::oidc
