// TimeEntryStore: the SQL of time entries. Every statement is scoped by owner in its
// WHERE clause. The rules live in the schema and come back as field errors:
//   - project_id must name one of the caller's projects: the composite foreign key
//     (project_id, user_id) → projects (id, user_id); a violation (another user's
//     project or none at all, indistinguishably) is VALIDATION_ERROR on project_id;
//   - end_time > start_time (CHECK), and at most 366 days apart: VALIDATION_ERROR on
//     end_time — also for a PATCH that moves only one of the two.
#pragma once

#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "time_entries/time_entry.h"

namespace keel::time_entries {

// Creates an entry for `user_id`; project_id, start_time and end_time must be set.
// May run inside a caller's transaction (webhook deliveries do).
StatusOr<TimeEntry> CreateTimeEntry(db::Connection& db, std::string_view user_id,
                                    const TimeEntryChanges& changes);
// NOT_FOUND unless entry `id` exists and belongs to `user_id`.
StatusOr<TimeEntry> GetTimeEntry(db::Connection& db, std::string_view user_id, std::string_view id);
// Applies the set fields in one UPDATE … WHERE id AND user_id; NOT_FOUND as above.
StatusOr<TimeEntry> UpdateTimeEntry(db::Connection& db, std::string_view user_id,
                                    std::string_view id, const TimeEntryChanges& changes);
Status DeleteTimeEntry(db::Connection& db, std::string_view user_id, std::string_view id);
StatusOr<TimeEntryPage> ListTimeEntries(db::Connection& db, std::string_view user_id,
                                        const db::ListQuery& query);

}  // namespace keel::time_entries
