// keel: flags and environment → Config → the chosen mode.
//
//   keel serve [--listen unix:PATH|HOST:PORT] [--workers N]   prefork master
//   keel migrate [status]                                    schema migrations
//   keel user create --email E [--admin]                     password from stdin
//   keel files sweep [--min-age SECONDS]                     the store's leftovers
//   keel check-config | version
//   keel            with a FastCGI socket on fd 0: one worker (spawn-fcgi, mod_fcgid)
//   keel            with REQUEST_METHOD set: one plain CGI request
//
// `--config FILE` (KEY=VALUE lines) may appear anywhere; the environment wins.
#include <fcgiapp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/capacity_check.h"
#include "app/commands.h"
#include "app/config.h"
#include "app/version.h"
#include "base/log.h"
#include "crypto/encoding.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "fcgi/cgi_mode.h"
#include "fcgi/master.h"
#include "fcgi/worker.h"

extern char** environ;

namespace {

int Usage() {
  std::fprintf(
      stderr,
      "usage: keel [--config FILE] serve [--listen unix:PATH|HOST:PORT] [--workers N]\n"
      "       keel [--config FILE] migrate [status]\n"
      "       keel [--config FILE] user create --email EMAIL [--admin]  (password on stdin)\n"
      "       keel [--config FILE] files sweep [--min-age SECONDS]\n"
      "       keel [--config FILE] check-config\n"
      "       keel version\n"
      "Run with a FastCGI socket on fd 0 to serve as one worker, or with\n"
      "REQUEST_METHOD set to answer one CGI request.\n");
  return 2;
}

// Prints the one line naming the bad key and returns exit code 2.
int ConfigError(const keel::Status& status) {
  std::fprintf(stderr, "keel: configuration error: %s\n", status.message().c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_path = argv[++i];
    } else if (std::strncmp(argv[i], "--config=", 9) == 0) {
      config_path = argv[i] + 9;
    } else {
      args.emplace_back(argv[i]);
    }
  }
  if (!args.empty() && args[0] == "version") {
    std::printf("keel %s\n", keel::kKeelVersion);
    return 0;
  }

  // Command-line overrides for serve, applied as if they were environment settings.
  if (!args.empty() && args[0] == "serve") {
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--listen" && i + 1 < args.size()) {
        setenv("KEEL_LISTEN", args[++i].c_str(), 1);
      } else if (args[i] == "--workers" && i + 1 < args.size()) {
        setenv("KEEL_WORKERS", args[++i].c_str(), 1);
      } else {
        return Usage();
      }
    }
  }

  auto loaded = keel::LoadConfig(config_path, environ);
  if (!loaded.ok()) return ConfigError(loaded.status());
  keel::Config config = std::move(loaded).value();
  keel::log::Level level = keel::log::Level::kInfo;
  keel::log::ParseLevel(config.log_level, level);
  keel::log::SetLevel(level);
  bool serving = args.empty() || args[0] == "serve";
  if (serving && config.jwt_secret.empty()) {
    // Development only (production refuses to start without one): a per-process
    // secret, shared by the workers forked below; tokens die with the process.
    config.jwt_secret = keel::crypto::HexEncode(keel::crypto::RandomBytes(32));
    keel::log::Warn("JWT_SECRET not set; using a random secret (development only)");
  }

  if (args.empty()) {
    if (FCGX_IsCGI()) {
      if (std::getenv("REQUEST_METHOD") != nullptr) return keel::fcgi::RunCgiRequest(config);
      return Usage();
    }
    return keel::fcgi::RunWorker(0, config);  // spawned with the socket on fd 0
  }
  const std::string& command = args[0];
  if (command == "serve") {
    if (keel::Status room = keel::CheckDatabaseCapacity(config); !room.ok()) {
      return ConfigError(room);
    }
    // The dummy hash that equalises unknown-email logins is made once, before the
    // fork, so no worker's first such login takes twice as long.
    keel::crypto::DummyVerify(keel::crypto::Argon2Params{.memory_kib = config.argon2_memory_kib,
                                                         .time = config.argon2_time});
    return keel::fcgi::RunMaster(config);
  }
  if (command == "check-config") {
    std::printf("configuration ok\n");
    return 0;
  }
  if (command == "migrate") {
    bool status_only = args.size() > 1 && args[1] == "status";
    if (args.size() > 2 || (args.size() == 2 && !status_only)) return Usage();
    return keel::RunMigrateCommand(config, status_only);
  }
  if (command == "files") {
    return keel::RunFilesCommand(config, std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (command == "user" && args.size() >= 2 && args[1] == "create") {
    return keel::RunUserCreateCommand(config,
                                      std::vector<std::string>(args.begin() + 2, args.end()));
  }
  return Usage();
}
