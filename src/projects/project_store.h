// ProjectStore: the SQL of projects. Every statement is scoped by owner in its WHERE
// clause (id AND user_id), so another user's project is simply not found.
#pragma once

#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "projects/project.h"

namespace keel::projects {

// Creates a project for `user_id`; `changes.title` must be set (description may be
// unset = null). VALIDATION_ERROR from the schema's checks.
StatusOr<Project> CreateProject(db::Connection& db, std::string_view user_id,
                                const ProjectChanges& changes);
// NOT_FOUND unless project `id` exists and belongs to `user_id`.
StatusOr<Project> GetProject(db::Connection& db, std::string_view user_id, std::string_view id);
// Applies the set fields (one UPDATE … WHERE id AND user_id); NOT_FOUND as above.
StatusOr<Project> UpdateProject(db::Connection& db, std::string_view user_id, std::string_view id,
                                const ProjectChanges& changes);
// Deletes the project and (ON DELETE CASCADE) its time entries; its tasks keep existing
// without a project. NOT_FOUND as above.
Status DeleteProject(db::Connection& db, std::string_view user_id, std::string_view id);
// One page of the user's projects.
StatusOr<ProjectPage> ListProjects(db::Connection& db, std::string_view user_id,
                                   const db::ListQuery& query);

}  // namespace keel::projects
