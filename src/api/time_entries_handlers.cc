// Time entries (seed 002, CONTRACT §5): GET/POST time-entries (filter project_id,
// start_time_gte/lt, ...), GET/PUT/PATCH/DELETE time-entries/{id}. A project_id that is
// not one of the caller's projects is a 400 VALIDATION_ERROR on project_id (the entry's
// URL exists; the reference in the body is what is wrong).
#include "api/handlers.h"
#include "api/resource_util.h"
#include "api/time_entry_io.h"
#include "time_entries/time_entry_store.h"

namespace keel::api {
namespace {

Status WriteEntryChange(RequestContext& ctx, WriteMode mode) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(time_entries::TimeEntryChanges changes,
                        ReadBody(ctx, mode, ReadTimeEntryFields));
  KEEL_ASSIGN_OR_RETURN(time_entries::TimeEntry entry,
                        time_entries::UpdateTimeEntry(ctx.db, ctx.user().user_id, id, changes));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteTimeEntry(w, entry); });
  return Status::Ok();
}

}  // namespace

Status HandleListTimeEntries(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, time_entries::TimeEntryListSpec()));
  KEEL_ASSIGN_OR_RETURN(time_entries::TimeEntryPage page,
                        time_entries::ListTimeEntries(ctx.db, ctx.user().user_id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const time_entries::TimeEntry& e : page.items) WriteTimeEntry(w, e);
  });
  return Status::Ok();
}

Status HandleCreateTimeEntry(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(time_entries::TimeEntryChanges changes,
                        ReadBody(ctx, WriteMode::kCreate, ReadTimeEntryFields));
  KEEL_ASSIGN_OR_RETURN(time_entries::TimeEntry entry,
                        time_entries::CreateTimeEntry(ctx.db, ctx.user().user_id, changes));
  RespondCreated(ctx, "time-entries", entry.id,
                 [&](http::JsonWriter& w) { WriteTimeEntry(w, entry); });
  return Status::Ok();
}

Status HandleGetTimeEntry(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(time_entries::TimeEntry entry,
                        time_entries::GetTimeEntry(ctx.db, ctx.user().user_id, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteTimeEntry(w, entry); });
  return Status::Ok();
}

Status HandlePutTimeEntry(RequestContext& ctx) {
  return WriteEntryChange(ctx, WriteMode::kReplace);
}

Status HandlePatchTimeEntry(RequestContext& ctx) {
  return WriteEntryChange(ctx, WriteMode::kPatch);
}

Status HandleDeleteTimeEntry(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(time_entries::DeleteTimeEntry(ctx.db, ctx.user().user_id, id));
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
