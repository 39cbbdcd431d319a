// `keel migrate [status]`.
#include <cstdio>

#include "app/commands.h"
#include "db/connection.h"
#include "db/migrate.h"

namespace keel {

int RunMigrateCommand(const Config& config, bool status_only) {
  db::Connection db(db::ConnectionOptions{
      .url = config.database_url, .statement_timeout_ms = 0, .connect_timeout_ms = 5000});
  if (Status s = db.Connect(); !s.ok()) {
    std::fprintf(stderr, "keel migrate: cannot connect to the database: %s\n",
                 db.last_error().message.c_str());
    return 1;
  }
  if (status_only) {
    auto states = db::MigrationStatus(db, config.sql_dir);
    if (!states.ok()) {
      std::fprintf(stderr, "keel migrate: %s\n", states.status().message().c_str());
      return 1;
    }
    int problems = 0;
    for (const db::MigrationState& m : *states) {
      const char* name = "applied";
      switch (m.state) {
        case db::MigrationState::State::kApplied:
          break;
        case db::MigrationState::State::kPending:
          name = "pending";
          break;
        case db::MigrationState::State::kModified:
          name = "MODIFIED AFTER APPLY";
          ++problems;
          break;
        case db::MigrationState::State::kMissingFile:
          name = "applied, file missing";
          ++problems;
          break;
      }
      std::printf("%-40s %s\n", m.version.c_str(), name);
    }
    return problems == 0 ? 0 : 1;
  }
  auto applied = db::ApplyMigrations(db, config.sql_dir);
  if (!applied.ok()) {
    std::fprintf(stderr, "keel migrate: %s\n", applied.status().message().c_str());
    return 1;
  }
  std::printf("%zu migration(s) applied\n", applied->size());
  return 0;
}

}  // namespace keel
