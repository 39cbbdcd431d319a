// The HTTP semantics every API resource gets from the dispatcher, without its handlers
// knowing (CONTRACT §3):
//
//   GET/HEAD 200      ETag (http/conditional.h); If-None-Match naming it → 304, no body
//   PUT/PATCH/DELETE  If-Match → the route's GET twin (same path) is run first, in one
//                     REPEATABLE READ transaction with the write: a stale tag, or a row
//                     changed by someone else between the two, is 412 PRECONDITION_FAILED
//   POST              Idempotency-Key → the first 2xx answer per user and key is kept
//                     24 h in PostgreSQL (sql/004_idempotency.sql) and replayed with
//                     Idempotent-Replayed: true; another request under the same key is
//                     422, the same one while the first still runs is 409
//
// Costs: a GET hashes its body once (std::hash, a few µs for a 20-row page) and adds
// one header; the other two add statements only when the client sends the header.
#pragma once

#include <functional>
#include <string_view>

#include "api/context.h"
#include "base/status.h"

namespace keel {

// The GET route with the same path as `write_route`, or nullptr (no conditional write).
const api::Route* ReadTwinOf(const api::Route& write_route);

// Runs `write` (the route's handler) only if `ctx.request.if_match` names the current
// representation, as `read_twin` renders it, atomically with the write.
Status RunConditionalWrite(api::RequestContext& ctx, const api::Route& read_twin,
                           const std::function<Status()>& write);

// Whether a POST to `api_path` (relative to /api/v1) honours Idempotency-Key: every
// signed-in POST except the /auth/ ones (their answers carry cookies and tokens).
bool IdempotencyApplies(std::string_view api_path, const api::RequestContext& ctx);

// Runs `create` (the route's handler) under ctx.request.idempotency_key.
Status RunIdempotent(api::RequestContext& ctx, std::string_view api_path,
                     const std::function<Status()>& create);

// For a 200 answer to a GET/HEAD: adds the ETag and turns the answer into a 304 when
// If-None-Match names it.
void ApplyEntityTag(const http::Request& request, http::Response& response);

}  // namespace keel
