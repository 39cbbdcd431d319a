// TestDb: a connection to the integration-test database (DATABASE_URL, an empty
// migrated database the tests may write to freely) plus small helpers.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>

#include "db/connection.h"

namespace keel::test {

// The DATABASE_URL of the test database; tests skip nothing: without it they fail.
inline std::string TestDatabaseUrl() {
  const char* url = std::getenv("DATABASE_URL");
  return url != nullptr ? url : "";
}

// A connected db::Connection (asserting in the caller is up to the test).
inline std::unique_ptr<db::Connection> ConnectTestDb(bool prepared = true) {
  auto db = std::make_unique<db::Connection>(db::ConnectionOptions{
      .url = TestDatabaseUrl(), .connect_timeout_ms = 5000, .prepared = prepared});
  Status s = db->Connect();
  (void)s;
  return db;
}

}  // namespace keel::test
