// RequestContext: everything a handler may use, typed (no bags of strings).
//
// Handlers are thin: parse (Body()/Query()), validate (api/field_reader), call the
// domain, render into `response`. They return a Status; a non-ok Status is turned
// into the error envelope by the dispatcher, in one place.
#pragma once

#include <optional>

#include "auth/principal.h"
#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"
#include "http/fields.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "resource/resource.h"

namespace keel::api {

struct RequestContext {
  RequestContext(const http::Request& request, http::Response& response,
                 const http::PathParams& params, db::Connection& db, const Config& config)
      : request(request), response(response), params(params), db(db), config(config) {}

  const http::Request& request;
  http::Response& response;
  const http::PathParams& params;
  db::Connection& db;
  const Config& config;
  const auth::Principal* principal = nullptr;  // set on routes that require a user

  // The request body parsed into Fields (JSON, form or multipart); parsed once.
  StatusOr<const http::Fields*> Body();
  // The query string parsed into Fields; parsed once.
  StatusOr<const http::Fields*> Query();

  // The signed-in user (routes with Access::kUser/kAdmin always have one).
  const auth::Principal& user() const { return *principal; }

 private:
  std::optional<StatusOr<http::Fields>> body_;
  std::optional<StatusOr<http::Fields>> query_;
};

using Handler = Status (*)(RequestContext&);

enum class Access {
  kPublic,  // no authentication
  kUser,    // a signed-in user with a live session
  // A GET of the token's own user's data: as kUser, but the live-session check rides
  // along with the handler's first statement (one round trip); the handler runs before
  // the session is confirmed and its answer is replaced by 401 if it is not live, so
  // it must only read, scoped to user().user_id, and never use user().role.
  kOwnerRead,
  // A write of the token's own user's data (a declared resource's create, replace,
  // patch, delete): as kUser, but the live-session check rides along with the handler's
  // first statement in the same implicit transaction, and for a session that is not
  // live it raises, so that statement and everything after it never run. The handler's
  // first effect must be a statement, scoped to user().user_id, and never use
  // user().role.
  kOwnerWrite,
  kAdmin,     // a signed-in admin
  kInternal,  // only through the loopback operations listener
};

// How a route gets its body: in Request::body (at most KEEL_MAX_BODY_BYTES), or through
// Request::body_stream (at most KEEL_MAX_UPLOAD_BYTES plus kUploadEnvelopeBytes), read
// by the handler piece by piece (uploads).
enum class Body { kBuffered, kStreamed };

struct Route {
  http::Method method;
  const char* path;  // relative to /api/v1 and /api, or absolute for /health etc.
  Handler handler;
  Access access;
  Body body = Body::kBuffered;
  // For the routes of a declared resource (api/resource_handlers.h): which one, and
  // which of its operations (the OpenAPI document is derived from them).
  const resource::Resource* resource = nullptr;
  resource::Operation operation = resource::kList;
};

}  // namespace keel::api
