// ReceiveUpload: multipart part → pending object, hash, scan, sniff (see file_upload.h).
#include "api/file_upload.h"

#include <algorithm>
#include <vector>

#include "crypto/hash.h"
#include "files/content_check.h"
#include "files/file_name.h"
#include "http/content_type.h"
#include "http/multipart_stream.h"

namespace keel::api {
namespace {

constexpr size_t kMaxNameField = 1024;

Status TooLarge(int64_t limit, bool configured) {
  return Status::Error(ErrorCode::kPayloadTooLarge,
                       "file larger than " + std::to_string(limit) + " bytes" +
                           (configured ? " (KEEL_MAX_UPLOAD_BYTES)" : ""));
}

}  // namespace

StatusOr<files::Storage*> StorageOf(const Config& config) {
  static std::unique_ptr<files::Storage> storage;
  if (!storage) {
    KEEL_ASSIGN_OR_RETURN(storage, files::OpenStorage(config.storage));
  }
  return storage.get();
}

StatusOr<ReceivedUpload> ReceiveUpload(RequestContext& ctx, files::Storage& storage,
                                       const std::vector<std::string>& allowed_types,
                                       int64_t max_bytes) {
  StatusOr<http::ContentType> type = http::ParseContentType(ctx.request.content_type);
  if (!type.ok() || !type->Is("multipart", "form-data")) {
    return Status::Error(ErrorCode::kUnsupportedMedia, "an upload must be multipart/form-data");
  }
  if (type->boundary.empty()) return Status::BadRequest("multipart/form-data without a boundary");

  http::StringBodyReader in_memory(ctx.request.body);
  http::BodyReader& body =
      ctx.request.body_stream != nullptr ? *ctx.request.body_stream : in_memory;
  http::MultipartStream form(body, type->boundary);

  ReceivedUpload upload;
  std::optional<std::string> client_name;
  std::string filename;
  std::string head;
  crypto::Sha256Stream hash;
  files::ActiveContentScan scan;
  std::vector<char> chunk(http::MultipartStream::kBufferBytes);
  const int64_t limit = std::min(max_bytes, ctx.config.max_upload_bytes);

  http::PartHeaders part;
  for (;;) {
    KEEL_ASSIGN_OR_RETURN(bool more, form.NextPart(part));
    if (!more) break;
    if (part.name == "name") {
      if (client_name) return Status::InvalidField("name", "duplicate field \"name\"");
      KEEL_ASSIGN_OR_RETURN(client_name, form.ReadSmallContent(kMaxNameField));
      continue;
    }
    if (part.name != "file") {
      return Status::InvalidField(part.name.substr(0, 64), "unknown field");
    }
    if (upload.object) return Status::InvalidField("file", "duplicate field \"file\"");
    if (!part.filename) return Status::InvalidField("file", "file must be a file part");
    filename = *part.filename;
    KEEL_ASSIGN_OR_RETURN(upload.object, storage.Begin());
    for (;;) {
      KEEL_ASSIGN_OR_RETURN(size_t n, form.ReadContent(chunk.data(), chunk.size()));
      if (n == 0) break;
      std::string_view piece(chunk.data(), n);
      upload.file.size += static_cast<int64_t>(n);
      if (upload.file.size > limit) {
        return TooLarge(limit, limit == ctx.config.max_upload_bytes);
      }
      hash.Update(piece);
      scan.Feed(piece);
      if (head.size() < files::kSniffBytes) {
        head.append(piece.substr(0, files::kSniffBytes - head.size()));
      }
      KEEL_RETURN_IF_ERROR(upload.object->Write(piece));
    }
  }
  if (!upload.object) return Status::InvalidField("file", "file is required");
  if (upload.file.size == 0) return Status::InvalidField("file", "file is empty");

  upload.file.name = files::SanitizeFileName(client_name ? *client_name : filename);
  upload.file.sha256 = hash.FinalHex();
  KEEL_ASSIGN_OR_RETURN(upload.file.content_type, files::SniffMediaType(head));
  KEEL_RETURN_IF_ERROR(files::CheckUpload(upload.file.content_type, allowed_types, scan.found(),
                                          files::ExtensionOf(upload.file.name)));
  return upload;
}

}  // namespace keel::api
