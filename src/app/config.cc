// Config loading and validation: the table of keys, their parsers and their bounds.
#include "app/config.h"

#include "base/cpu_set.h"
#include "base/log.h"

#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

namespace keel {
namespace {

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

Status KeyError(const std::string& key, const std::string& why) {
  return Status::BadRequest(key + ": " + why);
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

Status ParseBool(const std::string& key, const std::string& text, bool& out) {
  if (text == "1" || text == "on" || text == "true" || text == "yes")
    out = true;
  else if (text == "0" || text == "off" || text == "false" || text == "no")
    out = false;
  else
    return KeyError(key, "must be on|off|true|false|1|0");
  return Status::Ok();
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = Trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
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

// The files block (KEEL_STORAGE, KEEL_MAX_UPLOAD_BYTES, KEEL_USER_QUOTA_BYTES,
// KEEL_UPLOAD_TYPES); `get` looks a key up.
Status LoadFilesConfig(const std::function<const std::string*(const char*)>& get, Config& c) {
  if (const std::string* v = get("KEEL_STORAGE")) {
    bool local = v->rfind("local:", 0) == 0 && v->size() > 6;
    bool webdav = v->rfind("webdav:http://", 0) == 0 || v->rfind("webdav:https://", 0) == 0;
    if (!local && !webdav) return KeyError("KEEL_STORAGE", "must be local:PATH or webdav:URL");
    c.storage = *v;
  }
  if (const std::string* v = get("KEEL_MAX_UPLOAD_BYTES")) {
    KEEL_RETURN_IF_ERROR(
        ParseInt("KEEL_MAX_UPLOAD_BYTES", *v, 1, int64_t{1} << 34, c.max_upload_bytes));
  }
  if (const std::string* v = get("KEEL_USER_QUOTA_BYTES")) {
    KEEL_RETURN_IF_ERROR(
        ParseInt("KEEL_USER_QUOTA_BYTES", *v, 1, int64_t{1} << 50, c.user_quota_bytes));
  }
  if (const std::string* v = get("KEEL_UPLOAD_TYPES")) {
    c.upload_types = SplitList(*v);
    if (c.upload_types.empty()) return KeyError("KEEL_UPLOAD_TYPES", "must name a media type");
    for (const std::string& t : c.upload_types) {
      size_t slash = t.find('/');
      bool ok = slash != std::string::npos && slash > 0 && slash + 1 < t.size();
      for (char ch : t) {
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '.' || ch == '+' ||
              ch == '-')) {
          ok = false;
        }
      }
      if (!ok)
        return KeyError("KEEL_UPLOAD_TYPES", "\"" + t.substr(0, 64) + "\" is not type/subtype");
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::map<std::string, std::string>> ParseConfigFile(const std::string& text) {
  std::map<std::string, std::string> values;
  std::stringstream ss(text);
  std::string line;
  int number = 0;
  while (std::getline(ss, line)) {
    ++number;
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line = Trim(line.substr(7));
    size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::BadRequest("config file line " + std::to_string(number) +
                                ": expected KEY=VALUE");
    }
    std::string key = Trim(line.substr(0, eq));
    std::string value = Trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    values[key] = value;
  }
  return values;
}

StatusOr<Config> LoadConfig(const std::string& file_path, char** env) {
  std::map<std::string, std::string> values;
  if (!file_path.empty()) {
    std::ifstream in(file_path);
    if (!in) return Status::BadRequest("--config: cannot read " + file_path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    KEEL_ASSIGN_OR_RETURN(values, ParseConfigFile(buffer.str()));
  }
  for (char** e = env; e != nullptr && *e != nullptr; ++e) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string key = kv.substr(0, eq);
    if (key == "DATABASE_URL" || key.rfind("JWT_", 0) == 0 || key.rfind("KEEL_", 0) == 0) {
      values[key] = kv.substr(eq + 1);
    }
  }

  Config c;
  auto get = [&](const char* key) -> const std::string* {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
  };
  auto integer = [&](const char* key, int64_t min, int64_t max, int64_t& out) -> Status {
    if (const std::string* v = get(key)) return ParseInt(key, *v, min, max, out);
    return Status::Ok();
  };

  if (const std::string* v = get("KEEL_ENV")) {
    if (*v == "production")
      c.production = true;
    else if (*v != "development")
      return KeyError("KEEL_ENV", "must be development|production");
  }
  if (const std::string* v = get("DATABASE_URL")) c.database_url = *v;
  if (const std::string* v = get("JWT_SECRET")) c.jwt_secret = *v;
  if (const std::string* v = get("JWT_SECRET_PREVIOUS")) c.jwt_secret_previous = *v;
  if (const std::string* v = get("KEEL_JWT_ISSUER")) c.jwt_issuer = *v;
  if (const std::string* v = get("KEEL_JWT_AUDIENCE")) c.jwt_audience = *v;
  if (const std::string* v = get("KEEL_LISTEN")) c.listen = *v;
  if (const std::string* v = get("KEEL_SOCKET_GROUP")) c.socket_group = *v;
  if (const std::string* v = get("KEEL_AUTH_LISTEN")) c.auth_listen = *v;
  if (const std::string* v = get("KEEL_PUBLIC_ORIGIN")) c.public_origin = *v;
  if (const std::string* v = get("KEEL_SQL_DIR")) c.sql_dir = *v;
  if (const std::string* v = get("KEEL_LOG_LEVEL")) c.log_level = *v;

  int64_t workers = c.workers, hash_concurrency = c.hash_concurrency;
  int64_t auth_workers = c.auth_workers;
  KEEL_RETURN_IF_ERROR(integer("KEEL_AUTH_WORKERS", 1, 64, auth_workers));
  c.auth_workers = static_cast<int>(auth_workers);
  int64_t auth_nice = c.auth_nice;
  KEEL_RETURN_IF_ERROR(integer("KEEL_AUTH_NICE", 0, 19, auth_nice));
  c.auth_nice = static_cast<int>(auth_nice);
  int64_t api_reserved_cpus = c.api_reserved_cpus;
  KEEL_RETURN_IF_ERROR(integer("KEEL_API_RESERVED_CPUS", 0, 1024, api_reserved_cpus));
  c.api_reserved_cpus = static_cast<int>(api_reserved_cpus);
  int64_t argon_mem = c.argon2_memory_kib, argon_time = c.argon2_time;
  KEEL_RETURN_IF_ERROR(integer("KEEL_WORKERS", 1, 256, workers));
  KEEL_RETURN_IF_ERROR(integer("KEEL_MAX_REQUESTS", 0, int64_t{1} << 40, c.max_requests));
  KEEL_RETURN_IF_ERROR(integer("KEEL_REQUEST_TIMEOUT_MS", 100, 600000, c.request_timeout_ms));
  KEEL_RETURN_IF_ERROR(integer("KEEL_STATEMENT_TIMEOUT_MS", 10, 600000, c.statement_timeout_ms));
  KEEL_RETURN_IF_ERROR(integer("KEEL_LOCK_TIMEOUT_MS", 10, 600000, c.lock_timeout_ms));
  KEEL_RETURN_IF_ERROR(integer("KEEL_IDLE_IN_TRANSACTION_TIMEOUT_MS", 100, 3600000,
                               c.idle_in_transaction_timeout_ms));
  KEEL_RETURN_IF_ERROR(integer("KEEL_MAX_BODY_BYTES", 1024, 64 << 20, c.max_body_bytes));
  KEEL_RETURN_IF_ERROR(integer("KEEL_ACCESS_TTL", 30, 86400, c.access_ttl_seconds));
  KEEL_RETURN_IF_ERROR(integer("KEEL_REFRESH_TTL", 60, 90 * 86400, c.refresh_ttl_seconds));
  KEEL_RETURN_IF_ERROR(
      integer("KEEL_REFRESH_REUSE_WINDOW", 0, 300, c.refresh_reuse_window_seconds));
  KEEL_RETURN_IF_ERROR(
      integer("KEEL_SESSION_ABSOLUTE_TTL", 60, 365 * 86400, c.session_absolute_ttl_seconds));
  KEEL_RETURN_IF_ERROR(
      integer("KEEL_LOGIN_THROTTLE_WINDOW", 1, 86400, c.login_throttle_window_seconds));
  KEEL_RETURN_IF_ERROR(
      integer("KEEL_LOGIN_MAX_FAILURES_ACCOUNT", 1, 1000000, c.login_max_failures_account));
  KEEL_RETURN_IF_ERROR(integer("KEEL_LOGIN_MAX_FAILURES_IP", 1, 1000000, c.login_max_failures_ip));
  KEEL_RETURN_IF_ERROR(integer("KEEL_ARGON2_MEMORY_KIB", 19456, 4 << 20, argon_mem));
  KEEL_RETURN_IF_ERROR(integer("KEEL_ARGON2_TIME", 2, 64, argon_time));
  KEEL_RETURN_IF_ERROR(integer("KEEL_HASH_CONCURRENCY", 0, 256, hash_concurrency));
  c.workers = static_cast<int>(workers);
  c.hash_concurrency = static_cast<int>(hash_concurrency);
  c.argon2_memory_kib = static_cast<uint32_t>(argon_mem);
  c.argon2_time = static_cast<uint32_t>(argon_time);
  if (c.hash_concurrency == 0) {
    // One hash per CPU hashing may use: sign-ins get those cores, the API keeps the rest.
    c.hash_concurrency = static_cast<int>(HashingCpus(AllowedCpus(), c.api_reserved_cpus).size());
  }
  if (const std::string* v = get("KEEL_DB_PREPARED")) {
    KEEL_RETURN_IF_ERROR(ParseBool("KEEL_DB_PREPARED", *v, c.db_prepared));
  }
  if (const std::string* v = get("KEEL_CORS_ORIGINS")) {
    c.cors_origins = SplitList(*v);
    for (const std::string& origin : c.cors_origins) {
      if (!ValidOrigin(origin)) {
        return KeyError("KEEL_CORS_ORIGINS", "\"" + origin.substr(0, 64) +
                                                 "\" is not an origin like https://host[:port]");
      }
    }
  }
  KEEL_RETURN_IF_ERROR(LoadFilesConfig(get, c));
  if (!c.public_origin.empty() && !ValidOrigin(c.public_origin)) {
    return KeyError("KEEL_PUBLIC_ORIGIN", "must be an origin like https://host[:port]");
  }

  log::Level level;
  if (!log::ParseLevel(c.log_level, level)) {
    return KeyError("KEEL_LOG_LEVEL", "must be debug|info|warn|error");
  }
  KEEL_RETURN_IF_ERROR(ValidateListen("KEEL_LISTEN", c.listen));
  if (!c.auth_listen.empty()) {
    KEEL_RETURN_IF_ERROR(ValidateListen("KEEL_AUTH_LISTEN", c.auth_listen));
    if (c.auth_listen == c.listen) {
      return KeyError("KEEL_AUTH_LISTEN", "must differ from KEEL_LISTEN");
    }
  }
  if (c.database_url.empty()) return KeyError("DATABASE_URL", "is required");
  if (c.jwt_secret.empty()) {
    if (c.production) return KeyError("JWT_SECRET", "is required in production");
  } else if (c.jwt_secret.size() < 32) {
    return KeyError("JWT_SECRET", "must be at least 32 bytes");
  }
  if (!c.jwt_secret_previous.empty() && c.jwt_secret_previous.size() < 32) {
    return KeyError("JWT_SECRET_PREVIOUS", "must be at least 32 bytes");
  }
  return c;
}

}  // namespace keel
