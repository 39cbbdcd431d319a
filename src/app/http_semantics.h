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

// Which of them a row of the API table (api::ApiRoutes) has, from the row alone (the
// dispatcher and `keel describe-api`, hence the OpenAPI document, ask the same questions).
// Never the sign-in routes (/auth/…): their answers carry cookies and tokens.
//   TagsReads             a GET: ETag, If-None-Match → 304
//   ReadTwinOf            a PUT/PATCH/DELETE with a GET of the same path: If-Match → 412;
//                         that GET, or nullptr
//   TakesIdempotencyKey   a POST for a signed-in caller: Idempotency-Key
bool TagsReads(const api::Route& route);
const api::Route* ReadTwinOf(const api::Route& write_route);
bool TakesIdempotencyKey(const api::Route& route);

// Runs `write` (the route's handler) only if `ctx.request.if_match` names the current
// representation, as `read_twin` renders it, atomically with the write.
Status RunConditionalWrite(api::RequestContext& ctx, const api::Route& read_twin,
                           const std::function<Status()>& write);

// Runs `create` (the route's handler) under ctx.request.idempotency_key.
Status RunIdempotent(api::RequestContext& ctx, std::string_view api_path,
                     const std::function<Status()>& create);

// For a 200 answer to a GET/HEAD: adds the ETag and turns the answer into a 304 when
// If-None-Match names it.
void ApplyEntityTag(const http::Request& request, http::Response& response);

}  // namespace keel
