// Integration tests of webhook endpoints and deliveries: owner scoping, the secret,
// idempotency (also under concurrent deliveries on two connections), object creation in
// the event's transaction, rollback of a failed action.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "integration/resource_fixtures.h"
#include "tasks/task_resource.h"
#include "time_entries/time_entry_resource.h"
#include "webhooks/delivery.h"
#include "webhooks/signature.h"
#include "webhooks/webhook_store.h"

namespace keel::webhooks {
namespace {

constexpr db::Statement kCountEvents{
    "test_webhooks_count_events",
    "SELECT count(*) FROM webhook_events WHERE endpoint_id = $1 AND webhook_id = $2"};
constexpr db::Statement kCountTasks{"test_webhooks_count_tasks",
                                    "SELECT count(*) FROM tasks WHERE user_id = $1 AND title = $2"};

class WebhookStoreTest : public test::ResourceTest {
 protected:
  void SetUp() override {
    test::ResourceTest::SetUp();
    auto created = CreateEndpoint(db(), alice_, EndpointInput{"CI", std::nullopt});
    ASSERT_TRUE(created.ok()) << created.status().message();
    endpoint_ = created->endpoint;
    secret_ = created->secret;
  }
  int64_t Count(const db::Statement& s, const std::string& a, const std::string& b) {
    db::Params p;
    p.Add(a).Add(b);
    auto r = db().Execute(s, p);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->Int64(0, 0) : -1;
  }
  Delivery MakeDelivery(const std::string& webhook_id, const std::string& type) {
    return Delivery{.endpoint_id = endpoint_.id,
                    .owner_id = alice_,
                    .webhook_id = webhook_id,
                    .type = type,
                    .payload = R"({"type":")" + type + R"(","data":{}})"};
  }
  static webhooks::Create TaskTitled(const std::string& title, const test::Values& more = {}) {
    test::Values values{{"title", title}};
    values.insert(values.end(), more.begin(), more.end());
    return webhooks::Create{&tasks::kTasks, test::ChangesOf(tasks::kTasks, values)};
  }
  Endpoint endpoint_;
  std::string secret_;
};

TEST_F(WebhookStoreTest, SecretIsShownOnceAndUsableForVerification) {
  ASSERT_TRUE(secret_.starts_with("whsec_"));
  std::optional<std::string> key = DecodeSecret(secret_);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), kSecretBytes);
  auto found = FindEndpointKey(db(), endpoint_.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->key, *key);
  EXPECT_EQ(found->user_id, alice_);
  EXPECT_EQ(FindEndpointKey(db(), test::kMissingId).status().code(), ErrorCode::kNotFound);
  // A second endpoint gets a different secret.
  auto other = CreateEndpoint(db(), alice_, EndpointInput{});
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->secret, secret_);
}

TEST_F(WebhookStoreTest, EndpointsAreOwnerScoped) {
  EXPECT_EQ(GetEndpoint(db(), bob_, endpoint_.id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(DeleteEndpoint(db(), bob_, endpoint_.id).code(), ErrorCode::kNotFound);
  auto bobs = ListEndpoints(db(), bob_, test::DefaultQuery(EndpointListSpec()));
  ASSERT_TRUE(bobs.ok());
  EXPECT_EQ(bobs->total, 0);
  ASSERT_TRUE(Deliver(db(), MakeDelivery("msg_1", "ping"), Action{}).ok());
  auto events = ListEvents(db(), bob_, endpoint_.id, test::DefaultQuery(EventListSpec()));
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->total, 0);  // not Bob's endpoint: nothing, even in the SQL
  events = ListEvents(db(), alice_, endpoint_.id, test::DefaultQuery(EventListSpec()));
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->total, 1);
  EXPECT_EQ(events->items[0].status, "stored");
  EXPECT_EQ(events->items[0].payload, R"({"data": {}, "type": "ping"})");
  ASSERT_TRUE(DeleteEndpoint(db(), alice_, endpoint_.id).ok());
  EXPECT_EQ(GetEndpoint(db(), alice_, endpoint_.id).status().code(), ErrorCode::kNotFound);
}

TEST_F(WebhookStoreTest, RepeatedWebhookIdIsProcessedOnce) {
  auto first = Deliver(db(), MakeDelivery("msg_once", "task.created"), TaskTitled("hooked"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->event.status, "processed");
  EXPECT_EQ(first->event.object_type.value_or(""), "task");
  ASSERT_TRUE(first->event.object_id.has_value());
  auto task = Get(tasks::kTasks, alice_, *first->event.object_id);
  ASSERT_TRUE(task.ok());
  EXPECT_EQ(task->at("title"), "hooked");

  auto again = Deliver(db(), MakeDelivery("msg_once", "task.created"), TaskTitled("hooked"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->event.id, first->event.id);
  EXPECT_EQ(Count(kCountEvents, endpoint_.id, "msg_once"), 1);
  EXPECT_EQ(Count(kCountTasks, alice_, "hooked"), 1);
}

TEST_F(WebhookStoreTest, ConcurrentDeliveriesCreateOneEventAndOneObject) {
  auto db2 = test::ConnectTestDb();
  ASSERT_TRUE(db2->connected());
  for (int round = 0; round < 10; ++round) {
    std::string id = "msg_race_" + std::to_string(round);
    std::string title = "race " + std::to_string(round);
    std::latch start(2);
    StatusOr<DeliveryResult> a = Status::Internal(), b = Status::Internal();
    std::thread t1([&] {
      start.arrive_and_wait();
      a = Deliver(db(), MakeDelivery(id, "task.created"), TaskTitled(title));
    });
    std::thread t2([&] {
      start.arrive_and_wait();
      b = Deliver(*db2, MakeDelivery(id, "task.created"), TaskTitled(title));
    });
    t1.join();
    t2.join();
    ASSERT_TRUE(a.ok()) << a.status().message();
    ASSERT_TRUE(b.ok()) << b.status().message();
    EXPECT_NE(a->duplicate, b->duplicate) << "exactly one delivery does the work";
    EXPECT_EQ(a->event.id, b->event.id);
    EXPECT_EQ(Count(kCountEvents, endpoint_.id, id), 1);
    EXPECT_EQ(Count(kCountTasks, alice_, title), 1);
  }
}

TEST_F(WebhookStoreTest, FailedActionLeavesNothingAndFreesTheId) {
  webhooks::Create bad = TaskTitled("smuggled", {{"project_id", MakeProject(bob_)}});
  auto r = Deliver(db(), MakeDelivery("msg_bad", "task.created"), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "data.project_id");
  EXPECT_FALSE(db().in_transaction());
  EXPECT_EQ(Count(kCountEvents, endpoint_.id, "msg_bad"), 0);
  EXPECT_EQ(Count(kCountTasks, alice_, "smuggled"), 0);

  auto retry = Deliver(db(), MakeDelivery("msg_bad", "task.created"), TaskTitled("smuggled"));
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->duplicate);
  EXPECT_EQ(Count(kCountTasks, alice_, "smuggled"), 1);
}

TEST_F(WebhookStoreTest, TimeEntryCreatedForTheOwner) {
  const resource::Resource& te = time_entries::kTimeEntries;
  webhooks::Create e{&te, test::ChangesOf(te, {{"project_id", MakeProject(alice_)},
                                               {"start_time", "2025-04-01T09:00:00Z"},
                                               {"end_time", "2025-04-01T09:42:00Z"}})};
  auto r = Deliver(db(), MakeDelivery("msg_te", "time_entry.created"), e);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->event.object_type.value_or(""), "time_entry");
  auto entry = Get(te, alice_, r->event.object_id.value_or(""));
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->at("duration_minutes"), "42");
}

}  // namespace
}  // namespace keel::webhooks
