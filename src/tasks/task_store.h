// TaskStore: the SQL of tasks. Every statement is scoped by owner in its WHERE clause,
// and a task's project_id can only name a project of the same user: the composite
// foreign key (project_id, user_id) → projects (id, user_id) enforces it, and a
// violation is a VALIDATION_ERROR on project_id (the same for another user's project
// and a project that does not exist, so nothing is revealed).
#pragma once

#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "tasks/task.h"

namespace keel::tasks {

// Creates a task for `user_id`: `changes.title` must be set; unset fields get their
// defaults. May run inside a caller's transaction (webhook deliveries do).
StatusOr<Task> CreateTask(db::Connection& db, std::string_view user_id, const TaskChanges& changes);
// NOT_FOUND unless task `id` exists and belongs to `user_id`.
StatusOr<Task> GetTask(db::Connection& db, std::string_view user_id, std::string_view id);
// Applies the set fields in one UPDATE … WHERE id AND user_id; NOT_FOUND as above.
StatusOr<Task> UpdateTask(db::Connection& db, std::string_view user_id, std::string_view id,
                          const TaskChanges& changes);
Status DeleteTask(db::Connection& db, std::string_view user_id, std::string_view id);
StatusOr<TaskPage> ListTasks(db::Connection& db, std::string_view user_id,
                             const db::ListQuery& query);

}  // namespace keel::tasks
