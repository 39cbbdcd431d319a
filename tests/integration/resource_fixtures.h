// Fixtures for the resource store tests: a connected test database and throw-away
// accounts (each test makes its own users with unique emails, so tests never see each
// other's rows and may run in any order against a shared database), and the generic
// store (resource/store.h) read and written by column name.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/list_params.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "http/query_string.h"
#include "projects/project_resource.h"
#include "resource/store.h"
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

// A row of a declared resource as name → text (nullopt for NULL), by the declaration's
// columns; libpq's text: timestamps RFC 3339, booleans "t"/"f".
using Row = std::map<std::string, std::optional<std::string>, std::less<>>;
// Column values by name, as a test writes them.
using Values = std::vector<std::pair<std::string_view, std::optional<std::string>>>;

inline Row RowOf(const resource::Resource& r, const db::Result& rows, int row = 0) {
  Row out;
  for (size_t i = 0; i < r.columns.size(); ++i) {
    out[std::string(r.columns[i].name)] = rows.OptString(row, static_cast<int>(i));
  }
  return out;
}

inline StatusOr<Row> RowOf(const resource::Resource& r, const StatusOr<db::Result>& result) {
  if (!result.ok()) return result.status();
  return RowOf(r, *result);
}

inline resource::Changes ChangesOf(const resource::Resource& r, const Values& values) {
  resource::Changes c(r);
  for (const auto& [name, value] : values) c.Set(r, name, value);
  return c;
}

struct Page {
  int64_t total = 0;
  std::vector<Row> rows;
  // The values of one column, in page order ("" for NULL).
  std::vector<std::string> Column(std::string_view name) const {
    std::vector<std::string> out;
    for (const Row& row : rows) out.push_back(row.find(name)->second.value_or(""));
    return out;
  }
};

// A fresh connection, two users and the generic store by column name.
class ResourceTest : public StoreTest {
 protected:
  StatusOr<Row> Create(const resource::Resource& r, const std::string& owner, const Values& v) {
    return RowOf(r, resource::Create(db(), r, owner, ChangesOf(r, v)));
  }
  StatusOr<Row> Get(const resource::Resource& r, const std::string& owner, std::string_view id) {
    return RowOf(r, resource::Get(db(), r, owner, id));
  }
  StatusOr<Row> Update(const resource::Resource& r, const std::string& owner, std::string_view id,
                       const Values& v) {
    return RowOf(r, resource::Update(db(), r, owner, id, ChangesOf(r, v)));
  }
  // A list page for `query_string` (as a client sends it), on `conn` or this test's.
  StatusOr<Page> List(const resource::Resource& r, const std::string& owner,
                      const std::string& query_string, db::Connection* conn = nullptr) {
    KEEL_ASSIGN_OR_RETURN(http::Fields fields, http::ParseQueryString(query_string));
    KEEL_ASSIGN_OR_RETURN(db::ListQuery q, api::ParseListQuery(fields, resource::ListSpecOf(r)));
    KEEL_ASSIGN_OR_RETURN(db::ListPage p, resource::List(conn ? *conn : db(), r, owner, q));
    Page out;
    out.total = p.total;
    for (int i = 0; i < p.rows.rows(); ++i) out.rows.push_back(RowOf(r, p.rows, i));
    return out;
  }
  // A project of `owner` (for tasks and time entries); "" on failure.
  std::string MakeProject(const std::string& owner, const std::string& title = "P") {
    auto p = Create(projects::kProjects, owner, {{"title", title}});
    EXPECT_TRUE(p.ok()) << p.status().message();
    return p.ok() ? p->at("id").value_or("") : "";
  }
};

}  // namespace keel::test
