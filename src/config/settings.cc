// The rows of the settings table and the row makers (see settings.h).
#include "config/settings.h"

#include "base/log.h"

#include <cctype>
#include <charconv>
#include <sstream>

namespace keel {
namespace {

Status KeyError(const std::string& key, const std::string& why) {
  return Status::BadRequest(key + ": " + why);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

Status ParseInt(const std::string& key, const std::string& text, int64_t min, int64_t max,
                int64_t& out) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return KeyError(key, "must be an integer, got \"" + text.substr(0, 32) + "\"");
  }
  if (v < min || v > max) {
    return KeyError(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  out = v;
  return Status::Ok();
}

bool ValidOrigin(const std::string& origin) {
  if (origin.rfind("https://", 0) != 0 && origin.rfind("http://", 0) != 0) return false;
  size_t host = origin.find("://") + 3;
  if (host >= origin.size()) return false;
  if (origin.find('/', host) != std::string::npos) return false;  // no path
  for (char c : origin) {
    if (c <= ' ' || c == '*' || c == ',' || c >= 127) return false;
  }
  return true;
}

Status ValidateListen(const std::string& key, const std::string& listen) {
  if (listen.rfind("fd:", 0) == 0) {  // an inherited listening socket
    int64_t fd = -1;
    return ParseInt(key + " fd", listen.substr(3), 0, 1023, fd);
  }
  if (listen.rfind("unix:", 0) == 0) {
    if (listen.size() <= 5 || listen.size() - 5 >= 108) {
      return KeyError(key, "unix socket path must be 1-107 bytes");
    }
    return Status::Ok();
  }
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return KeyError(key, "must be unix:PATH or HOST:PORT");
  }
  int64_t port = 0;
  return ParseInt(key, listen.substr(colon + 1), 1, 65535, port);
}

std::string Code(const std::string& text) { return "`" + text + "`"; }

// A default shown as `value`, or — when empty.
std::string ShownText(const std::string& value) { return value.empty() ? "—" : Code(value); }

using Shown = const char*;  // nullptr: print the Config{} default

std::function<std::string(const Config&)> ShowFixed(Shown shown,
                                                    std::function<std::string(const Config&)> f) {
  if (shown != nullptr) return [text = std::string(shown)](const Config&) { return text; };
  return f;
}

// ---- row makers -------------------------------------------------------------------------

Setting Text(const char* key, std::string Config::*member, const char* meaning,
             Shown shown = nullptr) {
  return {key,
          [member](const std::string& v, Config& c) {
            c.*member = v;
            return Status::Ok();
          },
          ShowFixed(shown, [member](const Config& d) { return ShownText(d.*member); }), meaning};
}

template <typename T>
Setting Integer(const char* key, T Config::*member, int64_t min, int64_t max, const char* meaning,
                Shown shown = nullptr) {
  return {key,
          [key, member, min, max](const std::string& v, Config& c) {
            int64_t n = 0;
            KEEL_RETURN_IF_ERROR(ParseInt(key, v, min, max, n));
            c.*member = static_cast<T>(n);
            return Status::Ok();
          },
          ShowFixed(shown,
                    [member](const Config& d) { return Code(std::to_string(int64_t(d.*member))); }),
          meaning};
}

Setting Flag(const char* key, bool Config::*member, const char* meaning) {
  return {key,
          [key, member](const std::string& v, Config& c) {
            if (v == "1" || v == "on" || v == "true" || v == "yes") {
              c.*member = true;
            } else if (v == "0" || v == "off" || v == "false" || v == "no") {
              c.*member = false;
            } else {
              return KeyError(key, "must be on|off|true|false|1|0");
            }
            return Status::Ok();
          },
          [member](const Config& d) { return Code(d.*member ? "on" : "off"); }, meaning};
}

// One of `words`.
Setting OneOf(const char* key, std::string Config::*member, std::vector<std::string> words,
              const char* meaning) {
  std::string alternatives;
  for (const std::string& w : words) alternatives += (alternatives.empty() ? "" : "|") + w;
  return {key,
          [key, member, words, alternatives](const std::string& v, Config& c) {
            for (const std::string& w : words) {
              if (v == w) {
                c.*member = v;
                return Status::Ok();
              }
            }
            return KeyError(key, "must be " + alternatives);
          },
          [member](const Config& d) { return ShownText(d.*member); }, meaning};
}

Setting Listen(const char* key, std::string Config::*member, const char* meaning) {
  return {key,
          [key, member](const std::string& v, Config& c) {
            // An empty value switches an optional socket off (the default of those).
            if (!v.empty() || !(Config{}.*member).empty()) {
              KEEL_RETURN_IF_ERROR(ValidateListen(key, v));
            }
            c.*member = v;
            return Status::Ok();
          },
          [member](const Config& d) { return ShownText(d.*member); }, meaning};
}

Setting Origin(const char* key, std::string Config::*member, const char* meaning) {
  return {key,
          [key, member](const std::string& v, Config& c) {
            if (!v.empty() && !ValidOrigin(v)) {
              return KeyError(key, "must be an origin like https://host[:port]");
            }
            c.*member = v;
            return Status::Ok();
          },
          [member](const Config& d) { return ShownText(d.*member); }, meaning};
}

// A comma list whose items (trimmed, empty ones skipped) `valid` accepts; a bad item is
// named with `expected` ("\"x\" is not …"); an empty list is refused with `when_empty`
// unless that is nullptr.
Setting List(const char* key, std::vector<std::string> Config::*member,
             bool (*valid)(const std::string&), const char* expected, const char* when_empty,
             std::function<std::string(const Config&)> shown, const char* meaning) {
  return {key,
          [key, member, valid, expected, when_empty](const std::string& v, Config& c) {
            std::vector<std::string> out;
            std::stringstream ss(v);
            std::string item;
            while (std::getline(ss, item, ',')) {
              item = Trim(item);
              if (item.empty()) continue;
              if (!valid(item)) {
                return KeyError(key, "\"" + item.substr(0, 64) + "\" is not " + expected);
              }
              out.push_back(item);
            }
            if (when_empty != nullptr && out.empty()) return KeyError(key, when_empty);
            c.*member = std::move(out);
            return Status::Ok();
          },
          std::move(shown), meaning};
}

Setting OriginList(const char* key, std::vector<std::string> Config::*member, const char* meaning) {
  return List(
      key, member, ValidOrigin, "an origin like https://host[:port]", /*when_empty=*/nullptr,
      [](const Config&) { return std::string("—"); }, meaning);
}

Setting Secret(const char* key, std::string Config::*member, const char* meaning,
               Shown shown = nullptr) {
  return {key,
          [key, member](const std::string& v, Config& c) {
            if (!v.empty() && v.size() < 32) return KeyError(key, "must be at least 32 bytes");
            c.*member = v;
            return Status::Ok();
          },
          ShowFixed(shown, [](const Config&) { return std::string("—"); }), meaning};
}

// Text checked by `valid`; `expected` says what it must be.
Setting Checked(const char* key, std::string Config::*member, bool (*valid)(std::string_view),
                const char* expected, const char* meaning, Shown shown = nullptr) {
  return {key,
          [key, member, valid, expected](const std::string& v, Config& c) {
            if (!valid(v)) return KeyError(key, std::string("must be ") + expected);
            c.*member = v;
            return Status::Ok();
          },
          ShowFixed(shown, [member](const Config& d) { return ShownText(d.*member); }), meaning};
}

bool ValidSmtpUrl(std::string_view url) {
  return url.empty() || url.starts_with("smtp://") || url.starts_with("smtps://");
}

bool ValidMailFrom(std::string_view from) {
  return from.find('@') != std::string_view::npos &&
         from.find_first_of("\r\n") == std::string_view::npos && from.size() <= 255;
}

bool ValidStorage(std::string_view v) {
  return (v.starts_with("local:") && v.size() > 6) || v.starts_with("webdav:http://") ||
         v.starts_with("webdav:https://");
}

bool ValidMediaType(const std::string& t) {
  size_t slash = t.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < t.size();
  for (char ch : t) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '.' ||
                ch == '+' || ch == '-');
  }
  return ok;
}

// A comma list of media types (type/subtype), at least one.
Setting MediaTypeList(const char* key, std::vector<std::string> Config::*member,
                      const char* meaning) {
  return List(
      key, member, ValidMediaType, "type/subtype", "must name a media type",
      [member](const Config& d) {
        std::string list;
        for (const std::string& t : d.*member) list += (list.empty() ? "" : ",") + t;
        return Code(list);
      },
      meaning);
}

// KEEL_ENV: development | production, kept as Config::production.
Setting Environment(const char* key, const char* meaning) {
  return {key,
          [key](const std::string& v, Config& c) {
            if (v == "production") {
              c.production = true;
            } else if (v == "development") {
              c.production = false;
            } else {
              return KeyError(key, "must be development|production");
            }
            return Status::Ok();
          },
          [](const Config& d) { return Code(d.production ? "production" : "development"); },
          meaning};
}

}  // namespace

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      Text("DATABASE_URL", &Config::database_url,
           "libpq URI, e.g. `postgresql://keel@/keel?host=/run/postgresql`", "— (required)"),
      Secret("JWT_SECRET", &Config::jwt_secret, "HS256 key, at least 32 bytes",
             "— (required in production)"),
      Secret("JWT_SECRET_PREVIOUS", &Config::jwt_secret_previous,
             "previous key, still accepted for verification (rotation)"),
      Text("KEEL_JWT_ISSUER", &Config::jwt_issuer, "`iss` of the tokens keel issues and accepts"),
      Text("KEEL_JWT_AUDIENCE", &Config::jwt_audience,
           "`aud` of the tokens keel issues and accepts"),
      Environment("KEEL_ENV", "`development` or `production`"),
      Listen("KEEL_LISTEN", &Config::listen,
             "`unix:PATH` (mode 0660), `HOST:PORT`, or `fd:N`: a listening socket keel was "
             "started with (lighttpd's `bin-path`)"),
      Text("KEEL_SOCKET_GROUP", &Config::socket_group,
           "group given the unix socket (nginx's workers' group)"),
      Integer("KEEL_WORKERS", &Config::workers, 1, 256, "worker processes"),
      Listen("KEEL_AUTH_LISTEN", &Config::auth_listen,
             "a second socket for the sign-in routes, served by a pool of its own (`make run` "
             "sets it; nginx routes login, register, refresh and password change there)"),
      Integer("KEEL_AUTH_WORKERS", &Config::auth_workers, 1, 64, "workers of that sign-in pool"),
      Integer("KEEL_AUTH_NICE", &Config::auth_nice, 0, 19,
              "CPU priority (nice, 0–19) of the sign-in pool, like php-fpm's "
              "`process.priority`: password hashing yields the cores to the rest of the API"),
      Integer("KEEL_API_RESERVED_CPUS", &Config::api_reserved_cpus, 0, 1024,
              "CPUs kept free of password hashing: the sign-in pool runs on the others (on all "
              "of them when none would be left)"),
      Integer("KEEL_MAX_REQUESTS", &Config::max_requests, 0, int64_t{1} << 40,
              "recycle a worker after this many requests (0 = never); see \"Deploying\"",
              "`10000` (`keel serve`); not set: never, for a worker on a socket passed as fd 0"),
      Integer("KEEL_REQUEST_TIMEOUT_MS", &Config::request_timeout_ms, 100, 600000,
              "watchdog: a request busy longer gets its worker killed"),
      Integer("KEEL_STATEMENT_TIMEOUT_MS", &Config::statement_timeout_ms, 10, 600000,
              "PostgreSQL `statement_timeout`; a worker gives up on a server that has not "
              "answered 5 s after it"),
      Integer("KEEL_LOCK_TIMEOUT_MS", &Config::lock_timeout_ms, 10, 600000,
              "PostgreSQL `lock_timeout`"),
      Integer("KEEL_IDLE_IN_TRANSACTION_TIMEOUT_MS", &Config::idle_in_transaction_timeout_ms, 100,
              3600000, "PostgreSQL `idle_in_transaction_session_timeout`"),
      Integer("KEEL_MAX_BODY_BYTES", &Config::max_body_bytes, 1024, 64 << 20,
              "larger bodies get 413 (nginx's `client_max_body_size` matches)"),
      OriginList("KEEL_CORS_ORIGINS", &Config::cors_origins,
                 "comma list of origins allowed cross-origin with credentials"),
      Origin("KEEL_PUBLIC_ORIGIN", &Config::public_origin,
             "the site's own origin, for the `Origin` check of cookie requests"),
      Integer("KEEL_ACCESS_TTL", &Config::access_ttl_seconds, 30, 86400,
              "access token lifetime, seconds"),
      Integer("KEEL_REFRESH_TTL", &Config::refresh_ttl_seconds, 60, 90 * 86400,
              "refresh token lifetime, seconds"),
      Integer("KEEL_REFRESH_REUSE_WINDOW", &Config::refresh_reuse_window_seconds, 0, 300,
              "seconds a rotated refresh token still returns its successor"),
      Integer("KEEL_SESSION_ABSOLUTE_TTL", &Config::session_absolute_ttl_seconds, 60, 365 * 86400,
              "seconds after sign-in a session ends however often it is refreshed"),
      Integer("KEEL_LOGIN_THROTTLE_WINDOW", &Config::login_throttle_window_seconds, 1, 86400,
              "seconds of the failed-login window"),
      Integer("KEEL_LOGIN_MAX_FAILURES_ACCOUNT", &Config::login_max_failures_account, 1, 1000000,
              "failed logins of one email in a window before 429"),
      Integer("KEEL_LOGIN_MAX_FAILURES_IP", &Config::login_max_failures_ip, 1, 1000000,
              "failed logins from one IP in a window before 429"),
      Integer("KEEL_ARGON2_MEMORY_KIB", &Config::argon2_memory_kib, 19456, 4 << 20,
              "Argon2id memory in KiB (19 MiB; never below the OWASP minimum of 19456)"),
      Integer("KEEL_ARGON2_TIME", &Config::argon2_time, 2, 64, "Argon2id passes"),
      Integer("KEEL_HASH_CONCURRENCY", &Config::hash_concurrency, 0, 256,
              "password hashes computed at once across all workers; a sign-in finding none "
              "free within 250 ms gets 503 + `Retry-After`",
              "CPUs − 1 (at least 1)"),
      OneOf("KEEL_LOG_LEVEL", &Config::log_level, {"debug", "info", "warn", "error"},
            "`debug`, `info`, `warn`, `error`"),
      Checked("KEEL_LOG_DEST", &Config::log_dest, log::ValidDestination,
              "stderr, syslog or file:PATH",
              "`stderr`, `file:PATH` (reopened on SIGUSR1, for logrotate) or `syslog`. Not set "
              "and started by a web server (CGI, or a worker on fd 0), keel writes only "
              "warnings and errors to stderr, which is the server's error log",
              "`stderr`"),
      Flag("KEEL_DB_PREPARED", &Config::db_prepared,
           "`off` uses unnamed statements (PgBouncer transaction mode)"),
      Text("KEEL_DATABASE_READ_URL", &Config::database_read_url,
           "a streaming replica for the time report, the metrics summary and the dashboard's "
           "counts ([docs/scaling.md](docs/scaling.md))"),
      Integer("KEEL_REPLICA_MAX_LAG_MS", &Config::replica_max_lag_ms, 0, 3600000,
              "the replica is used only while at most this far behind (checked once a second "
              "per worker), else the primary"),
      Text("KEEL_OIDC_PROVIDERS", &Config::oidc_provider_names,
           "comma list of OpenID Connect providers for \"Sign in with …\" (e.g. "
           "`google,apple`); each NAME has its own `KEEL_OIDC_<NAME>_*` keys, see \"Sign in "
           "with Google, Apple or any OpenID provider\""),
      Text("KEEL_OIDC_CA_FILE", &Config::oidc_ca_file,
           "CA bundle for the providers' TLS certificates (default: the system's)"),
      Integer("KEEL_OIDC_TIMEOUT_MS", &Config::oidc_timeout_ms, 100, 9000,
              "all of one sign-in's calls to a provider together (under nginx's 10 s read "
              "timeout)"),
      Integer("KEEL_JOB_WORKERS", &Config::job_workers, 0, 64,
              "job workers `keel serve` forks and supervises (webhook deliveries, mail); 0: "
              "none, run `keel jobs` instead"),
      Integer("KEEL_JOB_LEASE_MS", &Config::job_lease_ms, 1000, 3600000,
              "a claimed job whose worker died runs again after this long"),
      Integer("KEEL_JOB_POLL_MS", &Config::job_poll_ms, 50, 600000,
              "idle job workers look for due jobs this often besides being woken by NOTIFY"),
      Integer("KEEL_JOB_BACKOFF_MS", &Config::job_backoff_ms, 10, 3600000,
              "first retry delay of a failed job (doubles each time, ±50 % jitter, at most 1 h)"),
      Integer("KEEL_JOB_MAX_ATTEMPTS", &Config::job_max_attempts, 1, 100,
              "attempts before a job is `dead` (kept for inspection)"),
      Integer("KEEL_WEBHOOK_TIMEOUT_MS", &Config::webhook_timeout_ms, 100, 120000,
              "one outbound webhook delivery attempt (below `KEEL_JOB_LEASE_MS`)"),
      Flag("KEEL_WEBHOOK_ALLOW_PRIVATE", &Config::webhook_allow_private,
           "allow webhook URLs on loopback and private addresses (tests, intranets); "
           "link-local and metadata addresses are refused always"),
      Integer("KEEL_WEBHOOK_DISABLE_AFTER", &Config::webhook_disable_after, 1, 10000,
              "failed attempts in a row after which a subscription is disabled"),
      Checked("KEEL_SMTP_URL", &Config::smtp_url, ValidSmtpUrl,
              "smtp://HOST[:PORT] or smtps://HOST[:PORT]",
              "mail server: `smtp://` (STARTTLS required unless on loopback) or `smtps://`; "
              "not set: mail is written as `.eml` files into `KEEL_MAIL_DIR`"),
      Text("KEEL_SMTP_USER", &Config::smtp_user, "SMTP user name"),
      Text("KEEL_SMTP_PASSWORD", &Config::smtp_password, "SMTP password (never logged)"),
      Text("KEEL_MAIL_DIR", &Config::mail_dir,
           "where mail goes as `.eml` files without `KEEL_SMTP_URL` (`make run`: `var/mail`)"),
      Checked("KEEL_MAIL_FROM", &Config::mail_from, ValidMailFrom,
              "an address like \"keel <noreply@example.com>\"", "the From of keel's mail"),
      Integer("KEEL_RESET_TTL", &Config::reset_ttl_seconds, 60, 7 * 86400,
              "seconds a password-reset, verify-email or change-email token lives"),
      Checked("KEEL_STORAGE", &Config::storage, ValidStorage, "local:PATH or webdav:URL",
              "where uploaded files live: `local:PATH` (nginx serves them with "
              "`X-Accel-Redirect`; `make run`: `var/files`) or "
              "`webdav:https://user:password@host/path/`, the store every host reaches when "
              "several serve"),
      Integer("KEEL_MAX_UPLOAD_BYTES", &Config::max_upload_bytes, 1, int64_t{1} << 34,
              "largest file an upload route takes (nginx's limit on those routes follows)"),
      Integer("KEEL_USER_QUOTA_BYTES", &Config::user_quota_bytes, 1, int64_t{1} << 50,
              "total size of one user's files"),
      MediaTypeList("KEEL_UPLOAD_TYPES", &Config::upload_types,
                    "media types an upload may have, as libmagic sniffs its content"),
      Text("KEEL_SQL_DIR", &Config::sql_dir, "where `keel migrate` finds `NNN_name.sql`"),
  };
  return kSettings;
}

std::string SettingsMarkdownTable() {
  Config defaults;
  std::string out = "| key | default | meaning |\n|---|---|---|\n";
  for (const Setting& s : Settings()) {
    out += "| `" + std::string(s.key) + "` | " + s.shown_default(defaults) + " | " + s.meaning +
           " |\n";
  }
  return out;
}

}  // namespace keel
