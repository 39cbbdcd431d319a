// Config: every setting of §2, read from the environment and optionally a
// KEY=VALUE file (`--config FILE`; the environment wins over the file), validated
// once at start by the table of settings (config/settings.h: a new setting is a member
// here and a row there). A bad value is reported as one line naming the key, and the
// process exits 2 before any worker starts.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace keel {

struct Config {
  std::string database_url;
  std::string jwt_secret;           // >= 32 bytes (outside development: required)
  std::string jwt_secret_previous;  // optional; still accepted for verification
  std::string jwt_issuer = "keel";
  std::string jwt_audience = "keel";
  std::string listen = "127.0.0.1:9000";  // unix:PATH or HOST:PORT
  std::string socket_group;               // optional group for the unix socket
  int workers = 8;
  // Optional second socket for the sign-in routes (nginx sends login, register,
  // refresh and password change there), served by its own small pool, so a login
  // storm queues behind itself and never in front of the rest of the API.
  std::string auth_listen;
  int auth_workers = 2;
  // The sign-in pool's CPU priority (nice, 0-19), like php-fpm's process.priority:
  // password hashing yields the cores to the rest of the API when both want them.
  int auth_nice = 10;
  // CPUs kept free of password hashing for the rest of the API: the sign-in pool runs
  // on the others (all of them on a one-CPU machine), and the default hash bound is
  // their number.
  int api_reserved_cpus = 1;
  int64_t max_requests = 10000;  // recycle a worker after this many; 0 = never
  // KEEL_MAX_REQUESTS was given. A worker started by an outside manager on an inherited
  // socket (spawn-fcgi, mod_fcgid, lighttpd) recycles only then: see RunInheritedWorker.
  bool max_requests_given = false;
  int64_t request_timeout_ms = 15000;   // watchdog per request
  int64_t statement_timeout_ms = 5000;  // PostgreSQL statement_timeout
  int64_t lock_timeout_ms = 2000;
  int64_t idle_in_transaction_timeout_ms = 10000;
  int64_t max_body_bytes = 65536;
  std::vector<std::string> cors_origins;
  std::string public_origin;  // e.g. https://localhost:8443, for the Origin check
  int64_t access_ttl_seconds = 900;
  int64_t refresh_ttl_seconds = 7 * 24 * 3600;
  int64_t refresh_reuse_window_seconds = 10;
  // A session dies after refresh_ttl_seconds without a refresh (idle) and in any case
  // this long after sign-in (absolute).
  int64_t session_absolute_ttl_seconds = 30 * 24 * 3600;
  // Failed-login throttling (in PostgreSQL, shared by all workers and hosts): once an
  // account (email) or an IP has this many failures in one window, further attempts
  // answer 429 until the window ends.
  int64_t login_throttle_window_seconds = 900;
  int64_t login_max_failures_account = 5;
  int64_t login_max_failures_ip = 50;
  bool production = false;  // KEEL_ENV=production
  std::string log_level = "info";
  // KEEL_LOG_DEST: stderr | file:PATH | syslog (base/log.h). Empty: not given (stderr;
  // as a CGI program, only warnings and errors then, for the server's error log).
  std::string log_dest;
  bool db_prepared = true;
  std::string sql_dir = "sql";
  uint32_t argon2_memory_kib = 19456;  // 19 MiB, t = 2 (OWASP): ~21 ms per hash on a 2-core VM
  uint32_t argon2_time = 2;
  // Simultaneous password hashes across all workers; 0 = one per CPU hashing may use.
  int hash_concurrency = 0;

  // ---- read replica (docs/scaling.md) ----
  // A streaming replica the read-heavy routes (time report, metrics summary, dashboard
  // summary) read from while it is at most replica_max_lag_ms behind; empty: primary only.
  std::string database_read_url;      // KEEL_DATABASE_READ_URL
  int64_t replica_max_lag_ms = 1000;  // KEEL_REPLICA_MAX_LAG_MS

  // KEEL_ (and JWT_) keys given that no setting has (a warning at start, an error from
  // `keel check-config`): a misspelt key is never silently ignored.
  std::vector<std::string> unknown_keys;

  // ---- OpenID Connect sign-in (KEEL_OIDC_*, src/oidc/) ----
  struct OidcProvider {
    std::string name;               // from KEEL_OIDC_PROVIDERS: [a-z0-9-], in auth/oauth/{name}/
    std::string label;              // KEEL_OIDC_<NAME>_LABEL: "Sign in with <label>"
    std::string issuer;             // _ISSUER: https URL; discovery is <issuer>/.well-known/...
    std::string client_id;          // _CLIENT_ID
    std::string client_secret;      // _CLIENT_SECRET, or for Apple the three below
    std::string apple_team_id;      // _APPLE_TEAM_ID: keel signs the client secret (ES256)
    std::string apple_key_id;       // _APPLE_KEY_ID
    std::string apple_private_key;  // PEM text of _APPLE_PRIVATE_KEY_FILE (PKCS#8 .p8)
    std::string scopes = "openid email profile";  // _SCOPES
    std::string response_mode;  // _RESPONSE_MODE: empty (query) or form_post (Apple)
  };
  std::string oidc_provider_names;           // KEEL_OIDC_PROVIDERS=google,apple,...
  std::vector<OidcProvider> oidc_providers;  // read from the names (config/oidc_settings.h)
  std::string oidc_ca_file;                  // KEEL_OIDC_CA_FILE: CA bundle (tests)
  // KEEL_OIDC_TIMEOUT_MS: all of one request's calls to a provider together (at most 9 s,
  // under nginx's 10 s fastcgi_read_timeout and keel's request watchdog).
  int64_t oidc_timeout_ms = 5000;

  // ---- job queue, outbound webhooks (rows of config/settings.cc) ----
  int job_workers = 1;                 // KEEL_JOB_WORKERS: job workers `keel serve` forks
  int64_t job_lease_ms = 60000;        // KEEL_JOB_LEASE_MS: a claimed job runs again after
  int64_t job_poll_ms = 1000;          // KEEL_JOB_POLL_MS: idle workers look anyway
  int64_t job_backoff_ms = 5000;       // KEEL_JOB_BACKOFF_MS: first retry delay (doubles)
  int64_t job_max_attempts = 8;        // KEEL_JOB_MAX_ATTEMPTS: then the job is dead
  int64_t webhook_timeout_ms = 10000;  // KEEL_WEBHOOK_TIMEOUT_MS: one delivery attempt
  bool webhook_allow_private = false;  // KEEL_WEBHOOK_ALLOW_PRIVATE: loopback/private URLs
  int64_t webhook_disable_after = 20;  // KEEL_WEBHOOK_DISABLE_AFTER: failed attempts in a row
  // Mail, sent only by job workers: through SMTP when KEEL_SMTP_URL is set (smtp:// with
  // STARTTLS — required unless the server is on loopback — or smtps://; credentials in
  // the URL or KEEL_SMTP_USER/KEEL_SMTP_PASSWORD), else written as .eml files into
  // KEEL_MAIL_DIR (make run's default, var/mail); with neither, mail jobs fail.
  std::string smtp_url;
  std::string smtp_user;
  std::string smtp_password;
  std::string mail_dir;
  std::string mail_from = "keel <noreply@localhost>";  // KEEL_MAIL_FROM
  int64_t reset_ttl_seconds = 1800;  // KEEL_RESET_TTL: reset, verify and change-email tokens

  // ---- files (uploads): one block (rows of config/settings.cc) ----
  // KEEL_STORAGE: where uploaded bytes live, "local:PATH" or "webdav:http(s)://user:pw@host/path/"
  // (files/storage.h).
  std::string storage = "local:var/files";
  // KEEL_MAX_UPLOAD_BYTES: the largest file an upload route takes (nginx's
  // client_max_body_size on those routes is this plus kUploadEnvelopeBytes).
  int64_t max_upload_bytes = 10 << 20;
  // KEEL_USER_QUOTA_BYTES: the total size of one user's files.
  int64_t user_quota_bytes = int64_t{100} << 20;
  // KEEL_UPLOAD_TYPES: the media types an upload may have, as libmagic sniffs them.
  std::vector<std::string> upload_types = {"image/png",  "image/jpeg",      "image/gif",
                                           "image/webp", "application/pdf", "text/plain",
                                           "text/csv"};
};

// The multipart envelope (boundaries, part headers, a name field) an upload body may
// carry beyond the file itself.
inline constexpr int64_t kUploadEnvelopeBytes = 65536;

// Reads `file_path` (if not empty) then the environment, validates, and returns the
// Config or an error whose message is "KEY: why". `env` is the process environment
// (environ-style "K=V" strings) so tests can pass their own.
StatusOr<Config> LoadConfig(const std::string& file_path, char** env);

// Parses KEY=VALUE lines (blank lines and # comments skipped; optional surrounding
// quotes stripped). Returns an error naming the line on a malformed line.
StatusOr<std::map<std::string, std::string>> ParseConfigFile(const std::string& text);

}  // namespace keel
