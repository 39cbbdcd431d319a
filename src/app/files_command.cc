// `keel files sweep [--min-age SECONDS]`: removes what a crash or a failed unlink left in
// the local store — temp files of uploads that never finished, and objects no row of
// `files` names — once they are older than --min-age (default 3600 s, so an upload in
// progress, whose object is renamed into place just before its row is inserted, is never
// taken). Run it from cron or a systemd timer; it prints how many it removed.
#include <charconv>
#include <cstdio>
#include <cstring>

#include "app/commands.h"
#include "db/connection.h"
#include "files/file_store.h"
#include "files/local_storage.h"

namespace keel {

int RunFilesCommand(const Config& config, const std::vector<std::string>& args) {
  int64_t min_age = 3600;
  if (args.empty() || args[0] != "sweep") {
    std::fprintf(stderr, "usage: keel files sweep [--min-age SECONDS]\n");
    return 2;
  }
  if (args.size() == 3 && args[1] == "--min-age") {
    const std::string& v = args[2];
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), min_age);
    if (ec != std::errc() || end != v.data() + v.size() || min_age < 0) {
      std::fprintf(stderr, "keel files sweep: --min-age takes seconds\n");
      return 2;
    }
  } else if (args.size() != 1) {
    std::fprintf(stderr, "usage: keel files sweep [--min-age SECONDS]\n");
    return 2;
  }
  db::Connection db(db::ConnectionOptions{.url = config.database_url, .connect_timeout_ms = 5000});
  if (Status s = db.Connect(); !s.ok()) {
    std::fprintf(stderr, "keel files sweep: cannot connect to the database: %s\n",
                 db.last_error().message.c_str());
    return 1;
  }
  if (config.storage.rfind("local:", 0) != 0) {
    std::fprintf(stderr,
                 "keel files sweep: only a local store (KEEL_STORAGE=local:PATH) is swept\n");
    return 2;
  }
  auto storage = files::LocalStorage::Open(config.storage.substr(std::strlen("local:")));
  if (!storage.ok()) {
    std::fprintf(stderr, "keel files sweep: %s\n", storage.status().message().c_str());
    return 1;
  }
  auto removed = (*storage)->Sweep(
      min_age, [&](std::string_view key) { return files::StorageKeyInUse(db, key); });
  if (!removed.ok()) {
    std::fprintf(stderr, "keel files sweep: %s\n", removed.status().message().c_str());
    return 1;
  }
  std::printf("%d file(s) removed\n", *removed);
  return 0;
}

}  // namespace keel
