// The handlers of every declared resource (resource/resource.h), and its rows in the
// route table:
//
//   GET    /<path>       list: the page/limit or after= cursor, sort, filters, q (§3)
//   POST   /<path>       create: 201, Location, the new object
//   GET    /<path>/{id}  read
//   PUT    /<path>/{id}  replace the writable fields (absent → null or the default)
//   PATCH  /<path>/{id}  change the fields sent
//   DELETE /<path>/{id}  204
//
// each for the operations the declaration offers. An owner-scoped resource is only ever
// read and written with the caller's id. The dispatcher adds what every API route gets:
// ETag/If-None-Match, If-Match, Idempotency-Key (app/http_semantics.h).
#pragma once

#include <string>
#include <vector>

#include "api/context.h"
#include "resource/resource.h"

namespace keel::api {

Status ListResource(RequestContext& ctx, const resource::Resource& resource);
Status CreateResource(RequestContext& ctx, const resource::Resource& resource);
Status GetResource(RequestContext& ctx, const resource::Resource& resource);
Status ReplaceResource(RequestContext& ctx, const resource::Resource& resource);
Status PatchResource(RequestContext& ctx, const resource::Resource& resource);
Status DeleteResource(RequestContext& ctx, const resource::Resource& resource);

// The rows of resource R: its reads for `read`, its writes for `write` (for a shared
// resource, e.g. Access::kAdmin).
template <const resource::Resource& R>
std::vector<Route> ResourceRoutes(Access write = Access::kOwnerWrite,
                                  Access read = Access::kOwnerRead) {
  static const std::string collection = "/" + std::string(R.path);
  static const std::string item = collection + "/{id}";
  using http::Method;
  using resource::Operation;
  struct Row {
    Operation op;
    Method method;
    const std::string& path;
    Handler handler;
    Access access;
  };
  const Row rows[] = {
      {Operation::kList, Method::kGet, collection,
       [](RequestContext& ctx) { return ListResource(ctx, R); }, read},
      {Operation::kCreate, Method::kPost, collection,
       [](RequestContext& ctx) { return CreateResource(ctx, R); }, write},
      {Operation::kRead, Method::kGet, item,
       [](RequestContext& ctx) { return GetResource(ctx, R); }, read},
      {Operation::kReplace, Method::kPut, item,
       [](RequestContext& ctx) { return ReplaceResource(ctx, R); }, write},
      {Operation::kPatch, Method::kPatch, item,
       [](RequestContext& ctx) { return PatchResource(ctx, R); }, write},
      {Operation::kDelete, Method::kDelete, item,
       [](RequestContext& ctx) { return DeleteResource(ctx, R); }, write},
  };
  std::vector<Route> out;
  for (const Row& row : rows) {
    if (R.offers(row.op)) {
      out.push_back(
          {row.method, row.path.c_str(), row.handler, row.access, Body::kBuffered, &R, row.op});
    }
  }
  return out;
}

}  // namespace keel::api
