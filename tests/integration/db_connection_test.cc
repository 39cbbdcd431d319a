// db::Connection against a real PostgreSQL: statements, SQLSTATE mapping, timeouts,
// transactions, recovery when the server drops the connection, and deferred statements
// riding along with the next one (pipeline mode).
#include "db/connection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "base/clock.h"
#include "db/transaction.h"
#include "support/test_db.h"

namespace keel::db {
namespace {

constexpr Statement kAdd{"test_add", "SELECT $1::int + $2::int"};
constexpr Statement kSleep{"test_sleep", "SELECT pg_sleep($1::float8)"};
constexpr Statement kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()"};
constexpr Statement kTerminate{"test_terminate", "SELECT pg_terminate_backend($1::int)"};
constexpr Statement kInsert{"test_insert", "INSERT INTO db_test_items (name) VALUES ($1)"};
constexpr Statement kCount{"test_count", "SELECT count(*) FROM db_test_items WHERE name = $1"};
constexpr Statement kBadCast{"test_bad_cast", "SELECT $1::uuid"};
constexpr Statement kXact{"test_xact", "SELECT pg_current_xact_id()::text"};

class DbConnection : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(test::TestDatabaseUrl().empty()) << "DATABASE_URL must be set";
    db_ = test::ConnectTestDb();
    ASSERT_TRUE(db_->connected());
    ASSERT_TRUE(db_->ExecuteScript("CREATE TABLE IF NOT EXISTS db_test_items ("
                                   " name text PRIMARY KEY CONSTRAINT db_test_items_name_len"
                                   " CHECK (length(name) < 20))")
                    .ok());
  }
  std::unique_ptr<Connection> db_;
};

TEST_F(DbConnection, PreparedStatementWithParams) {
  for (int i = 0; i < 3; ++i) {  // prepared once, executed three times
    Params p;
    p.Add(int64_t{40}).Add(i);
    auto r = db_->Execute(kAdd, p);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->Int64(0, 0), 40 + i);
  }
}

TEST_F(DbConnection, UnnamedStatementsWhenPreparationIsOff) {
  auto db = test::ConnectTestDb(/*prepared=*/false);
  Params p;
  p.Add(int64_t{1}).Add(int64_t{2});
  auto r = db->Execute(kAdd, p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Int64(0, 0), 3);
}

TEST_F(DbConnection, UniqueViolationIsConflictWithConstraintName) {
  std::string name = "dup-" + std::to_string(getpid());
  Params p1;
  p1.Add(name);
  ASSERT_TRUE(db_->Execute(kInsert, p1).ok());
  Params p2;
  p2.Add(name);
  auto r = db_->Execute(kInsert, p2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(db_->last_error().sqlstate, "23505");
  EXPECT_EQ(db_->last_error().constraint, "db_test_items_pkey");
  EXPECT_TRUE(db_->connected());
}

TEST_F(DbConnection, CheckViolationAndBadInputAreClientErrors) {
  Params p;
  p.Add(std::string(30, 'x'));
  auto r = db_->Execute(kInsert, p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(HttpStatusOf(r.status().code()), 400);
  Params q;
  q.Add("not-a-uuid");
  auto r2 = db_->Execute(kBadCast, q);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(HttpStatusOf(r2.status().code()), 400);
  EXPECT_EQ(r2.status().message().find("uuid"), std::string::npos);  // no internals
}

TEST_F(DbConnection, StatementTimeoutIsUnavailable) {
  Connection db(ConnectionOptions{.url = test::TestDatabaseUrl(), .statement_timeout_ms = 100});
  ASSERT_TRUE(db.Connect().ok());
  Params p;
  p.Add(2.0);
  int64_t start = MonotonicMillis();
  auto r = db.Execute(kSleep, p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(HttpStatusOf(r.status().code()), 503);
  EXPECT_LT(MonotonicMillis() - start, 1500);
  EXPECT_TRUE(db.connected());  // the server cancelled; the connection is fine
}

TEST_F(DbConnection, ClientDeadlineDropsTheConnection) {
  db_->set_query_deadline_ms(200);
  Params p;
  p.Add(3.0);
  int64_t start = MonotonicMillis();
  auto r = db_->Execute(kSleep, p);
  int64_t took = MonotonicMillis() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_LT(took, 1000);
  EXPECT_FALSE(db_->connected());
}

TEST_F(DbConnection, RecoversAfterTheServerDropsTheConnection) {
  auto pid = db_->Execute(kBackendPid);
  ASSERT_TRUE(pid.ok());
  auto killer = test::ConnectTestDb();
  Params p;
  p.Add(pid->Int64(0, 0));
  ASSERT_TRUE(killer->Execute(kTerminate, p).ok());
  usleep(100 * 1000);

  auto failed = db_->Execute(kBackendPid);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(db_->last_failure_was_connection());

  // Losing an established connection allows an immediate reconnect.
  auto again = db_->Execute(kBackendPid);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_NE(again->Int64(0, 0), pid->Int64(0, 0));
}

TEST_F(DbConnection, FailedConnectAttemptsAreSpacedOneSecondApart) {
  // A port nothing listens on: every attempt fails fast.
  Connection db(ConnectionOptions{.url = "postgresql://keel@127.0.0.1:1/keel"});
  EXPECT_FALSE(db.Connect().ok());
  int64_t start = MonotonicMillis();
  for (int i = 0; i < 50; ++i) {
    Status s = db.EnsureConnected();
    EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  }
  EXPECT_LT(MonotonicMillis() - start, 50);  // no attempt made: answered at once
}

TEST_F(DbConnection, TransactionRollsBackUnlessCommitted) {
  std::string name = "tx-" + std::to_string(getpid());
  {
    Transaction tx(*db_);
    ASSERT_TRUE(tx.Begin().ok());
    Params p;
    p.Add(name);
    ASSERT_TRUE(db_->Execute(kInsert, p).ok());
  }  // destroyed without Commit
  Params q;
  q.Add(name);
  auto r = db_->Execute(kCount, q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Int64(0, 0), 0);
  EXPECT_FALSE(db_->in_transaction());

  {
    Transaction tx(*db_);
    ASSERT_TRUE(tx.Begin().ok());
    Params p;
    p.Add(name);
    ASSERT_TRUE(db_->Execute(kInsert, p).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  Params q2;
  q2.Add(name);
  EXPECT_EQ(db_->Execute(kCount, q2)->Int64(0, 0), 1);
}

TEST_F(DbConnection, ServerSideLimitsAreSet) {
  constexpr Statement kShow{"test_show",
                            "SELECT current_setting('lock_timeout'),"
                            " current_setting('idle_in_transaction_session_timeout'),"
                            " current_setting('TimeZone')"};
  auto r = db_->Execute(kShow);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->String(0, 0), "2s");
  EXPECT_EQ(r->String(0, 1), "10s");
  EXPECT_EQ(r->String(0, 2), "UTC");
}

Params Numbers(int64_t a, int64_t b) {
  Params p;
  p.Add(a).Add(b);
  return p;
}

TEST_F(DbConnection, DeferredStatementRidesAlongInTheSameTransaction) {
  for (bool prepared : {true, false}) {
    auto db = test::ConnectTestDb(prepared);
    db->Defer(kXact, Params());
    auto second = db->Execute(kXact);
    ASSERT_TRUE(second.ok()) << second.status().message();
    auto first = db->TakeDeferred();
    ASSERT_TRUE(first.ok()) << first.status().message();
    // One Sync for both: one implicit transaction, so one transaction id.
    EXPECT_EQ(first->String(0, 0), second->String(0, 0)) << "prepared=" << prepared;
    // Separate exchanges are separate transactions.
    auto third = db->Execute(kXact);
    ASSERT_TRUE(third.ok());
    EXPECT_NE(third->String(0, 0), second->String(0, 0));
    // A dynamic statement carries one too.
    db->Defer(kAdd, Numbers(1, 2));
    Params p;
    p.Add(int64_t{21});
    auto doubled = db->ExecuteDynamic("SELECT $1::int * 2", p);
    ASSERT_TRUE(doubled.ok());
    EXPECT_EQ(doubled->Int64(0, 0), 42);
    EXPECT_EQ(db->TakeDeferred()->Int64(0, 0), 3);
  }
}

TEST_F(DbConnection, DeferredStatementRunsAloneWhenNothingFollows) {
  db_->Defer(kAdd, Numbers(40, 2));
  auto r = db_->TakeDeferred();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Int64(0, 0), 42);
  EXPECT_FALSE(db_->TakeDeferred().ok());  // taken once
  // A simple-protocol script (BEGIN) sends a pending one first, on its own.
  db_->Defer(kAdd, Numbers(1, 1));
  ASSERT_TRUE(db_->Begin().ok());
  db_->Rollback();
  EXPECT_EQ(db_->TakeDeferred()->Int64(0, 0), 2);
}

TEST_F(DbConnection, FailedDeferredStatementStopsTheNextOne) {
  std::string name = "pipe-skip-" + std::to_string(getpid());
  Params bad;
  bad.Add("not-a-uuid");
  db_->Defer(kBadCast, std::move(bad));
  Params insert;
  insert.Add(name);
  auto second = db_->Execute(kInsert, insert);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(HttpStatusOf(second.status().code()), 400);
  auto first = db_->TakeDeferred();
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(HttpStatusOf(first.status().code()), 400);
  Params q;
  q.Add(name);
  EXPECT_EQ(db_->Execute(kCount, q)->Int64(0, 0), 0);   // the insert never ran
  EXPECT_TRUE(db_->Execute(kAdd, Numbers(2, 2)).ok());  // and the connection is fine
}

// A write's session check runs alone ahead of a script (BEGIN): when it fails, the
// script is not sent, so a transaction never starts behind a failed check.
TEST_F(DbConnection, FailedDeferredStatementStopsAScript) {
  Params bad;
  bad.Add("not-a-uuid");
  db_->Defer(kBadCast, std::move(bad));
  Status begun = db_->Begin();
  ASSERT_FALSE(begun.ok());
  EXPECT_EQ(HttpStatusOf(begun.code()), 400);
  EXPECT_EQ(HttpStatusOf(db_->TakeDeferred().status().code()), 400);
  // No transaction is open: COMMIT only warns, and the connection is fine.
  EXPECT_TRUE(db_->Commit().ok());
  EXPECT_EQ(db_->Execute(kAdd, Numbers(2, 2))->Int64(0, 0), 4);
}

// SQLSTATE KL401 (keel_session_ended(), sql/009) is UNAUTHORIZED, not a server error.
TEST_F(DbConnection, SessionEndedIsUnauthorized) {
  auto r = db_->ExecuteDynamic("SELECT keel_session_ended()", Params());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(HttpStatusOf(r.status().code()), 401);
}

TEST_F(DbConnection, FailedNextStatementRollsBackTheDeferredOne) {
  std::string name = "pipe-undo-" + std::to_string(getpid());
  Params insert;
  insert.Add(name);
  db_->Defer(kInsert, std::move(insert));
  Params bad;
  bad.Add("not-a-uuid");
  EXPECT_FALSE(db_->Execute(kBadCast, bad).ok());
  EXPECT_TRUE(db_->TakeDeferred().ok());  // it ran, in the transaction that then failed
  Params q;
  q.Add(name);
  EXPECT_EQ(db_->Execute(kCount, q)->Int64(0, 0), 0);
  EXPECT_FALSE(db_->in_transaction());
}

TEST_F(DbConnection, AnsweredWithinTellsAFreshQuietConnection) {
  auto db = test::ConnectTestDb();
  EXPECT_FALSE(db->AnsweredWithin(1000));  // connected, but nothing asked yet
  ASSERT_TRUE(db->Execute(kAdd, Numbers(1, 1)).ok());
  EXPECT_TRUE(db->AnsweredWithin(1000));
  usleep(60 * 1000);
  EXPECT_FALSE(db->AnsweredWithin(50));  // too long ago
  EXPECT_TRUE(db->AnsweredWithin(1000));
  // The server ends the connection: the socket shows it at once, fresh or not.
  auto pid = db->Execute(kBackendPid);
  ASSERT_TRUE(pid.ok());
  Params p;
  p.Add(pid->Int64(0, 0));
  ASSERT_TRUE(db_->Execute(kTerminate, p).ok());
  bool noticed = false;
  for (int i = 0; i < 100 && !noticed; ++i) {
    noticed = !db->AnsweredWithin(60000);
    usleep(5 * 1000);
  }
  EXPECT_TRUE(noticed);
}

}  // namespace
}  // namespace keel::db
