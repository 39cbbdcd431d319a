// The OpenID Connect providers' settings: KEEL_OIDC_PROVIDERS names them (a row of the
// settings table), and each provider NAME has keys of its own, KEEL_OIDC_<NAME>_ISSUER,
// _CLIENT_ID, _CLIENT_SECRET, _SCOPES, _RESPONSE_MODE, _LABEL, and for Apple
// _APPLE_TEAM_ID, _APPLE_KEY_ID, _APPLE_PRIVATE_KEY_FILE (Config::OidcProvider). Their
// names depend on the configuration, so they are read here rather than by table rows.
#pragma once

#include <map>
#include <set>
#include <string>

#include "base/status.h"
#include "config/config.h"

namespace keel {

// Fills c.oidc_providers from c.oidc_provider_names and the per-provider keys in
// `values`, adding every key it read to `consumed` (so none is reported as unknown).
// An error names the key.
Status LoadOidcProviders(const std::map<std::string, std::string>& values, Config& c,
                         std::set<std::string>& consumed);

}  // namespace keel
