// API key scopes: `RESOURCE:read` or `RESOURCE:write`, where RESOURCE is the first
// segment of a route's path (`tasks`, `time-entries`, `projects`, ...) or `*` for all.
// `write` implies `read`. A key created with no scopes gets `*:read`.
//
// Which resource a route belongs to is derived from the route table itself
// (api/route_scope.h), so a new route is covered without a list to keep in step.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keel::auth {

inline constexpr char kDefaultApiKeyScope[] = "*:read";
inline constexpr size_t kMaxApiKeyScopes = 32;

// Normalises `requested` (sorted, duplicates removed; empty → {"*:read"}). Returns the
// error message for the first scope that is malformed or names a resource not in
// `resources`, or nullopt when all are valid.
std::optional<std::string> NormaliseScopes(std::vector<std::string>& requested,
                                           const std::vector<std::string_view>& resources);

// True when `scopes` grant `resource` for reading (write = false) or writing.
bool ScopesAllow(const std::vector<std::string>& scopes, std::string_view resource, bool write);

}  // namespace keel::auth
