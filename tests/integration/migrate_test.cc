// The migration runner: order, checksums, refusal of edited migrations, and two
// concurrent runs applying each migration exactly once (advisory lock).
#include "db/migrate.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "crypto/encoding.h"
#include "crypto/random.h"
#include "support/test_db.h"

namespace keel::db {
namespace {

constexpr Statement kRuns{"test_mig_runs", "SELECT count(*) FROM mig_runs"};

class Migrations : public testing::Test {
 protected:
  void SetUp() override {
    schema_ = "mig_" + crypto::HexEncode(crypto::RandomBytes(6));
    dir_ = "/tmp/keel-migrations-" + schema_;
    mkdir(dir_.c_str(), 0700);
    Write("001_first.sql", "CREATE TABLE mig_runs (n int); INSERT INTO mig_runs VALUES (1);");
    Write("002_second.sql",
          "SELECT pg_sleep(0.3); INSERT INTO mig_runs VALUES (2); CREATE TABLE mig_two (x int);");
    auto admin = test::ConnectTestDb();
    ASSERT_TRUE(admin->ExecuteScript("CREATE SCHEMA " + schema_).ok());
  }
  void TearDown() override {
    auto admin = test::ConnectTestDb();
    Status s = admin->ExecuteScript("DROP SCHEMA " + schema_ + " CASCADE");
    (void)s;
    std::string cmd = "rm -rf " + dir_;
    if (system(cmd.c_str()) != 0) ADD_FAILURE() << "cleanup failed";
  }
  void Write(const std::string& name, const std::string& sql) {
    std::ofstream(dir_ + "/" + name) << sql;
  }
  // A connection whose tables (including schema_migrations) live in the test schema.
  std::unique_ptr<Connection> Connect() {
    auto db = test::ConnectTestDb();
    EXPECT_TRUE(db->ExecuteScript("SET search_path TO " + schema_).ok());
    return db;
  }
  std::string schema_, dir_;
};

TEST_F(Migrations, AppliesInOrderOnceAndReportsStatus) {
  auto db = Connect();
  auto first = ApplyMigrations(*db, dir_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0], "001_first");
  auto second = ApplyMigrations(*db, dir_);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(db->Execute(kRuns)->Int64(0, 0), 2);

  Write("003_third.sql", "INSERT INTO mig_runs VALUES (3);");
  auto states = MigrationStatus(*db, dir_);
  ASSERT_TRUE(states.ok());
  ASSERT_EQ(states->size(), 3u);
  EXPECT_EQ((*states)[2].state, MigrationState::State::kPending);
}

TEST_F(Migrations, EditedMigrationIsRefused) {
  auto db = Connect();
  ASSERT_TRUE(ApplyMigrations(*db, dir_).ok());
  Write("001_first.sql", "CREATE TABLE mig_runs (n bigint);");
  auto again = ApplyMigrations(*db, dir_);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("001_first"), std::string::npos);
  EXPECT_NE(again.status().message().find("changed"), std::string::npos);
  auto states = MigrationStatus(*db, dir_);
  ASSERT_TRUE(states.ok());
  EXPECT_EQ((*states)[0].state, MigrationState::State::kModified);
}

TEST_F(Migrations, FailingMigrationLeavesNothingBehind) {
  Write("003_broken.sql", "CREATE TABLE mig_three (x int); SELECT * FROM no_such_table;");
  auto db = Connect();
  auto r = ApplyMigrations(*db, dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("003_broken"), std::string::npos);
  constexpr Statement kExists{"test_mig_exists", "SELECT to_regclass('mig_three') IS NULL"};
  EXPECT_TRUE(db->Execute(kExists)->Bool(0, 0));
  EXPECT_EQ(db->Execute(kRuns)->Int64(0, 0), 2);  // 001 and 002 stayed applied
}

TEST_F(Migrations, ConcurrentRunsApplyEachOnce) {
  StatusOr<std::vector<std::string>> a = Status::Internal(), b = Status::Internal();
  std::thread t1([&] {
    auto db = Connect();
    a = ApplyMigrations(*db, dir_);
  });
  std::thread t2([&] {
    auto db = Connect();
    b = ApplyMigrations(*db, dir_);
  });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(a->size() + b->size(), 2u);
  auto db = Connect();
  EXPECT_EQ(db->Execute(kRuns)->Int64(0, 0), 2);
}

TEST(MigrationFiles, BadNameIsRefused) {
  std::string dir = "/tmp/keel-migrations-badname-" + std::to_string(getpid());
  mkdir(dir.c_str(), 0700);
  std::ofstream(dir + "/init.sql") << "SELECT 1;";
  auto files = ListMigrations(dir);
  EXPECT_FALSE(files.ok());
  std::string cmd = "rm -rf " + dir;
  EXPECT_EQ(system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace keel::db
