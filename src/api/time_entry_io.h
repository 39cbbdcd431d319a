// Time entries ↔ request fields and JSON, shared by the time-entries routes and the
// `time_entry.created` webhook.
#pragma once

#include "api/field_reader.h"
#include "api/resource_util.h"
#include "http/response.h"
#include "time_entries/time_entry.h"

namespace keel::api {

// Reads {project_id, description?, start_time, end_time}: project_id a UUID, start_time
// and end_time RFC 3339 date-times (any offset), all three required (in a PATCH only if
// sent, never null); description ≤ 20000 characters, nullable. end_time > start_time
// and "project_id is one of the caller's projects" are checked by the store (the schema).
time_entries::TimeEntryChanges ReadTimeEntryFields(FieldReader& r, WriteMode mode);

void WriteTimeEntry(http::JsonWriter& w, const time_entries::TimeEntry& entry);

}  // namespace keel::api
