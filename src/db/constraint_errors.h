// Turning a violated constraint back into the request field it concerns.
//
// The schema names its constraints (sql/003_resources.sql) and PostgreSQL reports the
// name of the one a write violated (Connection::last_error().constraint). A store lists
// which constraint means which field, so the client gets VALIDATION_ERROR on
// `project_id` rather than a generic "invalid value" — while the database, not a
// lookup before the write, stays what enforces the rule.
#pragma once

#include <span>
#include <string_view>

#include "base/status.h"
#include "db/connection.h"

namespace keel::db {

struct ConstraintField {
  std::string_view constraint;
  std::string_view field;
  std::string_view message;
};

// If `status` is an error and the connection's last error named one of `map`'s
// constraints, a VALIDATION_ERROR for that field; otherwise `status` unchanged.
Status MapConstraint(const Connection& db, Status status, std::span<const ConstraintField> map);

}  // namespace keel::db
