// Tasks (seed 004): a user's to-dos with status, priority, due date and completion,
// optionally in one of the user's projects. Table `tasks`, sql/003_resources.sql.
//
// Lists sort by created_at, updated_at, due_date, priority (low < medium < high, by the
// generated priority_rank) and title; filter by status, priority, completed, project_id,
// title and due_date (also ranges) and created_at/updated_at ranges; q searches the title.
#pragma once

#include <string_view>

#include "resource/resource.h"

namespace keel::tasks {

inline constexpr std::string_view kStatuses[] = {"draft", "active", "archived"};
inline constexpr std::string_view kPriorities[] = {"low", "medium", "high"};

inline constexpr resource::Column kColumns[] = {
    resource::columns::kId,
    resource::columns::kUserId,
    {.name = "project_id",
     .type = resource::Type::kUuid,
     .nullable = true,
     .filterable = true,
     .description = "One of the caller's projects, or null."},
    resource::columns::kTitle,
    resource::columns::LongText("description"),
    {.name = "status",
     .type = resource::Type::kEnum,
     .default_value = "active",
     .values = kStatuses,
     .filterable = true},
    {.name = "priority",
     .type = resource::Type::kEnum,
     .default_value = "medium",
     .values = kPriorities,
     .sortable = true,
     .filterable = true,
     .sort_column = "priority_rank",
     .description = "Sorts low < medium < high."},
    {.name = "due_date",
     .type = resource::Type::kDate,
     .nullable = true,
     .sortable = true,
     .filterable = true,
     .ranged = true},
    {.name = "completed",
     .type = resource::Type::kBool,
     .default_value = "false",
     .filterable = true},
    resource::columns::kCreatedAt,
    resource::columns::kUpdatedAt,
};

inline constexpr db::ConstraintField kConstraints[] = {
    {"tasks_project_fkey", "project_id", "project_id must name one of your projects"},
    {"tasks_title_check", "title", "title is required"},
    {"tasks_description_check", "description", "description is too long"},
    {"tasks_status_check", "status", "status must be one of: draft, active, archived"},
    {"tasks_priority_check", "priority", "priority must be one of: low, medium, high"},
};

inline constexpr resource::Resource kTasks{
    .path = "tasks",
    .table = "tasks",
    .schema = "Task",
    .singular = "task",
    .summary = "A user's to-dos (seed 004).",
    .columns = kColumns,
    .search_column = "title",
    .constraints = kConstraints,
};

}  // namespace keel::tasks
