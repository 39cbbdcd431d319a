// Avatars: PUT auth/me/avatar (multipart, part `file`: a PNG, JPEG, GIF or WebP image)
// and DELETE auth/me/avatar.
//
// The image is received like any upload (file_upload.h, at most kMaxAvatarBytes), then
// re-encoded by libgd (files/avatar_image.h) and stored as one of the user's files,
// "avatar.png"; avatar_url becomes keel's own URL for it, /api/v1/files/<id>/content.
// The previous avatar's file, when avatar_url named one, is deleted.
#include "api/auth_support.h"
#include "api/file_upload.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "crypto/hash.h"
#include "files/avatar_image.h"
#include "files/file_store.h"
#include "users/user_service.h"

namespace keel::api {
namespace {

constexpr std::string_view kFilesPrefix = "/api/v1/files/";
constexpr std::string_view kContentSuffix = "/content";

// Deletes the file an avatar_url of keel's own names (anything else is left alone).
void DeleteAvatarFile(RequestContext& ctx, files::Storage& storage,
                      const std::optional<std::string>& avatar_url) {
  if (!avatar_url) return;
  std::string_view url = *avatar_url;
  if (!url.starts_with(kFilesPrefix) || !url.ends_with(kContentSuffix)) return;
  std::string id(
      url.substr(kFilesPrefix.size(), url.size() - kFilesPrefix.size() - kContentSuffix.size()));
  if (!IsUuid(id)) return;
  StatusOr<files::File> gone = files::DeleteFile(ctx.db, ctx.user().user_id, id);
  if (gone.ok()) (void)storage.Remove(gone->storage_key);
}

StatusOr<users::User> SetAvatarUrl(RequestContext& ctx, std::optional<std::string> url) {
  users::UserChange change;
  change.avatar_url.Set(std::move(url));
  return users::ChangeUser(ctx.db, ActorOf(ctx), ctx.user().user_id, change);
}

}  // namespace

Status HandlePutAvatar(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(files::Storage * storage, StorageOf(ctx.config));
  static const std::vector<std::string> kImageTypes = {"image/png", "image/jpeg", "image/gif",
                                                       "image/webp"};
  KEEL_ASSIGN_OR_RETURN(ReceivedUpload upload,
                        ReceiveUpload(ctx, *storage, kImageTypes, files::kMaxAvatarBytes));
  KEEL_ASSIGN_OR_RETURN(std::string original, upload.object->ReadBack(files::kMaxAvatarBytes));
  KEEL_ASSIGN_OR_RETURN(std::string png, files::ReencodeAvatar(original, upload.file.content_type));

  KEEL_ASSIGN_OR_RETURN(std::unique_ptr<files::PendingObject> object, storage->Begin());
  KEEL_RETURN_IF_ERROR(object->Write(png));
  KEEL_ASSIGN_OR_RETURN(std::string key, object->Commit());
  files::NewFile avatar{.name = "avatar.png",
                        .content_type = "image/png",
                        .size = static_cast<int64_t>(png.size()),
                        .sha256 = crypto::Sha256Hex(png),
                        .storage_key = key};
  StatusOr<files::File> file =
      files::CreateFile(ctx.db, ctx.user().user_id, avatar, ctx.config.user_quota_bytes);
  if (!file.ok()) {
    (void)storage->Remove(avatar.storage_key);
    return file.status();
  }
  KEEL_ASSIGN_OR_RETURN(users::User before,
                        users::GetUser(ctx.db, ActorOf(ctx), ctx.user().user_id));
  KEEL_ASSIGN_OR_RETURN(users::User user, SetAvatarUrl(ctx, std::string(kFilesPrefix) + file->id +
                                                                std::string(kContentSuffix)));
  DeleteAvatarFile(ctx, *storage, before.avatar_url);
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

Status HandleDeleteAvatar(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(files::Storage * storage, StorageOf(ctx.config));
  KEEL_ASSIGN_OR_RETURN(users::User before,
                        users::GetUser(ctx.db, ActorOf(ctx), ctx.user().user_id));
  KEEL_ASSIGN_OR_RETURN(users::User user, SetAvatarUrl(ctx, std::nullopt));
  DeleteAvatarFile(ctx, *storage, before.avatar_url);
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

}  // namespace keel::api
