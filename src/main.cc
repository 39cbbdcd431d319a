// keel: flags and environment → Config → the chosen mode.
//
//   keel serve [--listen unix:PATH|HOST:PORT|fd:N] [--workers N]   prefork master
//   keel migrate [status]                                    schema migrations
//   keel jobs [--once]                                       job worker (no pool)
//   keel user create --email E [--admin]                     password from stdin
//   keel files sweep [--min-age SECONDS]                     the store's leftovers
//   keel check-config | config-table | describe-api | version
//   keel            with a FastCGI socket on fd 0: one worker (spawn-fcgi, mod_fcgid)
//   keel            with REQUEST_METHOD set: one plain CGI request
//
// `--config FILE` (KEY=VALUE lines) may appear anywhere; the environment wins.
#include <curl/curl.h>
#include <fcgiapp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/api_description.h"
#include "app/capacity_check.h"
#include "app/commands.h"
#include "app/job_handlers.h"
#include "base/log.h"
#include "base/version.h"
#include "config/config.h"
#include "config/settings.h"
#include "crypto/encoding.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "fcgi/cgi_mode.h"
#include "fcgi/master.h"
#include "fcgi/worker.h"
#include "jobs/job_worker.h"

extern char** environ;

namespace {

constexpr const char* kSynopsis =
    "usage: keel [--config FILE] serve [--listen unix:PATH|HOST:PORT|fd:N] [--workers N]\n"
    "       keel [--config FILE] migrate [status]\n"
    "       keel [--config FILE] jobs [--once]\n"
    "       keel [--config FILE] user create --email EMAIL [--admin]  (password on stdin)\n"
    "       keel [--config FILE] files sweep [--min-age SECONDS]\n"
    "       keel [--config FILE] check-config\n"
    "       keel config-table\n"
    "       keel describe-api\n"
    "       keel version\n"
    "       keel [COMMAND] --help\n"
    "Run with a FastCGI socket on fd 0 to serve as one worker, or with\n"
    "REQUEST_METHOD set to answer one CGI request.\n";

int Usage() {
  std::fputs(kSynopsis, stderr);
  return 2;
}

// `keel --help` and `keel COMMAND --help`: manual pages, printed without reading any
// configuration.
int Help(const std::string& command) {
  if (command == "serve") {
    std::fputs(
        "NAME\n    keel serve - run the prefork FastCGI master and its workers\n\n"
        "SYNOPSIS\n    keel [--config FILE] serve [--listen unix:PATH|HOST:PORT|fd:N] [--workers "
        "N]\n\n"
        "DESCRIPTION\n"
        "    Listens on KEEL_LISTEN (default 127.0.0.1:9000) and forks KEEL_WORKERS workers\n"
        "    (default 4), replacing each after KEEL_MAX_REQUESTS requests (default 10000)\n"
        "    and any that crashes. Put nginx, Apache (mod_proxy_fcgi) or lighttpd in front.\n"
        "    --listen fd:0 serves a socket keel was started with (lighttpd's bin-path).\n\n"
        "SIGNALS\n    SIGTERM/SIGINT stop; SIGHUP replaces the workers; SIGUSR1 reopens a\n"
        "    KEEL_LOG_DEST=file:PATH log (send it to every keel process).\n\n"
        "SEE ALSO\n    docs/deploy/README.md (installed under PREFIX/share/keel/deploy)\n",
        stdout);
  } else if (command == "migrate") {
    std::fputs(
        "NAME\n    keel migrate - apply or list PostgreSQL schema migrations\n\n"
        "SYNOPSIS\n    keel [--config FILE] migrate [status]\n\n"
        "DESCRIPTION\n    Applies the pending migrations of KEEL_SQL_DIR (default sql/, installed\n"
        "    under PREFIX/share/keel/sql) to DATABASE_URL, each in its own transaction;\n"
        "    with status, lists them and changes nothing.\n",
        stdout);
  } else if (command == "jobs") {
    std::fputs(
        "NAME\n    keel jobs - run background jobs: webhook deliveries and mail\n\n"
        "SYNOPSIS\n    keel [--config FILE] jobs [--once]\n\n"
        "DESCRIPTION\n    For hosts where keel does not own the processes (CGI, spawn-fcgi,\n"
        "    mod_fcgid): one job worker on DATABASE_URL's queue, woken by NOTIFY and\n"
        "    polling every KEEL_JOB_POLL_MS. With --once, runs the jobs that are due and\n"
        "    exits (for cron). keel serve runs KEEL_JOB_WORKERS of these itself.\n",
        stdout);
  } else if (command == "user") {
    std::fputs(
        "NAME\n    keel user create - create an account\n\n"
        "SYNOPSIS\n    keel [--config FILE] user create --email EMAIL [--admin]\n\n"
        "DESCRIPTION\n    Reads the password from stdin (without echo on a terminal), never\n"
        "    from the command line.\n",
        stdout);
  } else if (command == "check-config") {
    std::fputs(
        "NAME\n    keel check-config - validate the configuration\n\n"
        "SYNOPSIS\n    keel [--config FILE] check-config\n\n"
        "DESCRIPTION\n    Reads FILE (KEY=VALUE lines) and the environment (which wins), prints\n"
        "    \"configuration ok\" or one line naming the bad key, and exits 0 or 2.\n",
        stdout);
  } else {
    std::fputs("NAME\n    keel - a web API backend as FastCGI workers on PostgreSQL\n\nSYNOPSIS\n",
               stdout);
    std::fputs(kSynopsis, stdout);
    std::fputs(
        "\nCOMMANDS\n"
        "    serve          prefork master and workers on KEEL_LISTEN\n"
        "    migrate        apply (or, with status, list) schema migrations\n"
        "    jobs           run background jobs (webhook deliveries, mail) where keel does not\n"
        "                   own the pool; --once runs what is due and exits (cron)\n"
        "    user create    create an account, password on stdin\n"
        "    files sweep    remove the file store's leftovers (unfinished uploads, objects\n"
        "                   without a row) older than --min-age seconds\n"
        "    check-config   validate the configuration and exit\n"
        "    config-table   print every setting, its default and meaning (Markdown)\n"
        "    describe-api   print the routes and declared resources as JSON (the source of\n"
        "                   docs/openapi.yaml)\n"
        "    version        print the version\n"
        "    (none)         one worker on the FastCGI socket on fd 0 (spawn-fcgi, mod_fcgid,\n"
        "                   lighttpd; no recycling unless KEEL_MAX_REQUESTS is set), or one CGI\n"
        "                   request when REQUEST_METHOD is set\n\n"
        "CONFIGURATION\n"
        "    --config FILE holds KEY=VALUE lines; the environment wins over it. Required:\n"
        "    DATABASE_URL; JWT_SECRET (32+ bytes) when KEEL_ENV=production. Logs: KEEL_LOG_DEST\n"
        "    = stderr (default) | file:PATH | syslog, KEEL_LOG_LEVEL = debug|info|warn|error.\n"
        "    Every setting is listed in README.md (installed under PREFIX/share/doc/keel).\n\n"
        "Run keel COMMAND --help for a command's page.\n",
        stdout);
  }
  return 0;
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
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h" || a == "help") {
      return Help(args[0] == a ? std::string() : args[0]);
    }
  }
  // A bare `keel` on a terminal (no FastCGI socket on fd 0, no CGI request): the usage,
  // not a configuration error.
  if (args.empty() && FCGX_IsCGI() && std::getenv("REQUEST_METHOD") == nullptr) return Usage();
  if (!args.empty() && args[0] == "version") {
    std::printf("keel %s\n", keel::kKeelVersion);
    return 0;
  }
  if (!args.empty() && args[0] == "config-table") {  // the README's table of settings
    std::fputs(keel::SettingsMarkdownTable().c_str(), stdout);
    return 0;
  }
  if (!args.empty() && args[0] == "describe-api") {  // the source of docs/openapi.yaml
    std::fputs(keel::DescribeApi().c_str(), stdout);
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

  curl_global_init(CURL_GLOBAL_DEFAULT);  // once, before any fork (outbound webhooks, mail)
  auto loaded = keel::LoadConfig(config_path, environ);
  if (!loaded.ok()) return ConfigError(loaded.status());
  keel::Config config = std::move(loaded).value();
  keel::log::Level level = keel::log::Level::kInfo;
  keel::log::ParseLevel(config.log_level, level);
  // Started by a web server (a CGI request, or a worker on the socket it passed as fd 0:
  // mod_cgi, mod_fcgid, lighttpd, spawn-fcgi), keel's stderr is the server's error log,
  // where every line reads as an error: without KEEL_LOG_DEST, only warnings and errors
  // are written there.
  if (args.empty() && config.log_dest.empty() && level < keel::log::Level::kWarn) {
    level = keel::log::Level::kWarn;
  }
  keel::log::SetLevel(level);
  if (!config.log_dest.empty()) {
    std::string why;
    if (!keel::log::SetDestination(config.log_dest, why)) {
      return ConfigError(keel::Status::BadRequest("KEEL_LOG_DEST: " + why));
    }
  }
  if (!args.empty() && args[0] == "check-config" && !config.unknown_keys.empty()) {
    return ConfigError(keel::Status::BadRequest(config.unknown_keys.front() +
                                                ": no such setting (see keel config-table)"));
  }
  for (const std::string& key : config.unknown_keys) {
    keel::log::Warn("unknown setting ignored", {{"key", key}});
  }
  bool serving = args.empty() || args[0] == "serve";
  if (serving && config.jwt_secret.empty()) {
    // Development only (production refuses to start without one): a per-process
    // secret, shared by the workers forked below; tokens die with the process.
    config.jwt_secret = keel::crypto::HexEncode(keel::crypto::RandomBytes(32));
    keel::log::Warn("JWT_SECRET not set; using a random secret (development only)");
  }

  if (args.empty()) {
    if (FCGX_IsCGI()) return keel::fcgi::RunCgiRequest(config);  // REQUEST_METHOD is set
    return keel::fcgi::RunInheritedWorker(config);               // spawned with the socket on fd 0
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
  if (command == "jobs") {
    bool once = args.size() == 2 && args[1] == "--once";
    if (args.size() > 2 || (args.size() == 2 && !once)) return Usage();
    return keel::jobs::RunJobWorker(config, keel::DefaultJobHandlers(config), once);
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
