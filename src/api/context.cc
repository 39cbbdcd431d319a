// Lazy body and query parsing for handlers.
#include "api/context.h"

#include "http/body.h"
#include "http/query_string.h"

namespace keel::api {

StatusOr<const http::Fields*> RequestContext::Body() {
  if (!body_) body_.emplace(http::ParseBody(request.content_type, request.body));
  if (!body_->ok()) return body_->status();
  return &body_->value();
}

StatusOr<const http::Fields*> RequestContext::Query() {
  if (!query_) query_.emplace(http::ParseQueryString(request.query));
  if (!query_->ok()) return query_->status();
  return &query_->value();
}

}  // namespace keel::api
