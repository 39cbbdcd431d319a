// AttachmentStore: the SQL of task attachments (table task_attachments). A task and a
// file can only be joined when both are the caller's: the statements say so, and the
// composite foreign keys of sql/006_files.sql say it again.
#pragma once

#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "files/file.h"

namespace keel::files {

// Attaches file `file_id` to task `task_id`, both of `user_id`. NOT_FOUND when the task
// is not the user's; VALIDATION_ERROR (file_id) when the file is not; CONFLICT when it
// is attached already. Returns the file.
StatusOr<File> AttachFile(db::Connection& db, std::string_view user_id, std::string_view task_id,
                          std::string_view file_id);
// NOT_FOUND when the task is not the user's or the file is not attached to it.
Status DetachFile(db::Connection& db, std::string_view user_id, std::string_view task_id,
                  std::string_view file_id);
// One page of the files attached to the task; NOT_FOUND when the task is not the user's.
StatusOr<FilePage> ListAttachments(db::Connection& db, std::string_view user_id,
                                   std::string_view task_id, const db::ListQuery& query);
// Lists of attachments: the files' list spec with its columns qualified.
const db::ListSpec& AttachmentListSpec();

}  // namespace keel::files
