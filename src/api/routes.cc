// The route table, redis-style: method, path, handler, who may call it.
// docs/openapi.yaml documents exactly these rows (a test compares them).
#include "api/routes.h"

#include "api/handlers.h"

namespace keel::api {

using http::Method;

const std::vector<Route>& ApiRoutes() {
  static const std::vector<Route> kRoutes = {
      // Placeholder so the table is never empty; real rows follow per resource.
      {Method::kGet, "/version", HandleVersion, Access::kPublic},
  };
  return kRoutes;
}

const std::vector<Route>& TopLevelRoutes() {
  static const std::vector<Route> kRoutes = {
      {Method::kGet, "/health", HandleHealth, Access::kPublic},
      {Method::kGet, "/metrics", HandleMetrics, Access::kInternal},
      {Method::kGet, "/status", HandleStatus, Access::kInternal},
  };
  return kRoutes;
}

const std::vector<std::string_view>& RouteNames() {
  static const std::vector<std::string> kOwned = [] {
    std::vector<std::string> names;
    for (const Route& r : ApiRoutes()) {
      names.push_back(std::string(http::MethodName(r.method)) + " /api/v1" + r.path);
    }
    for (const Route& r : TopLevelRoutes()) {
      names.push_back(std::string(http::MethodName(r.method)) + " " + r.path);
    }
    return names;
  }();
  static const std::vector<std::string_view> kNames(kOwned.begin(), kOwned.end());
  return kNames;
}

}  // namespace keel::api
