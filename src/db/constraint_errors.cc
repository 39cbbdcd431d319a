// Constraint name → field error.
#include "db/constraint_errors.h"

#include <string>

namespace keel::db {

Status MapConstraint(const Connection& db, Status status, std::span<const ConstraintField> map) {
  // Only failures that came from a statement's constraint (23xxx) can be mapped; others
  // (connection lost, timeouts) must not pick up a stale name from an earlier failure.
  ErrorCode code = status.code();
  if (code != ErrorCode::kValidation && code != ErrorCode::kBadRequest &&
      code != ErrorCode::kConflict) {
    return status;
  }
  const std::string& name = db.last_error().constraint;
  if (name.empty()) return status;
  for (const ConstraintField& c : map) {
    if (c.constraint == name) {
      return Status::InvalidField(std::string(c.field), std::string(c.message));
    }
  }
  return status;
}

}  // namespace keel::db
