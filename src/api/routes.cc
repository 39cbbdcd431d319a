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

}  // namespace keel::api
