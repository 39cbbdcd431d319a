// App: one request's journey through keel, in fixed phases (nginx-style):
//
//   request id → route (404/405) → CORS preflight → access (internal/401/403, CSRF)
//   → handler (with the HTTP semantics of app/http_semantics.h) → error mapping (one
//   place) → common headers → access log
//
// App is constructed once per worker with its configuration and its database
// connection, and handles requests one at a time. Handle() never throws: an
// exception escaping a handler is logged and answered 500 INTERNAL.
#pragma once

#include "api/context.h"
#include "auth/principal.h"
#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace keel {

class App {
 public:
  App(const Config& config, db::Connection& db);

  void Handle(http::Request& request, http::Response& response);
  // Whether the request's route streams its body (api::Body::kStreamed): the worker then
  // passes a BodyReader instead of reading the body, and bounds it by
  // KEEL_MAX_UPLOAD_BYTES instead of KEEL_MAX_BODY_BYTES. Needs method and path only.
  bool StreamsBody(const http::Request& request) const;
  // Answers a request refused before it could be read (bad length, body too large).
  void RejectEarly(http::Request& request, const Status& status, http::Response& response);

 private:
  struct Outcome {
    const char* route = "unmatched";
    int route_index = -1;  // for metrics: index into RouteNames()
    std::string user_id;
    bool revalidate = false;  // an API read: Cache-Control private, no-cache (+ ETag)
  };
  // Which routes a path is looked up in: /api/v1/… and /api/… (path relative to that
  // prefix) or the top-level ones.
  struct Target {
    bool api;
    const http::Router* router;
    const std::vector<api::Route>* table;
    std::string_view path;
  };
  // Who is calling, once the route's access rule has been applied.
  struct Caller {
    auth::Principal principal;
    bool signed_in = false;
    bool deferred_session = false;  // kOwnerRead/kOwnerWrite: confirmed after the handler
  };

  // The phases, in order: method → Resolve → (OPTIONS: AnswerPreflight) → Match (404/405)
  // → Authorize (401/403) → Run (conditional write / idempotent create / handler, one
  // retry of a read after a lost connection) → ETag on API reads.
  Status Dispatch(http::Request& request, http::Response& response, Outcome& outcome);
  Target Resolve(const http::Request& request) const;
  Status AnswerPreflight(const http::Request& request, const Target& target,
                         http::Response& response);
  StatusOr<const api::Route*> Match(const http::Request& request, const Target& target,
                                    http::PathParams& params, http::Response& response,
                                    Outcome& outcome);
  Status Authorize(const api::Route& route, const http::Request& request, Caller& caller,
                   Outcome& outcome);
  Status Run(const api::Route& route, const Target& target, api::RequestContext& ctx,
             Caller& caller);
  // The route's handler, then (kOwnerRead, kOwnerWrite) the deferred session check.
  Status RunHandler(const api::Route& route, api::RequestContext& ctx, auth::Principal& principal,
                    bool deferred_session);
  void Finish(http::Request& request, http::Response& response, const Outcome& outcome,
              int64_t started_ns);

  const Config& config_;
  db::Connection& db_;
  http::Router api_router_;
  http::Router top_router_;
};

}  // namespace keel
