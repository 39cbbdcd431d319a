// Scope parsing and checks for API keys (see api_key_scope.h).
#include "auth/api_key_scope.h"

#include <algorithm>

namespace keel::auth {
namespace {

struct Scope {
  std::string_view resource;
  bool write = false;
};

std::optional<Scope> ParseScope(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view level = text.substr(colon + 1);
  if (level != "read" && level != "write") return std::nullopt;
  return Scope{text.substr(0, colon), level == "write"};
}

}  // namespace

std::optional<std::string> NormaliseScopes(std::vector<std::string>& requested,
                                           const std::vector<std::string_view>& resources) {
  if (requested.empty()) requested.push_back(kDefaultApiKeyScope);
  if (requested.size() > kMaxApiKeyScopes) {
    return "at most " + std::to_string(kMaxApiKeyScopes) + " scopes";
  }
  for (const std::string& s : requested) {
    std::optional<Scope> scope = ParseScope(s);
    if (!scope) return "scope '" + s + "' is not RESOURCE:read or RESOURCE:write";
    if (scope->resource != "*" &&
        std::find(resources.begin(), resources.end(), scope->resource) == resources.end()) {
      return "scope '" + s + "' names no resource of this API";
    }
  }
  std::sort(requested.begin(), requested.end());
  requested.erase(std::unique(requested.begin(), requested.end()), requested.end());
  return std::nullopt;
}

bool ScopesAllow(const std::vector<std::string>& scopes, std::string_view resource, bool write) {
  for (const std::string& s : scopes) {
    std::optional<Scope> scope = ParseScope(s);
    if (!scope) continue;
    if (scope->resource != "*" && scope->resource != resource) continue;
    if (scope->write || !write) return true;
  }
  return false;
}

}  // namespace keel::auth
