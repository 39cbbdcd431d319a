// Authenticate: establishes the Principal of a request that needs a signed-in user.
//
// Scripts send `Authorization: Bearer <access token>`; browsers send the
// __Host-keel_access cookie. Either way the JWT is verified (HS256, constant-time
// MAC first, exp/iss/aud), then the session it names must be live in PostgreSQL
// (not revoked, not expired, user active) — so logout, password change and an admin
// disabling a user take effect on the very next request. A cookie-authenticated
// unsafe request must also pass the CSRF and Origin checks (§4.3, auth/csrf.h).
//
// Returns the Principal (role read from the database, never from the token), or:
// 401 UNAUTHORIZED for a missing, malformed, forged or expired token ("token expired"
// tells a client that a refresh may help) and for a dead session; 403 FORBIDDEN for a
// cookie-authenticated write that fails the CSRF, Origin or Sec-Fetch-Site check; 400
// for an unparseable Cookie header; 503 when PostgreSQL is unavailable. Costs one SQL
// statement.
//
// A bearer token starting with `keel_` is a personal API key instead: its checksum is
// checked, then its row (not expired, not deleted, user active) in one statement; the
// Principal then has api_key_id and scopes set, and no session. The route's scope check
// is the caller's (api/route_scope.h).
#pragma once

#include "auth/principal.h"
#include "auth/session_store.h"
#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"
#include "http/request.h"

namespace keel::auth {

StatusOr<Principal> Authenticate(const http::Request& request, db::Connection& db,
                                 const Config& config);

// The same for owner-scoped work, in one round trip: the token is verified now and the
// live-session check is deferred (db::Connection::Defer) so that it rides along with
// the handler's first statement. The handler runs before the session is known to be
// live, so this is only for work scoped to the token's user that never uses its role
// (Access::kOwnerRead, kOwnerWrite); before a write (`check`) a session that is not
// live makes that first statement fail unrun (session_store.h). ConfirmDeferredSession
// must follow the handler, and its error replaces the handler's answer. The
// Principal's role is empty until it is confirmed. An API key is checked at once (the
// Principal comes back with via_api_key() and needs no confirmation).
StatusOr<Principal> AuthenticateDeferred(const http::Request& request, db::Connection& db,
                                         const Config& config, DeferredCheck check);
Status ConfirmDeferredSession(db::Connection& db, Principal& principal);
// Defers the check again for an already verified Principal (a read retried on a fresh
// connection).
void DeferSessionCheck(db::Connection& db, const Principal& principal, DeferredCheck check);

}  // namespace keel::auth
