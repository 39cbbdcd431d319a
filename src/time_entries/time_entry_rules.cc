// The time entries' rule hook (time_entries/time_entry_resource.h).
#include "time_entries/time_entry_resource.h"

namespace keel::time_entries {

Status MapTimeError(const db::Connection& db, Status status) {
  if (status.code() == ErrorCode::kBadRequest && db.last_error().sqlstate.starts_with("22")) {
    return Status::InvalidField("end_time", "start_time and end_time must be a valid range");
  }
  return status;
}

}  // namespace keel::time_entries
