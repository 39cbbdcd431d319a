// The one place where a Status becomes an HTTP error response:
// {"success":false,"error":{"code","message","field"?,"details"?}} with the status
// of §3, plus Retry-After where the Status carries one. The message is the Status's
// client-safe message; for 500 it is always the generic "internal error", whatever
// the Status said, so no internal detail can reach a client.
#pragma once

#include "base/status.h"
#include "http/response.h"

namespace keel::http {

void RenderError(const Status& status, Response& response);

}  // namespace keel::http
