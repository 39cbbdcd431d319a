// The route tables: every route keel serves, one row each (see routes.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"

namespace keel::api {

// Routes under /api/v1 and, identically, /api (paths relative to that prefix).
const std::vector<Route>& ApiRoutes();
// Routes outside /api: /health, and the operations routes /metrics and /status.
const std::vector<Route>& TopLevelRoutes();
// "METHOD path" of every row, API rows first then top-level ones (the metrics labels).
const std::vector<std::string_view>& RouteNames();

}  // namespace keel::api
