// Config loading: the KEY=VALUE file, then the environment, each key checked by its row
// of the settings table (config/settings.h), then the rules between keys.
#include "config/config.h"

#include <fstream>
#include <set>
#include <sstream>

#include "base/cpu_set.h"
#include "config/oidc_settings.h"
#include "config/settings.h"

namespace keel {
namespace {

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
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
  std::set<std::string> consumed;
  for (const Setting& setting : Settings()) {
    auto it = values.find(setting.key);
    if (it == values.end()) continue;
    consumed.insert(setting.key);
    KEEL_RETURN_IF_ERROR(setting.apply(it->second, c));
  }
  // Keys whose names come from the configuration itself.
  KEEL_RETURN_IF_ERROR(LoadOidcProviders(values, c, consumed));
  if (consumed.size() < values.size()) {
    for (const auto& [key, value] : values) {
      bool ours = key.rfind("KEEL_", 0) == 0 || key.rfind("JWT_", 0) == 0;
      if (ours && consumed.count(key) == 0) c.unknown_keys.push_back(key);
    }
  }

  // Rules between keys.
  c.max_requests_given = values.count("KEEL_MAX_REQUESTS") != 0;
  if (c.hash_concurrency == 0) {
    // One hash per CPU hashing may use: sign-ins get those cores, the API keeps the rest.
    c.hash_concurrency = static_cast<int>(HashingCpus(AllowedCpus(), c.api_reserved_cpus).size());
  }
  if (!c.auth_listen.empty() && c.auth_listen == c.listen) {
    return Status::BadRequest("KEEL_AUTH_LISTEN: must differ from KEEL_LISTEN");
  }
  if (c.webhook_timeout_ms >= c.job_lease_ms) {
    return Status::BadRequest("KEEL_WEBHOOK_TIMEOUT_MS: must be shorter than KEEL_JOB_LEASE_MS");
  }
  if (c.database_url.empty()) return Status::BadRequest("DATABASE_URL: is required");
  if (c.jwt_secret.empty() && c.production) {
    return Status::BadRequest("JWT_SECRET: is required in production");
  }
  return c;
}

}  // namespace keel
