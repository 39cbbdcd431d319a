// Route → resource for API key scopes (see route_scope.h).
#include "api/route_scope.h"

#include <algorithm>
#include <string>

#include "api/routes.h"
#include "auth/api_key_scope.h"

namespace keel::api {
namespace {

// Routes a key may read but never write: the caller's own account (auth/...) and the
// accounts themselves (users/...: email, role, is_active).
constexpr std::string_view kAccountResources[] = {"auth", "users"};

}  // namespace

std::string_view RouteResource(const Route& route) {
  std::string_view path = route.path;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return path.substr(0, path.find('/'));
}

const std::vector<std::string_view>& ScopeResources() {
  static const std::vector<std::string_view> kResources = [] {
    std::vector<std::string_view> out;
    for (const Route& r : ApiRoutes()) {
      if (r.access == Access::kPublic || r.access == Access::kInternal) continue;
      std::string_view resource = RouteResource(r);
      if (std::find(out.begin(), out.end(), resource) == out.end()) out.push_back(resource);
    }
    return out;
  }();
  return kResources;
}

Status CheckApiKeyAccess(const Route& route, const auth::Principal& principal) {
  std::string_view resource = RouteResource(route);
  bool write = !http::IsSafeMethod(route.method);
  if (write && std::find(std::begin(kAccountResources), std::end(kAccountResources), resource) !=
                   std::end(kAccountResources)) {
    return Status::Forbidden("an API key cannot change accounts; sign in instead");
  }
  if (!auth::ScopesAllow(principal.scopes, resource, write)) {
    return Status::Forbidden("API key lacks scope " + std::string(resource) +
                             (write ? ":write" : ":read"));
  }
  return Status::Ok();
}

}  // namespace keel::api
