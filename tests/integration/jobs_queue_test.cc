// Integration tests of the job queue against the real PostgreSQL: the outbox (a job
// commits or rolls back with its transaction), concurrent claims (every job taken
// exactly once), back-off and the dead state, lease expiry (a lost worker's job runs
// again, and the lost worker can no longer complete it), LISTEN/NOTIFY wake-up, and the
// webhook events the database writes with a change.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "db/transaction.h"
#include "integration/resource_fixtures.h"
#include "jobs/job_store.h"
#include "jobs/job_worker.h"
#include "resource/store.h"
#include "tasks/task_resource.h"
#include "webhooks/subscription_store.h"

namespace keel::jobs {
namespace {

constexpr db::Statement kClear{"test_jobs_clear", "DELETE FROM jobs"};
constexpr db::Statement kCountKind{"test_jobs_count_kind",
                                   "SELECT count(*) FROM jobs WHERE kind = $1"};
constexpr db::Statement kJobRow{
    "test_jobs_row",
    "SELECT state, attempts, run_at > now() + interval '50 seconds', last_error FROM jobs "
    "WHERE id = $1"};
constexpr db::Statement kLeaseOver{"test_jobs_lease_over",
                                   "SELECT locked_until < now() FROM jobs WHERE id = $1"};
constexpr db::Statement kUserDeliveries{
    "test_jobs_user_deliveries",
    "SELECT count(*) FROM webhook_deliveries d JOIN jobs j "
    "ON j.payload->>'delivery_id' = d.id::text WHERE d.user_id = $1 AND d.event_type = $2"};
constexpr db::Statement kDeleteUser{"test_jobs_delete_user", "DELETE FROM users WHERE id = $1"};

class JobQueueTest : public test::StoreTest {
 protected:
  void SetUp() override {
    test::StoreTest::SetUp();
    ASSERT_TRUE(db().Execute(kClear).ok());
  }
  int64_t CountKind(const std::string& kind) {
    db::Params p;
    p.Add(kind);
    auto r = db().Execute(kCountKind, p);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->Int64(0, 0) : -1;
  }
  int64_t Count(const db::Statement& s, const std::string& a, const std::string& b) {
    db::Params p;
    p.Add(a).Add(b);
    auto r = db().Execute(s, p);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->Int64(0, 0) : -1;
  }
};

TEST_F(JobQueueTest, AJobCommitsAndRollsBackWithItsTransaction) {
  {
    db::Transaction tx(db());
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(Enqueue(db(), "test.outbox", "{}", 3).ok());
  }  // rolled back
  EXPECT_EQ(CountKind("test.outbox"), 0);
  db::Transaction tx(db());
  ASSERT_TRUE(tx.Begin().ok());
  ASSERT_TRUE(Enqueue(db(), "test.outbox", R"({"n":1})", 3).ok());
  ASSERT_TRUE(tx.Commit().ok());
  EXPECT_EQ(CountKind("test.outbox"), 1);
}

TEST_F(JobQueueTest, ConcurrentWorkersClaimEveryJobExactlyOnce) {
  constexpr int kJobs = 300;
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(Enqueue(db(), "test.race", "{}", 3).ok());
  std::mutex mu;
  std::vector<int64_t> claimed;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto conn = test::ConnectTestDb();
      std::string worker = "race-" + std::to_string(t);
      for (;;) {
        auto job = Claim(*conn, worker, 60000, 8);
        if (!job.ok() || !job->has_value()) break;
        auto done = Complete(*conn, (*job)->id, worker);
        std::lock_guard<std::mutex> lock(mu);
        claimed.push_back((*job)->id);
        if (!done.ok() || !*done) claimed.push_back(-1);  // a completion refused: a bug
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<int64_t> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(unique.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(unique.count(-1), 0u);
  auto stats = Stats(db());
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->done, kJobs);
  EXPECT_EQ(stats->queued, 0);
}

TEST_F(JobQueueTest, FailedAttemptsBackOffThenTheJobIsDeadAndKept) {
  auto id = Enqueue(db(), "test.dead", "{}", 3);
  ASSERT_TRUE(id.ok());
  // A failure with a long back-off: queued, not due.
  auto first = Claim(db(), "w", 60000, 8);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->attempts, 1);
  ASSERT_TRUE(Fail(db(), *id, "w", "boom 1", 60000, 8).ok());
  db::Params p;
  p.Add(*id);
  auto row = db().Execute(kJobRow, p);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->String(0, 0), "queued");
  EXPECT_TRUE(row->Bool(0, 2)) << "run_at is a minute ahead";
  auto not_due = Claim(db(), "w", 60000, 8);
  ASSERT_TRUE(not_due.ok());
  EXPECT_FALSE(not_due->has_value());
  auto stats = Stats(db());
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->failed, 1);
  // Attempts 2 and 3 due at once; the third is the last.
  ASSERT_TRUE(db().ExecuteScript("UPDATE jobs SET run_at = now() WHERE kind = 'test.dead'").ok());
  auto second = Claim(db(), "w", 60000, 8);
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->attempts, 2);
  EXPECT_FALSE((*second)->last_attempt());
  ASSERT_TRUE(Fail(db(), *id, "w", "boom 2", 0, 8).ok());
  auto third = Claim(db(), "w", 60000, 8);
  ASSERT_TRUE(third.ok() && third->has_value());
  EXPECT_TRUE((*third)->last_attempt());
  ASSERT_TRUE(Fail(db(), *id, "w", "boom 3", 0, 8).ok());
  auto none = Claim(db(), "w", 60000, 8);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  db::Params q;
  q.Add(*id);
  row = db().Execute(kJobRow, q);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->String(0, 0), "dead");
  EXPECT_EQ(row->Int64(0, 1), 3);
  EXPECT_EQ(row->String(0, 3), "boom 3");
  stats = Stats(db());
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->dead, 1);
}

TEST_F(JobQueueTest, ALostWorkersJobRunsAgainAfterItsLease) {
  auto id = Enqueue(db(), "test.lease", "{}", 5);
  ASSERT_TRUE(id.ok());
  auto taken = Claim(db(), "lost", 1000, 8);
  ASSERT_TRUE(taken.ok() && taken->has_value());
  auto early = ReclaimExpired(db(), 8);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early, 0) << "the lease still runs";
  int64_t deadline = MonotonicMillis() + 10000;
  bool over = false;
  while (!over && MonotonicMillis() < deadline) {
    db::Params p;
    p.Add(*id);
    auto r = db().Execute(kLeaseOver, p);
    ASSERT_TRUE(r.ok());
    over = r->Bool(0, 0);
    if (!over) usleep(100000);
  }
  ASSERT_TRUE(over) << "lease did not expire within 10 s";
  auto reclaimed = ReclaimExpired(db(), 8);
  ASSERT_TRUE(reclaimed.ok());
  EXPECT_EQ(*reclaimed, 1);
  auto again = Claim(db(), "rescuer", 60000, 8);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->id, *id);
  EXPECT_EQ((*again)->attempts, 2);
  auto late = Complete(db(), *id, "lost");
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(*late) << "the lost worker no longer holds the job";
  auto done = Complete(db(), *id, "rescuer");
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
}

TEST_F(JobQueueTest, NotifyWakesAListenerAtCommitOnly) {
  auto listener = test::ConnectTestDb();
  ASSERT_TRUE(listener->Listen(kJobsChannel).ok());
  db::Transaction tx(db());
  ASSERT_TRUE(tx.Begin().ok());
  ASSERT_TRUE(Enqueue(db(), "test.notify", "{}", 3).ok());
  auto before = listener->WaitForNotification(200);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(*before) << "nothing is announced before commit";
  int64_t committed = MonotonicMillis();
  ASSERT_TRUE(tx.Commit().ok());
  auto woke = listener->WaitForNotification(5000);
  ASSERT_TRUE(woke.ok());
  EXPECT_TRUE(*woke);
  EXPECT_LT(MonotonicMillis() - committed, 2000);
}

TEST_F(JobQueueTest, OnceRunsWhatIsDueThenReturns) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Enqueue(db(), "test.once", "{}").ok());
  ASSERT_TRUE(Enqueue(db(), "test.once_fail", "{}", 1).ok());
  int ran = 0;
  JobHandlers handlers;
  handlers.emplace("test.once", [&](db::Connection&, const ClaimedJob&) {
    ++ran;
    return Status::Ok();
  });
  handlers.emplace("test.once_fail", [](db::Connection&, const ClaimedJob&) {
    return Status::Unavailable("receiver down");
  });
  Config config;
  config.database_url = test::TestDatabaseUrl();
  EXPECT_EQ(RunJobWorker(config, handlers, true), 0);
  EXPECT_EQ(ran, 3);
  auto stats = Stats(db());
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->done, 3);
  EXPECT_EQ(stats->dead, 1) << "one attempt allowed, and it failed";
  EXPECT_EQ(stats->queued, 0);
}

TEST(JobBackoff, DoublesWithJitterUpToAnHour) {
  EXPECT_EQ(BackoffMs(1000, 1, 1.0), 1000);
  EXPECT_EQ(BackoffMs(1000, 1, 0.0), 500);
  EXPECT_EQ(BackoffMs(1000, 4, 1.0), 8000);
  EXPECT_EQ(BackoffMs(1000, 40, 1.0), 3600000);
  int64_t mid = BackoffMs(1000, 3, 0.5);
  EXPECT_GT(mid, 2000);
  EXPECT_LT(mid, 4000);
}

TEST_F(JobQueueTest, ChangesWriteWebhookDeliveriesInTheirOwnTransaction) {
  webhooks::SubscriptionChanges sub;
  sub.url = "http://127.0.0.1:9/hook";
  sub.events = std::vector<std::string>{"task.created", "task.deleted"};
  auto created = webhooks::CreateSubscription(db(), alice_, sub);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_TRUE(created->secret.starts_with("whsec_"));
  auto titled = [](const char* title) {
    resource::Changes c(tasks::kTasks);
    c.Set(tasks::kTasks, "title", title);
    return c;
  };
  {
    db::Transaction tx(db());
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(resource::Create(db(), tasks::kTasks, alice_, titled("rolled back")).ok());
  }
  EXPECT_EQ(Count(kUserDeliveries, alice_, "task.created"), 0);
  auto kept = resource::Create(db(), tasks::kTasks, alice_, titled("kept"));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(Count(kUserDeliveries, alice_, "task.created"), 1);
  auto deliveries = webhooks::ListDeliveries(db(), alice_, created->subscription.id);
  ASSERT_TRUE(deliveries.ok());
  ASSERT_EQ(deliveries->size(), 1u);
  EXPECT_EQ((*deliveries)[0].status, "pending");
  // Redelivery: the owner only; a new job for the same delivery.
  auto foreign = webhooks::Redeliver(db(), bob_, created->subscription.id, (*deliveries)[0].id, 3);
  EXPECT_EQ(foreign.status().code(), ErrorCode::kNotFound);
  auto again = webhooks::Redeliver(db(), alice_, created->subscription.id, (*deliveries)[0].id, 3);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(Count(kUserDeliveries, alice_, "task.created"), 2) << "two jobs for one delivery";
  ASSERT_TRUE(
      resource::Update(db(), tasks::kTasks, alice_, kept->String(0, 0), titled("renamed")).ok());
  EXPECT_EQ(Count(kUserDeliveries, alice_, "task.updated"), 0) << "not subscribed";
  // Bob has no subscription: his changes write nothing.
  ASSERT_TRUE(resource::Create(db(), tasks::kTasks, bob_, titled("kept")).ok());
  EXPECT_EQ(Count(kUserDeliveries, bob_, "task.created"), 0);
  // Deleting the account takes subscriptions, deliveries and tasks with it.
  db::Params p;
  p.Add(alice_);
  auto gone = db().Execute(kDeleteUser, p);
  ASSERT_TRUE(gone.ok()) << db().last_error().message;
  EXPECT_EQ(gone->affected(), 1);
}

}  // namespace
}  // namespace keel::jobs
