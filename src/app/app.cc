// The dispatcher: the phases every request goes through.
#include "app/app.h"

#include <exception>

#include "api/context.h"
#include "api/route_scope.h"
#include "api/routes.h"
#include "app/http_semantics.h"
#include "auth/authenticate.h"
#include "auth/session_cookies.h"
#include "base/clock.h"
#include "base/log.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "http/error_response.h"
#include "metrics/request_metrics.h"
#include "metrics/scoreboard.h"

namespace keel {
namespace {

std::vector<http::Router::Pattern> PatternsOf(const std::vector<api::Route>& routes) {
  std::vector<http::Router::Pattern> patterns;
  for (const api::Route& r : routes) patterns.push_back({r.method, r.path});
  return patterns;
}

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// "/api/v1/tasks" → "/tasks"; "/api/tasks" → "/tasks"; anything else → nullopt.
std::optional<std::string_view> ApiRelativePath(std::string_view path) {
  for (std::string_view prefix : {std::string_view("/api/v1"), std::string_view("/api")}) {
    if (path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/')) {
      return path.substr(prefix.size());
    }
  }
  return std::nullopt;
}

// Whether an owner-scoped route's session check rides along with the handler's first
// statement, and before what: a read (kOwnerRead, safe methods) or a write (kOwnerWrite).
// A kOwnerRead route's other methods are checked at once, as kUser.
std::optional<auth::DeferredCheck> DeferredCheckFor(api::Access access,
                                                    const http::Request& request) {
  if (access == api::Access::kOwnerWrite) return auth::DeferredCheck::kBeforeWrite;
  if (http::IsSafeMethod(request.method)) return auth::DeferredCheck::kBeforeRead;
  return std::nullopt;
}

bool OriginAllowed(const Config& config, std::string_view origin) {
  for (const std::string& o : config.cors_origins) {
    if (o == origin) return true;
  }
  return false;
}

}  // namespace

App::App(const Config& config, db::Connection& db)
    : config_(config),
      db_(db),
      api_router_(PatternsOf(api::ApiRoutes())),
      top_router_(PatternsOf(api::TopLevelRoutes())) {}

void App::Handle(http::Request& request, http::Response& response) {
  int64_t started = MonotonicNanos();
  if (!ValidRequestId(request.request_id)) {
    request.request_id = crypto::HexEncode(crypto::RandomBytes(16));
  }
  Outcome outcome;
  Status status;
  try {
    status = Dispatch(request, response, outcome);
  } catch (const std::exception& e) {
    log::Error("unhandled exception", {{"request_id", request.request_id}, {"what", e.what()}});
    status = Status::Internal();
  } catch (...) {
    log::Error("unhandled exception", {{"request_id", request.request_id}});
    status = Status::Internal();
  }
  if (db_.in_transaction()) db_.Rollback();  // never leak a transaction to the next request
  if (!status.ok()) {
    if (status.code() == ErrorCode::kInternal) {
      log::Error("internal error", {{"request_id", request.request_id},
                                    {"route", outcome.route},
                                    {"detail", status.log_detail()}});
    }
    http::RenderError(status, response);
  }
  Finish(request, response, outcome, started);
}

bool App::StreamsBody(const http::Request& request) const {
  std::optional<std::string_view> relative = ApiRelativePath(request.path);
  if (!relative) return false;
  http::PathParams params;
  http::RouteMatch match = api_router_.Find(request.method, *relative, params);
  return match.index >= 0 &&
         api::ApiRoutes()[static_cast<size_t>(match.index)].body == api::Body::kStreamed;
}

void App::RejectEarly(http::Request& request, const Status& status, http::Response& response) {
  int64_t started = MonotonicNanos();
  if (!ValidRequestId(request.request_id)) {
    request.request_id = crypto::HexEncode(crypto::RandomBytes(16));
  }
  http::RenderError(status, response);
  Finish(request, response, Outcome{}, started);
}

Status App::Dispatch(http::Request& request, http::Response& response, Outcome& outcome) {
  if (request.method == http::Method::kOther) {
    response.AddHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    return Status::Error(ErrorCode::kMethodNotAllowed, "method not allowed");
  }
  Target target = Resolve(request);
  if (request.method == http::Method::kOptions) return AnswerPreflight(request, target, response);
  http::PathParams params;
  KEEL_ASSIGN_OR_RETURN(const api::Route* route, Match(request, target, params, response, outcome));
  Caller caller;
  KEEL_RETURN_IF_ERROR(Authorize(*route, request, caller, outcome));
  api::RequestContext ctx{request, response, params, db_, config_};
  if (caller.signed_in) ctx.principal = &caller.principal;
  Status status = Run(*route, target, ctx, caller);
  // API reads are revalidated by ETag (the sign-in routes' answers are never stored).
  if (target.api && status.ok() && TagsReads(*route)) {
    outcome.revalidate = true;
    if (response.status() == 200) ApplyEntityTag(request, response);
  }
  return status;
}

App::Target App::Resolve(const http::Request& request) const {
  std::optional<std::string_view> relative = ApiRelativePath(request.path);
  if (relative) return {true, &api_router_, &api::ApiRoutes(), *relative};
  return {false, &top_router_, &api::TopLevelRoutes(), request.path};
}

Status App::AnswerPreflight(const http::Request& request, const Target& target,
                            http::Response& response) {
  // CORS preflight: answered for configured origins only.
  if (!target.router->PathExists(target.path)) return Status::NotFound("no such route");
  if (request.origin.empty() || !OriginAllowed(config_, request.origin)) {
    return Status::Forbidden("origin not allowed");
  }
  response.AddHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE");
  response.AddHeader("Access-Control-Allow-Headers",
                     "Content-Type, Authorization, X-CSRF-Token, X-Request-Id, Idempotency-Key, "
                     "If-Match, If-None-Match");
  response.AddHeader("Access-Control-Max-Age", "600");
  response.NoContent();
  return Status::Ok();
}

StatusOr<const api::Route*> App::Match(const http::Request& request, const Target& target,
                                       http::PathParams& params, http::Response& response,
                                       Outcome& outcome) {
  http::RouteMatch match = target.router->Find(request.method, target.path, params);
  if (match.index < 0) {
    if (match.path_known) {
      response.AddHeader("Allow", match.allow);
      return Status::Error(ErrorCode::kMethodNotAllowed, "method not allowed");
    }
    return Status::NotFound("no such route");
  }
  const api::Route& route = (*target.table)[static_cast<size_t>(match.index)];
  outcome.route = route.path;
  outcome.route_index =
      static_cast<int>(match.index) + (target.api ? 0 : static_cast<int>(api::ApiRoutes().size()));
  if (metrics::WorkerSlot* slot = metrics::CurrentWorkerSlot()) {
    metrics::Scoreboard::SetBusy(*slot, route.path);
  }
  return &route;
}

Status App::Authorize(const api::Route& route, const http::Request& request, Caller& caller,
                      Outcome& outcome) {
  switch (route.access) {
    case api::Access::kPublic:
      return Status::Ok();
    case api::Access::kInternal:
      if (!request.internal) return Status::NotFound("no such route");
      return Status::Ok();
    case api::Access::kOwnerRead:
    case api::Access::kOwnerWrite:
      if (std::optional<auth::DeferredCheck> check = DeferredCheckFor(route.access, request)) {
        KEEL_ASSIGN_OR_RETURN(caller.principal,
                              auth::AuthenticateDeferred(request, db_, config_, *check));
        outcome.user_id = caller.principal.user_id;
        if (caller.principal.via_api_key()) {
          KEEL_RETURN_IF_ERROR(api::CheckApiKeyAccess(route, caller.principal));
        }
        caller.deferred_session = !caller.principal.via_api_key();  // a key is checked at once
        break;
      }
      [[fallthrough]];
    case api::Access::kUser:
    case api::Access::kAdmin:
      KEEL_ASSIGN_OR_RETURN(caller.principal, auth::Authenticate(request, db_, config_));
      outcome.user_id = caller.principal.user_id;
      if (caller.principal.via_api_key()) {
        KEEL_RETURN_IF_ERROR(api::CheckApiKeyAccess(route, caller.principal));
      }
      if (route.access == api::Access::kAdmin && !caller.principal.is_admin()) {
        return Status::Forbidden("administrator role required");
      }
      break;
  }
  caller.signed_in = true;
  outcome.user_id = caller.principal.user_id;
  return Status::Ok();
}

Status App::Run(const api::Route& route, const Target& target, api::RequestContext& ctx,
                Caller& caller) {
  const http::Request& request = ctx.request;
  // Conditional writes and idempotent creates (app/http_semantics.h).
  auto run = [&] { return RunHandler(route, ctx, caller.principal, caller.deferred_session); };
  if (target.api && TakesIdempotencyKey(route) && ctx.principal != nullptr &&
      !request.idempotency_key.empty()) {
    return RunIdempotent(ctx, target.path, run);
  }
  if (target.api && !request.if_match.empty()) {
    if (const api::Route* twin = ReadTwinOf(route)) return RunConditionalWrite(ctx, *twin, run);
  }

  Status status = run();
  // A read that failed because PostgreSQL restarted under it is retried once on a
  // fresh connection; writes are not retried blindly.
  if (!status.ok() && db_.last_failure_was_connection() && http::IsSafeMethod(request.method)) {
    if (db_.EnsureConnected().ok()) {
      ctx.response.Reset();
      api::RequestContext retry{request, ctx.response, ctx.params, db_, config_};
      retry.principal = ctx.principal;
      if (caller.deferred_session) {
        auth::DeferSessionCheck(db_, caller.principal, auth::DeferredCheck::kBeforeRead);
      }
      status = RunHandler(route, retry, caller.principal, caller.deferred_session);
    }
  }
  return status;
}

Status App::RunHandler(const api::Route& route, api::RequestContext& ctx,
                       auth::Principal& principal, bool deferred_session) {
  Status status = route.handler(ctx);
  if (deferred_session) {
    // The session check's answer came with the handler's first statement (or is asked
    // now, if the handler ran none); a dead session discards what the handler wrote.
    Status live = auth::ConfirmDeferredSession(db_, principal);
    if (!live.ok()) {
      ctx.response.Reset();
      return live;
    }
  }
  return status;
}

void App::Finish(http::Request& request, http::Response& response, const Outcome& outcome,
                 int64_t started_ns) {
  response.AddHeader("X-Request-Id", request.request_id);
  bool revalidate = outcome.revalidate && (response.status() == 200 || response.status() == 304);
  response.AddHeader("Cache-Control", revalidate ? "private, no-cache" : "no-store");
  if (response.status() == 401) {
    // RFC 6750 §3: every 401 names the scheme; a token that was sent but refused is
    // invalid_token.
    bool presented = !request.authorization.empty() ||
                     request.cookie.find(auth::kAccessCookie) != std::string::npos;
    response.AddHeader("WWW-Authenticate", presented
                                               ? "Bearer realm=\"keel\", error=\"invalid_token\""
                                               : "Bearer realm=\"keel\"");
  }
  if (!config_.cors_origins.empty()) {
    response.AddHeader("Vary", "Origin");
    if (!request.origin.empty() && OriginAllowed(config_, request.origin)) {
      response.AddHeader("Access-Control-Allow-Origin", request.origin);
      response.AddHeader("Access-Control-Allow-Credentials", "true");
      response.AddHeader("Access-Control-Expose-Headers",
                         "X-Request-Id, Location, Retry-After, ETag, Idempotent-Replayed");
    }
  }
  int64_t duration_us = (MonotonicNanos() - started_ns) / 1000;
  int64_t db_us = db_.TakeDbMicros();
  metrics::RecordRequest(outcome.route_index, response.status(), duration_us, db_us);
  log::Info("request", {{"request_id", request.request_id},
                        {"method", request.method_text},
                        {"route", outcome.route},
                        {"status", response.status()},
                        {"duration_ms", static_cast<double>(duration_us) / 1000.0},
                        {"db_ms", static_cast<double>(db_us) / 1000.0},
                        {"user_id", outcome.user_id},
                        {"remote_addr", request.remote_addr}});
}

}  // namespace keel
