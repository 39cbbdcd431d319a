// ApiKeyStore: the SQL of personal API keys (sql/007 api_keys). Every statement is
// scoped to the owning user, except the per-request lookup by the key's digest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "db/connection.h"

namespace keel::auth {

// Keys one user may hold at once.
inline constexpr int64_t kMaxApiKeysPerUser = 100;

struct ApiKeyInfo {
  std::string id;
  std::string name;
  std::string prefix;
  std::vector<std::string> scopes;
  std::string created_at;                   // RFC 3339 UTC
  std::optional<std::string> last_used_at;  // null until first used
  std::optional<std::string> expires_at;    // null: never expires
};

struct NewApiKey {
  std::string user_id;
  std::string name;
  std::string prefix;
  std::string digest_hex;
  std::vector<std::string> scopes;        // normalised
  std::optional<std::string> expires_at;  // RFC 3339, must be in the future
};

// Stores the key. 409 when the user already holds kMaxApiKeysPerUser keys; 400
// (field expires_at) when expires_at is not in the future.
StatusOr<ApiKeyInfo> CreateApiKey(db::Connection& db, const NewApiKey& key);

// The user's keys, newest first (at most kMaxApiKeysPerUser).
StatusOr<std::vector<ApiKeyInfo>> ListApiKeys(db::Connection& db, const std::string& user_id);

// Deletes key `id` of `user_id`; false when there is no such key of theirs.
StatusOr<bool> DeleteApiKey(db::Connection& db, const std::string& user_id, const std::string& id);

struct LiveApiKey {
  std::string id;
  std::string user_id;
  std::string role;
  std::vector<std::string> scopes;
};

// The key whose SHA-256 is `digest_hex` if it has not expired and its user is active
// (refreshing last_used_at when it is more than a minute old); nullopt otherwise.
StatusOr<std::optional<LiveApiKey>> FindLiveApiKey(db::Connection& db,
                                                   const std::string& digest_hex);

}  // namespace keel::auth
