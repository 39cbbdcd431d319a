// Fixtures for the auth integration tests: a test Config (its own JWT secret, a short
// reuse window and throttle window so tests can sleep past them), a connected test
// database, accounts registered through auth::Register, and small SQL probes that look
// at what the auth code wrote.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "auth/auth_service.h"
#include "config/config.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "db/connection.h"
#include "support/test_db.h"

namespace keel::test {

inline Config AuthTestConfig() {
  Config c;
  c.database_url = TestDatabaseUrl();
  c.jwt_secret = "integration-test-secret-0123456789abcdef";
  c.jwt_issuer = "keel";
  c.jwt_audience = "keel";
  c.public_origin = "https://localhost:8443";
  c.refresh_reuse_window_seconds = 2;
  c.login_throttle_window_seconds = 2;
  c.login_max_failures_account = 3;
  c.login_max_failures_ip = 5;
  return c;
}

inline std::string UniqueAuthEmail(const std::string& prefix) {
  return prefix + "-" + crypto::HexEncode(crypto::RandomBytes(8)) + "@example.com";
}

// A unique client address, so per-IP throttling never mixes tests.
inline std::string UniqueIp() {
  std::string b = crypto::RandomBytes(3);
  return "10." + std::to_string(static_cast<unsigned char>(b[0])) + "." +
         std::to_string(static_cast<unsigned char>(b[1])) + "." +
         std::to_string(static_cast<unsigned char>(b[2]));
}

inline constexpr char kTestPassword[] = "correct horse battery staple";

inline constexpr db::Statement kProbeSession{
    "test_auth_probe_session",
    "SELECT revoked_at IS NOT NULL, COALESCE(revoke_reason, ''), generation FROM sessions "
    "WHERE id = $1"};
inline constexpr db::Statement kProbeEvents{
    "test_auth_probe_events", "SELECT count(*) FROM auth_events WHERE user_id = $1 AND type = $2"};
inline constexpr db::Statement kProbeHash{"test_auth_probe_hash",
                                          "SELECT password_hash FROM users WHERE id = $1"};
inline constexpr db::Statement kSetHash{"test_auth_set_hash",
                                        "UPDATE users SET password_hash = $2 WHERE id = $1"};
inline constexpr db::Statement kSetRole{"test_auth_set_role",
                                        "UPDATE users SET role = $2 WHERE id = $1"};
inline constexpr db::Statement kExpireSession{
    "test_auth_expire_session",
    "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1"};
inline constexpr db::Statement kLiveSessions{
    "test_auth_live_sessions",
    "SELECT count(*) FROM sessions WHERE user_id = $1 AND revoked_at IS NULL"};

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = ConnectTestDb();
    ASSERT_TRUE(db_->connected()) << "DATABASE_URL must name a migrated test database";
    config_ = AuthTestConfig();
    client_ = auth::ClientInfo{UniqueIp(), "auth-integration-test"};
  }

  db::Connection& db() { return *db_; }

  // Registers a fresh account; fails the test on error.
  auth::IssuedSession Register(const std::string& prefix = "it") {
    auto issued =
        auth::Register(db(), config_, {UniqueAuthEmail(prefix), kTestPassword, {}}, client_);
    EXPECT_TRUE(issued.ok()) << issued.status().message();
    return issued.ok() ? std::move(issued).value() : auth::IssuedSession{};
  }

  // One text or integer value from a probe.
  std::string Probe(const db::Statement& s, const std::string& a, int col = 0) {
    db::Params p;
    p.Add(a);
    auto r = db().Execute(s, p);
    if (!r.ok() || r->empty()) return "<none>";
    return r->String(0, col);
  }
  int64_t EventCount(const std::string& user_id, const char* type) {
    db::Params p;
    p.Add(user_id).Add(type);
    auto r = db().Execute(kProbeEvents, p);
    return r.ok() && !r->empty() ? r->Int64(0, 0) : -1;
  }
  void Exec(const db::Statement& s, const std::string& a, const std::string& b) {
    db::Params p;
    p.Add(a).Add(b);
    ASSERT_TRUE(db().Execute(s, p).ok());
  }

  std::unique_ptr<db::Connection> db_;
  Config config_;
  auth::ClientInfo client_;
};

}  // namespace keel::test
