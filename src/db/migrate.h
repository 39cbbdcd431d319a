// Migrations: applies sql/NNN_name.sql files in order, each in its own transaction,
// recording version and SHA-256 checksum in schema_migrations. A session-level
// advisory lock serialises concurrent runs (two deploys at once are safe: the
// second waits, then finds nothing to do). An already-applied file whose checksum
// changed is refused loudly: migrations are append-only.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "db/connection.h"

namespace keel::db {

struct MigrationFile {
  std::string version;  // "001_init"
  std::string path;
  std::string checksum;  // hex SHA-256 of the file's bytes
  std::string sql;
};

struct MigrationState {
  std::string version;
  enum class State { kApplied, kPending, kModified, kMissingFile } state;
};

// Lists NNN_*.sql in `dir`, sorted by name. Fails on unreadable files or names that
// do not start with three digits and an underscore.
StatusOr<std::vector<MigrationFile>> ListMigrations(const std::string& dir);

// Applies every pending migration. Returns the versions applied now.
StatusOr<std::vector<std::string>> ApplyMigrations(Connection& db, const std::string& dir);

// Compares the files with schema_migrations without changing anything.
StatusOr<std::vector<MigrationState>> MigrationStatus(Connection& db, const std::string& dir);

}  // namespace keel::db
