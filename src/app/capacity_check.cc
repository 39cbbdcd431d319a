// CheckDatabaseCapacity: compares KEEL_WORKERS with the connections PostgreSQL has left.
#include "app/capacity_check.h"

#include <string>

#include "base/log.h"
#include "db/connection.h"

namespace keel {
namespace {

constexpr db::Statement kRoom{
    "capacity_room",
    "SELECT current_setting('max_connections')::int,"
    " current_setting('max_connections')::int"
    " - current_setting('superuser_reserved_connections')::int"
    " - (SELECT count(*) FROM pg_stat_activity"
    "    WHERE backend_type = 'client backend' AND pid <> pg_backend_pid())::int"};

}  // namespace

Status CheckDatabaseCapacity(const Config& config) {
  db::Connection db(db::ConnectionOptions{
      .url = config.database_url, .connect_timeout_ms = 2000, .prepared = false});
  if (!db.Connect().ok()) {
    log::Warn("database not reachable at start; workers will keep retrying");
    return Status::Ok();
  }
  auto room = db.Execute(kRoom);
  if (!room.ok()) return Status::Ok();
  int64_t max_connections = room->Int64(0, 0);
  int64_t available = room->Int64(0, 1) + 1;  // this check's own connection closes now
  int64_t pool =
      config.workers + (config.auth_listen.empty() ? 0 : config.auth_workers) + config.job_workers;
  int64_t needed = pool + 1;  // + 1 for a SIGHUP replacement
  if (needed > available) {
    return Status::BadRequest("KEEL_WORKERS: " + std::to_string(config.workers) + " workers need " +
                              std::to_string(needed) + " PostgreSQL connections but only " +
                              std::to_string(available) +
                              " are free (max_connections=" + std::to_string(max_connections) +
                              "); lower KEEL_WORKERS or raise max_connections");
  }
  return Status::Ok();
}

}  // namespace keel
