// Tasks (seed 004, CONTRACT §5): GET/POST tasks, GET/PUT/PATCH/DELETE tasks/{id}.
// Thin: parse → validate → call tasks:: → render.
#include "api/handlers.h"
#include "api/resource_util.h"
#include "api/task_io.h"
#include "tasks/task_store.h"

namespace keel::api {
namespace {

Status WriteTaskChange(RequestContext& ctx, WriteMode mode) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(tasks::TaskChanges changes, ReadBody(ctx, mode, ReadTaskFields));
  KEEL_ASSIGN_OR_RETURN(tasks::Task task,
                        tasks::UpdateTask(ctx.db, ctx.user().user_id, id, changes));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteTask(w, task); });
  return Status::Ok();
}

}  // namespace

Status HandleListTasks(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, tasks::TaskListSpec()));
  KEEL_ASSIGN_OR_RETURN(tasks::TaskPage page, tasks::ListTasks(ctx.db, ctx.user().user_id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const tasks::TaskView& t : page.items) WriteTask(w, t);
  });
  return Status::Ok();
}

Status HandleCreateTask(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(tasks::TaskChanges changes,
                        ReadBody(ctx, WriteMode::kCreate, ReadTaskFields));
  KEEL_ASSIGN_OR_RETURN(tasks::Task task, tasks::CreateTask(ctx.db, ctx.user().user_id, changes));
  RespondCreated(ctx, "tasks", task.id, [&](http::JsonWriter& w) { WriteTask(w, task); });
  return Status::Ok();
}

Status HandleGetTask(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(tasks::Task task, tasks::GetTask(ctx.db, ctx.user().user_id, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteTask(w, task); });
  return Status::Ok();
}

Status HandlePutTask(RequestContext& ctx) { return WriteTaskChange(ctx, WriteMode::kReplace); }

Status HandlePatchTask(RequestContext& ctx) { return WriteTaskChange(ctx, WriteMode::kPatch); }

Status HandleDeleteTask(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(tasks::DeleteTask(ctx.db, ctx.user().user_id, id));
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
