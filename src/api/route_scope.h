// What a personal API key may reach, derived from the route table (api/routes.h):
// a route's resource is the first segment of its path (`/tasks/{id}` → `tasks`,
// `/time-entries` → `time-entries`, `/auth/me` → `auth`); a safe method needs
// `RESOURCE:read`, any other `RESOURCE:write` (auth/api_key_scope.h). Routes that
// change accounts — the auth routes (password, profile, sessions, keys, identities,
// logout) and the users routes (email, role, is_active) — are never reachable with a
// key for writing, whatever its scopes.
#pragma once

#include <string_view>
#include <vector>

#include "api/context.h"
#include "auth/principal.h"
#include "base/status.h"

namespace keel::api {

// The resource of a route: the first segment of its path.
std::string_view RouteResource(const Route& route);

// Every resource a scope may name: those of the routes that need a signed-in user.
const std::vector<std::string_view>& ScopeResources();

// For a request authenticated by an API key: ok, or 403 when the key's scopes do not
// cover the route or the route changes the account.
Status CheckApiKeyAccess(const Route& route, const auth::Principal& principal);

}  // namespace keel::api
