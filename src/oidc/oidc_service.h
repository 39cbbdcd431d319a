// OpenID Connect sign-in (authorization code flow with PKCE S256, OIDC Core §3.1):
//
//   Start:  a fresh flow (state, nonce, code_verifier) sealed in the flow cookie
//           (oidc/flow_state.h) and the provider's authorization URL to send the browser.
//   Finish: the flow cookie must open and its `state` equal the one returned; the code is
//           exchanged at the token endpoint (with the verifier, and the client secret —
//           for Apple a JWT keel signs with its ES256 key); the id_token is verified
//           (oidc/id_token.h) — the email comes from it, or from the userinfo endpoint
//           when the provider keeps it there (OIDC Core §5.4) — then the account is chosen:
//             - an identity already linked signs its account in;
//             - a flow started by POST auth/identities/{provider}/link links the identity
//               to the signed-in account (409 if linked to another);
//             - an email matching an account links to it only if the provider says the
//               email is verified, else 409 (sign in, then link from the account page);
//             - otherwise a new account is made, without a password (kNoPasswordHash).
//           Sign-in opens keel's normal session (auth events: login_ok or register).
#pragma once

#include <optional>
#include <string>

#include "auth/auth_service.h"
#include "auth/session_store.h"
#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"

namespace keel::oidc {

// The configured provider named `name`, or nullptr.
const Config::OidcProvider* FindProvider(const Config& config, std::string_view name);

// <KEEL_PUBLIC_ORIGIN>/api/v1/auth/oauth/<name>/callback: what to register at the
// provider as the redirect URI.
std::string RedirectUri(const Config& config, const Config::OidcProvider& provider);

struct Started {
  std::string authorization_url;
  std::string set_cookie;  // the flow cookie
};

// `next` must already be a safe relative path; `link_user_id` empty for sign-in.
StatusOr<Started> Start(const Config& config, const Config::OidcProvider& provider,
                        const std::string& next, const std::string& link_user_id);

struct CallbackParams {
  std::string flow_cookie;  // the cookie's value, "" if absent
  std::string state;
  std::string code;
  std::string error;  // the provider's `error`, if it sent one
};

struct Finished {
  std::optional<auth::IssuedSession> session;  // nullopt after linking
  std::string next;
};

StatusOr<Finished> Finish(db::Connection& db, const Config& config,
                          const Config::OidcProvider& provider, const CallbackParams& params,
                          const auth::ClientInfo& client);

// The Set-Cookie header value that deletes the flow cookie.
std::string ClearedFlowCookie();

}  // namespace keel::oidc
