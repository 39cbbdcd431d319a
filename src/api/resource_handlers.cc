// The generic resource handlers: parse → validate → resource:: → render.
#include "api/resource_handlers.h"

#include "api/resource_body.h"
#include "api/resource_json.h"
#include "api/resource_util.h"
#include "resource/store.h"

namespace keel::api {
namespace {

// Whose rows: the caller's (for a shared resource, who creates the row).
std::string_view Owner(const RequestContext& ctx) { return ctx.user().user_id; }

StatusOr<resource::Changes> ReadResourceBody(RequestContext& ctx, const resource::Resource& r,
                                             WriteMode mode) {
  return ReadBody(ctx, mode,
                  [&](FieldReader& reader, WriteMode m) { return ReadChanges(reader, r, m); });
}

void RespondRow(RequestContext& ctx, const resource::Resource& r, const db::Result& row) {
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteRow(w, r, row, 0); });
}

Status Write(RequestContext& ctx, const resource::Resource& r, WriteMode mode) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(resource::Changes changes, ReadResourceBody(ctx, r, mode));
  KEEL_ASSIGN_OR_RETURN(db::Result row, resource::Update(ctx.db, r, Owner(ctx), id, changes));
  RespondRow(ctx, r, row);
  return Status::Ok();
}

}  // namespace

Status ListResource(RequestContext& ctx, const resource::Resource& r) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, resource::ListSpecOf(r)));
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, resource::List(ctx.db, r, Owner(ctx), query));
  ctx.response.JsonList({query.page, query.limit, page.total},
                        [&](http::JsonWriter& w) { RowWriter(r).WriteAll(w, page.rows); });
  return Status::Ok();
}

Status CreateResource(RequestContext& ctx, const resource::Resource& r) {
  KEEL_ASSIGN_OR_RETURN(resource::Changes changes, ReadResourceBody(ctx, r, WriteMode::kCreate));
  KEEL_ASSIGN_OR_RETURN(db::Result row, resource::Create(ctx.db, r, Owner(ctx), changes));
  RespondCreated(ctx, r.path, row.Text(0, 0), [&](http::JsonWriter& w) { WriteRow(w, r, row, 0); });
  return Status::Ok();
}

Status GetResource(RequestContext& ctx, const resource::Resource& r) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(db::Result row, resource::Get(ctx.db, r, Owner(ctx), id));
  RespondRow(ctx, r, row);
  return Status::Ok();
}

Status ReplaceResource(RequestContext& ctx, const resource::Resource& r) {
  return Write(ctx, r, WriteMode::kReplace);
}

Status PatchResource(RequestContext& ctx, const resource::Resource& r) {
  return Write(ctx, r, WriteMode::kPatch);
}

Status DeleteResource(RequestContext& ctx, const resource::Resource& r) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(resource::Delete(ctx.db, r, Owner(ctx), id));
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
