// Receiving an upload: the multipart body of POST files streamed, part by part, into a
// pending object of the store, hashed (SHA-256) and scanned on the way, then sniffed and
// checked (files/content_check.h). The worker's memory stays fixed whatever the size:
// the body arrives through a BodyReader (http/body_reader.h) and passes through one
// buffer.
//
// The form: a part `file` (a file part, required) and optionally `name` (text, the name
// to keep instead of the part's filename). Refusals: not multipart/form-data → 415; a
// missing, non-file or second `file` part, another field, an empty file → 400
// VALIDATION_ERROR naming the field; a file over KEEL_MAX_UPLOAD_BYTES → 413 naming the
// limit; a truncated body → 400; a type outside KEEL_UPLOAD_TYPES, markup inside, or an
// extension of another type → 415.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/context.h"
#include "files/file.h"
#include "files/storage.h"

namespace keel::api {

struct ReceivedUpload {
  std::unique_ptr<files::PendingObject> object;  // removed unless committed
  files::NewFile file;                           // every field but storage_key
};

// `max_bytes` bounds the file (413 naming KEEL_MAX_UPLOAD_BYTES or, when smaller, the
// route's own limit).
StatusOr<ReceivedUpload> ReceiveUpload(RequestContext& ctx, files::Storage& storage,
                                       const std::vector<std::string>& allowed_types,
                                       int64_t max_bytes);

// The process's store, opened on first use from KEEL_STORAGE.
StatusOr<files::Storage*> StorageOf(const Config& config);

}  // namespace keel::api
