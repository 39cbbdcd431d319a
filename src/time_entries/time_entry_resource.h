// Time entries (seed 002): a span of work on one of the user's projects. Table
// `time_entries`, sql/003_resources.sql. The duration is derived by the database (whole
// minutes, rounded down) and never written; the end must be after the start and at most
// 366 days later (constraints, reported on end_time).
//
// Lists sort by start_time, end_time, duration_minutes, created_at and updated_at; filter
// by project_id and duration_minutes, with ranges on the times and the duration; q
// searches the description.
#pragma once

#include "resource/resource.h"

namespace keel::time_entries {

inline constexpr resource::Column kColumns[] = {
    resource::columns::kId,
    resource::columns::kUserId,
    {.name = "project_id",
     .type = resource::Type::kUuid,
     .required = true,
     .filterable = true,
     .description = "One of the caller's projects."},
    resource::columns::LongText("description"),
    {.name = "start_time",
     .type = resource::Type::kTimestamp,
     .required = true,
     .sortable = true,
     .ranged = true},
    {.name = "end_time",
     .type = resource::Type::kTimestamp,
     .required = true,
     .sortable = true,
     .ranged = true,
     .description = "After start_time, at most 366 days later."},
    {.name = "duration_minutes",
     .type = resource::Type::kInteger,
     .writable = false,
     .sortable = true,
     .filterable = true,
     .ranged = true,
     .description = "Whole minutes from start_time to end_time (rounded down)."},
    resource::columns::kCreatedAt,
    resource::columns::kUpdatedAt,
};

inline constexpr db::ConstraintField kConstraints[] = {
    {"time_entries_project_fkey", "project_id", "project_id must name one of your projects"},
    {"time_entries_end_after_start", "end_time", "end_time must be after start_time"},
    {"time_entries_duration_max", "end_time", "end_time must be at most 366 days after start_time"},
    {"time_entries_description_check", "description", "description is too long"},
};

// Timestamps PostgreSQL cannot represent, or a duration past what a column holds (22xxx,
// no constraint to name), are still about the times the client sent.
Status MapTimeError(const db::Connection& db, Status status);

inline constexpr resource::Resource kTimeEntries{
    .path = "time-entries",
    .table = "time_entries",
    .schema = "TimeEntry",
    .singular = "time_entry",
    .summary = "Spans of work on a project (seed 002).",
    .columns = kColumns,
    .search_column = "description",
    .constraints = kConstraints,
    .map_error = MapTimeError,
};

}  // namespace keel::time_entries
