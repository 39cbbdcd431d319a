// Projects (seed 002, CONTRACT §5): GET/POST projects, GET/PUT/PATCH/DELETE
// projects/{id}; body {title, description?}.
#include "api/handlers.h"
#include "api/resource_util.h"
#include "projects/project_store.h"

namespace keel::api {
namespace {

projects::ProjectChanges ReadProjectFields(FieldReader& r, WriteMode mode) {
  projects::ProjectChanges c;
  auto title = r.String(
      "title", {.required = MustHave(r, mode, "title"), .max_length = projects::kMaxTitle});
  auto description =
      r.String("description",
               {.max_length = projects::kMaxDescription, .trim = false, .single_line = false});
  if (title.has_value()) c.title.Set(title.value);
  if (mode != WriteMode::kPatch || description.present) {
    c.description.Set(NullIfEmpty(description));
  }
  return c;
}

void WriteProject(http::JsonWriter& w, const projects::Project& p) {
  w.StartObject();
  WriteStringField(w, "id", p.id);
  WriteStringField(w, "user_id", p.user_id);
  WriteStringField(w, "title", p.title);
  WriteOptString(w, "description", p.description);
  WriteStringField(w, "created_at", p.created_at);
  WriteStringField(w, "updated_at", p.updated_at);
  w.EndObject();
}

Status WriteProjectChange(RequestContext& ctx, WriteMode mode) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(projects::ProjectChanges changes, ReadBody(ctx, mode, ReadProjectFields));
  KEEL_ASSIGN_OR_RETURN(projects::Project project,
                        projects::UpdateProject(ctx.db, ctx.user().user_id, id, changes));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteProject(w, project); });
  return Status::Ok();
}

}  // namespace

Status HandleListProjects(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, projects::ProjectListSpec()));
  KEEL_ASSIGN_OR_RETURN(projects::ProjectPage page,
                        projects::ListProjects(ctx.db, ctx.user().user_id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const projects::Project& p : page.items) WriteProject(w, p);
  });
  return Status::Ok();
}

Status HandleCreateProject(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(projects::ProjectChanges changes,
                        ReadBody(ctx, WriteMode::kCreate, ReadProjectFields));
  KEEL_ASSIGN_OR_RETURN(projects::Project project,
                        projects::CreateProject(ctx.db, ctx.user().user_id, changes));
  RespondCreated(ctx, "projects", project.id,
                 [&](http::JsonWriter& w) { WriteProject(w, project); });
  return Status::Ok();
}

Status HandleGetProject(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(projects::Project project,
                        projects::GetProject(ctx.db, ctx.user().user_id, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteProject(w, project); });
  return Status::Ok();
}

Status HandlePutProject(RequestContext& ctx) {
  return WriteProjectChange(ctx, WriteMode::kReplace);
}

Status HandlePatchProject(RequestContext& ctx) {
  return WriteProjectChange(ctx, WriteMode::kPatch);
}

Status HandleDeleteProject(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(projects::DeleteProject(ctx.db, ctx.user().user_id, id));
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
