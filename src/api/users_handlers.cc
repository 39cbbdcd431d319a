// Users routes (CONTRACT §5, seed 003): the admin list, and read / change / replace /
// delete of one account by itself or an admin (anyone else: 404). Only an admin may send
// `role`, `is_active` or `email` (403 otherwise; see users/user_service.h). PUT replaces
// the profile fields (absent name or avatar_url become null); role, is_active and email
// change only when sent, as they have no "empty" value to replace with.
#include <string>

#include "api/auth_support.h"
#include "api/field_reader.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "users/user_service.h"

namespace keel::api {
namespace {

// True when `name` was sent as an explicit null (JSON null, or an empty form value).
bool SentNull(const http::Fields& body, const char* name) {
  const http::FieldValue* v = body.Find(name);
  return v != nullptr &&
         (v->kind == http::FieldValue::Kind::kNull ||
          (body.from_form() && v->kind == http::FieldValue::Kind::kString && v->text.empty()));
}

// The body of PATCH/PUT users/{id}: profile fields plus the admin-only ones, which are
// not nullable.
Status ReadUserChange(const http::Fields& body, WriteMode mode, users::UserChange& change) {
  FieldReader r(body);
  ReadProfileFields(r, mode, change);
  Value<std::string> email = r.Email("email", false);
  Value<std::string> role = r.Enum("role", {users::kRoleUser, users::kRoleAdmin}, false);
  Value<bool> is_active = r.Bool("is_active", false);
  for (const char* name : {"email", "role", "is_active"}) {
    if (SentNull(body, name)) r.AddError(name, std::string(name) + " cannot be null");
  }
  if (email.has_value()) change.email.Set(email.value);
  if (role.has_value()) change.role.Set(role.value);
  if (is_active.has_value()) change.is_active.Set(is_active.value);
  return r.Finish();
}

Status WriteChange(RequestContext& ctx, WriteMode mode) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  users::UserChange change;
  KEEL_RETURN_IF_ERROR(ReadUserChange(*body, mode, change));
  KEEL_ASSIGN_OR_RETURN(users::User user, users::ChangeUser(ctx.db, ActorOf(ctx), id, change));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

}  // namespace

Status HandleListUsers(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery q, ListQueryOf(ctx, users::UserListSpec()));
  KEEL_ASSIGN_OR_RETURN(users::UserPage page, users::ListAllUsers(ctx.db, q));
  ctx.response.JsonList(http::Pagination{q.page, q.limit, page.total}, [&](http::JsonWriter& w) {
    for (const users::User& u : page.users) WriteUser(w, u);
  });
  return Status::Ok();
}

Status HandleGetUser(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(users::User user, users::GetUser(ctx.db, ActorOf(ctx), id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

Status HandlePatchUser(RequestContext& ctx) { return WriteChange(ctx, WriteMode::kPatch); }

Status HandlePutUser(RequestContext& ctx) { return WriteChange(ctx, WriteMode::kReplace); }

Status HandleDeleteUser(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(users::RemoveUser(ctx.db, ActorOf(ctx), id));
  if (id == ctx.user().user_id) ClearSessionCookies(ctx.response);  // deleted oneself
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
