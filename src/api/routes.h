// The route tables: every route keel serves, one row each (see routes.cc).
#pragma once

#include <vector>

#include "api/context.h"

namespace keel::api {

// Routes under /api/v1 and, identically, /api (paths relative to that prefix).
const std::vector<Route>& ApiRoutes();
// Routes outside /api: /health, and the operations routes /metrics and /status.
const std::vector<Route>& TopLevelRoutes();

}  // namespace keel::api
