// The migration runner.
#include "db/migrate.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "base/log.h"
#include "crypto/hash.h"
#include "db/transaction.h"

namespace keel::db {
namespace {

constexpr Statement kCreateTable{"migrate_create_table",
                                 "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 " version text PRIMARY KEY,"
                                 " checksum text NOT NULL,"
                                 " applied_at timestamptz NOT NULL DEFAULT now())"};
// An arbitrary constant that names keel's migration lock.
constexpr Statement kLock{"migrate_lock", "SELECT pg_advisory_lock(7254101)"};
constexpr Statement kUnlock{"migrate_unlock", "SELECT pg_advisory_unlock(7254101)"};
constexpr Statement kApplied{"migrate_applied",
                             "SELECT version, checksum FROM schema_migrations ORDER BY version"};
constexpr Statement kRecord{"migrate_record",
                            "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)"};

bool ValidName(const std::string& name) {
  return name.size() > 8 && std::isdigit(static_cast<unsigned char>(name[0])) &&
         std::isdigit(static_cast<unsigned char>(name[1])) &&
         std::isdigit(static_cast<unsigned char>(name[2])) && name[3] == '_' &&
         name.ends_with(".sql");
}

StatusOr<std::map<std::string, std::string>> AppliedChecksums(Connection& db) {
  KEEL_ASSIGN_OR_RETURN(Result rows, db.Execute(kApplied));
  std::map<std::string, std::string> applied;
  for (int i = 0; i < rows.rows(); ++i) applied[rows.String(i, 0)] = rows.String(i, 1);
  return applied;
}

}  // namespace

StatusOr<std::vector<MigrationFile>> ListMigrations(const std::string& dir) {
  std::unique_ptr<DIR, int (*)(DIR*)> handle(opendir(dir.c_str()), closedir);
  if (!handle) return Status::Internal("cannot open migrations directory " + dir);
  std::vector<MigrationFile> files;
  while (dirent* entry = readdir(handle.get())) {
    std::string name = entry->d_name;
    if (name == "." || name == ".." || !name.ends_with(".sql")) continue;
    if (!ValidName(name)) {
      return Status::Internal("migration file name must be NNN_name.sql: " + name);
    }
    MigrationFile f;
    f.version = name.substr(0, name.size() - 4);
    f.path = dir + "/" + name;
    std::ifstream in(f.path, std::ios::binary);
    if (!in) return Status::Internal("cannot read " + f.path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    f.sql = buffer.str();
    f.checksum = crypto::Sha256Hex(f.sql);
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.version < b.version; });
  return files;
}

StatusOr<std::vector<std::string>> ApplyMigrations(Connection& db, const std::string& dir) {
  KEEL_ASSIGN_OR_RETURN(std::vector<MigrationFile> files, ListMigrations(dir));
  db.set_query_deadline_ms(kLongStatementDeadlineMs);  // large migrations may run long
  KEEL_RETURN_IF_ERROR(db.Execute(kLock).status());
  // The lock is session-level: release it however we leave.
  struct Unlock {
    Connection& db;
    ~Unlock() {
      auto ignored = db.Execute(kUnlock);
      (void)ignored;
    }
  } unlock{db};
  KEEL_RETURN_IF_ERROR(db.Execute(kCreateTable).status());

  KEEL_ASSIGN_OR_RETURN(auto applied, AppliedChecksums(db));
  std::vector<std::string> done;
  for (const MigrationFile& f : files) {
    auto it = applied.find(f.version);
    if (it != applied.end()) {
      if (it->second != f.checksum) {
        return Status::Internal("migration " + f.version +
                                " was changed after it was applied (checksum differs); "
                                "write a new migration instead");
      }
      continue;
    }
    Transaction tx(db);
    KEEL_RETURN_IF_ERROR(tx.Begin());
    Status s = db.ExecuteScript(f.sql);
    if (!s.ok()) {
      return Status::Internal("migration " + f.version + " failed: " + db.last_error().message);
    }
    Params p;
    p.Add(f.version).Add(f.checksum);
    KEEL_RETURN_IF_ERROR(db.Execute(kRecord, p).status());
    KEEL_RETURN_IF_ERROR(tx.Commit());
    log::Info("migration applied", {{"version", f.version}});
    done.push_back(f.version);
  }
  return done;
}

StatusOr<std::vector<MigrationState>> MigrationStatus(Connection& db, const std::string& dir) {
  KEEL_ASSIGN_OR_RETURN(std::vector<MigrationFile> files, ListMigrations(dir));
  KEEL_RETURN_IF_ERROR(db.Execute(kCreateTable).status());
  KEEL_ASSIGN_OR_RETURN(auto applied, AppliedChecksums(db));
  std::vector<MigrationState> states;
  for (const MigrationFile& f : files) {
    auto it = applied.find(f.version);
    MigrationState::State st = it == applied.end()        ? MigrationState::State::kPending
                               : it->second == f.checksum ? MigrationState::State::kApplied
                                                          : MigrationState::State::kModified;
    states.push_back({f.version, st});
    if (it != applied.end()) applied.erase(it);
  }
  for (const auto& [version, checksum] : applied) {
    states.push_back({version, MigrationState::State::kMissingFile});
  }
  return states;
}

}  // namespace keel::db
