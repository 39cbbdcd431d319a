// Files (uploads): POST/GET files, GET/DELETE files/{id}, GET files/{id}/content.
//
// The content route answers with headers only: keel checks the owner, then hands the
// sending to nginx with X-Accel-Redirect to its internal location for the store
// (nginx/keel.conf.template), so a worker is never tied up streaming a file. nginx adds
// `Content-Security-Policy: sandbox` and `nosniff` there; everything but raster images
// is sent as an attachment.
#include "api/file_upload.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "files/attachment_store.h"
#include "files/content_check.h"
#include "files/file_name.h"
#include "files/file_store.h"

namespace keel::api {
namespace {

std::string ContentUrl(std::string_view id) {
  return "/api/v1/files/" + std::string(id) + "/content";
}

void WriteFile(http::JsonWriter& w, const files::File& f) {
  w.StartObject();
  WriteStringField(w, "id", f.id);
  WriteStringField(w, "name", f.name);
  WriteStringField(w, "content_type", f.content_type);
  w.Key("size");
  w.Int64(f.size);
  WriteStringField(w, "sha256", f.sha256);
  WriteStringField(w, "created_at", f.created_at);
  WriteStringField(w, "url", ContentUrl(f.id));
  w.EndObject();
}

}  // namespace

Status HandleCreateFile(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(files::Storage * storage, StorageOf(ctx.config));
  KEEL_ASSIGN_OR_RETURN(ReceivedUpload upload, ReceiveUpload(ctx, *storage, ctx.config.upload_types,
                                                             ctx.config.max_upload_bytes));
  // The object first, then its row: a crash in between leaves an orphan for the sweep,
  // never a row without its bytes.
  KEEL_ASSIGN_OR_RETURN(upload.file.storage_key, upload.object->Commit());
  StatusOr<files::File> file =
      files::CreateFile(ctx.db, ctx.user().user_id, upload.file, ctx.config.user_quota_bytes);
  if (!file.ok()) {
    (void)storage->Remove(upload.file.storage_key);
    return file.status();
  }
  RespondCreated(ctx, "files", file->id, [&](http::JsonWriter& w) { WriteFile(w, *file); });
  return Status::Ok();
}

Status HandleListFiles(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, files::FileListSpec()));
  KEEL_ASSIGN_OR_RETURN(files::FilePage page, files::ListFiles(ctx.db, ctx.user().user_id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const files::File& f : page.items) WriteFile(w, f);
  });
  return Status::Ok();
}

Status HandleGetFile(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(files::File file, files::GetFile(ctx.db, ctx.user().user_id, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteFile(w, file); });
  return Status::Ok();
}

Status HandleFilesUsage(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(int64_t used, files::UsedBytes(ctx.db, ctx.user().user_id));
  ctx.response.Json(200, [&](http::JsonWriter& w) {
    w.StartObject();
    w.Key("used_bytes");
    w.Int64(used);
    w.Key("quota_bytes");
    w.Int64(ctx.config.user_quota_bytes);
    w.Key("max_upload_bytes");
    w.Int64(ctx.config.max_upload_bytes);
    w.EndObject();
  });
  return Status::Ok();
}

Status HandleGetFileContent(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(files::Storage * storage, StorageOf(ctx.config));
  KEEL_ASSIGN_OR_RETURN(files::File file, files::GetFile(ctx.db, ctx.user().user_id, id));
  ctx.response.AddHeader("X-Accel-Redirect",
                         storage->AccelPath(file.storage_key) + "?etag=" + file.sha256);
  ctx.response.AddHeader(
      "Content-Disposition",
      files::ContentDisposition(file.name, !files::ServedInline(file.content_type)));
  ctx.response.Text(200, file.content_type, "");
  return Status::Ok();
}

Status HandleDeleteFile(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(files::Storage * storage, StorageOf(ctx.config));
  KEEL_ASSIGN_OR_RETURN(files::File file, files::DeleteFile(ctx.db, ctx.user().user_id, id));
  // The row is gone; should the unlink fail, the object is an orphan the sweep removes.
  (void)storage->Remove(file.storage_key);
  ctx.response.NoContent();
  return Status::Ok();
}

// Task attachments: tasks/{id}/attachments[/{file_id}].

Status HandleListAttachments(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string task_id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, files::AttachmentListSpec()));
  KEEL_ASSIGN_OR_RETURN(files::FilePage page,
                        files::ListAttachments(ctx.db, ctx.user().user_id, task_id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const files::File& f : page.items) WriteFile(w, f);
  });
  return Status::Ok();
}

Status HandleAttachFile(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string task_id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(std::string file_id,
                        ReadBody(ctx, WriteMode::kCreate, [](FieldReader& r, WriteMode) {
                          return r.Uuid("file_id", true).value;
                        }));
  KEEL_ASSIGN_OR_RETURN(files::File file,
                        files::AttachFile(ctx.db, ctx.user().user_id, task_id, file_id));
  ctx.response.AddHeader("Location", "/api/v1/tasks/" + task_id + "/attachments/" + file.id);
  ctx.response.Json(201, [&](http::JsonWriter& w) { WriteFile(w, file); });
  return Status::Ok();
}

Status HandleDetachFile(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string task_id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(std::string file_id, PathUuid(ctx, "file_id"));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(files::DetachFile(ctx.db, ctx.user().user_id, task_id, file_id));
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
