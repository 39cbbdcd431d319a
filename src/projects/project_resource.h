// Projects (seed 002): a user's named groups of time entries (and, optionally, tasks).
// Table `projects`, sql/003_resources.sql. Lists sort by created_at, updated_at and
// title, filter by title and created_at/updated_at ranges; q searches the title.
#pragma once

#include "resource/resource.h"

namespace keel::projects {

inline constexpr resource::Column kColumns[] = {
    resource::columns::kId,        resource::columns::kUserId,
    resource::columns::kTitle,     resource::columns::LongText("description"),
    resource::columns::kCreatedAt, resource::columns::kUpdatedAt,
};

inline constexpr db::ConstraintField kConstraints[] = {
    {"projects_title_check", "title", "title is required"},
    {"projects_description_check", "description", "description is too long"},
};

inline constexpr resource::Resource kProjects{
    .path = "projects",
    .table = "projects",
    .schema = "Project",
    .singular = "project",
    .summary = "A user's projects (seed 002); deleting one deletes its time entries.",
    .columns = kColumns,
    .search_column = "title",
    .constraints = kConstraints,
};

}  // namespace keel::projects
