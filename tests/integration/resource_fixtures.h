// Fixtures for the resource store tests: a connected test database and throw-away
// accounts (each test makes its own users with unique emails, so tests never see each
// other's rows and may run in any order against a shared database).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "crypto/encoding.h"
#include "crypto/random.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "support/test_db.h"

namespace keel::test {

inline constexpr db::Statement kFixtureInsertUser{
    "test_fixture_insert_user",
    "INSERT INTO users (email, password_hash, role) VALUES ($1, 'not-a-hash', $2) RETURNING id"};

// Inserts an account with a unique email and returns its id ("" on failure).
inline std::string CreateTestUser(db::Connection& db, const std::string& role = "user") {
  std::string email = "store-" + crypto::HexEncode(crypto::RandomBytes(8)) + "@example.com";
  db::Params p;
  p.Add(email).Add(role);
  auto r = db.Execute(kFixtureInsertUser, p);
  if (!r.ok() || r->empty()) return "";
  return r->String(0, 0);
}

// A list query with the spec's default sort.
inline db::ListQuery DefaultQuery(const db::ListSpec& spec, int64_t page = 1, int64_t limit = 20) {
  db::ListQuery q;
  q.page = page;
  q.limit = limit;
  std::string_view sort = spec.default_sort;
  bool descending = sort.starts_with("-");
  if (descending) sort.remove_prefix(1);
  q.sort.push_back({spec.Find(sort), descending});
  return q;
}

// A fresh connection and two users per test.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = ConnectTestDb();
    ASSERT_TRUE(db_->connected()) << "DATABASE_URL must name a migrated test database";
    alice_ = CreateTestUser(*db_);
    bob_ = CreateTestUser(*db_);
    ASSERT_FALSE(alice_.empty());
    ASSERT_FALSE(bob_.empty());
  }

  db::Connection& db() { return *db_; }

  std::unique_ptr<db::Connection> db_;
  std::string alice_;
  std::string bob_;
};

// A UUID no row has.
inline constexpr char kMissingId[] = "00000000-0000-4000-8000-000000000000";

}  // namespace keel::test
