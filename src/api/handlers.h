// Declarations of every handler named in the route table, grouped by resource.
// Each group is implemented in its own file (api/<resource>_handlers.cc).
#pragma once

#include "api/context.h"

namespace keel::api {

// operations_handlers.cc
Status HandleHealth(RequestContext& ctx);
Status HandleMetrics(RequestContext& ctx);
Status HandleStatus(RequestContext& ctx);
Status HandleVersion(RequestContext& ctx);

}  // namespace keel::api
