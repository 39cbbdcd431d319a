// Integration tests of engagement metrics: create, list filters, the SQL summary by
// hour/day/week, the latest value per type, and the summary's range rules.
#include <gtest/gtest.h>

#include "api/list_params.h"
#include "base/rfc3339.h"
#include "engagement/metric_service.h"
#include "engagement/metric_store.h"
#include "http/query_string.h"
#include "integration/resource_fixtures.h"

namespace keel::engagement {
namespace {

class MetricStoreTest : public test::StoreTest {
 protected:
  void Record(const std::string& user, const std::string& type, double value,
              const std::string& at) {
    auto m = CreateMetric(db(), user, MetricInput{type, value, at});
    ASSERT_TRUE(m.ok()) << m.status().message();
  }
  StatusOr<MetricPage> List(const std::string& user, const std::string& query_string) {
    auto fields = http::ParseQueryString(query_string);
    if (!fields.ok()) return fields.status();
    KEEL_ASSIGN_OR_RETURN(db::ListQuery q, api::ParseListQuery(*fields, MetricListSpec()));
    return ListMetrics(db(), user, q);
  }
};

TEST_F(MetricStoreTest, CreateDefaultsRecordedAtToNow) {
  auto m = CreateMetric(db(), alice_, MetricInput{"page_views", 3.5, std::nullopt});
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->metric_type, "page_views");
  EXPECT_DOUBLE_EQ(m->metric_value, 3.5);
  EXPECT_EQ(m->recorded_at.size(), 24u);
  EXPECT_EQ(m->user_id, alice_);
}

TEST_F(MetricStoreTest, ListFiltersAreScoped) {
  Record(alice_, "clicks", 1, "2025-05-01T10:00:00Z");
  Record(alice_, "clicks", 2, "2025-05-02T10:00:00Z");
  Record(alice_, "views", 10, "2025-05-02T11:00:00Z");
  Record(bob_, "clicks", 99, "2025-05-02T10:00:00Z");

  auto clicks = List(alice_, "metric_type=clicks&sort=recorded_at");
  ASSERT_TRUE(clicks.ok());
  ASSERT_EQ(clicks->total, 2);
  EXPECT_DOUBLE_EQ(clicks->items[0].metric_value, 1);
  auto window = List(alice_, "recorded_at_gte=2025-05-02&recorded_at_lt=2025-05-03");
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->total, 2);
  auto big = List(alice_, "metric_value_gte=2&sort=-metric_value");
  ASSERT_TRUE(big.ok());
  ASSERT_EQ(big->total, 2);
  EXPECT_DOUBLE_EQ(big->items[0].metric_value, 10);
}

TEST_F(MetricStoreTest, SummaryBucketsInSql) {
  Record(alice_, "clicks", 1, "2025-05-05T10:15:00Z");  // Monday
  Record(alice_, "clicks", 3, "2025-05-05T10:45:00Z");
  Record(alice_, "clicks", 5, "2025-05-05T11:05:00Z");
  Record(alice_, "clicks", 7, "2025-05-07T09:00:00Z");   // Wednesday, same ISO week
  Record(alice_, "clicks", 11, "2025-05-12T09:00:00Z");  // next Monday
  Record(alice_, "views", 100, "2025-05-05T10:20:00Z");
  Record(bob_, "clicks", 1000, "2025-05-05T10:20:00Z");

  SummaryRequest hourly{.metric_type = "clicks",
                        .bucket = "hour",
                        .from = "2025-05-05T00:00:00Z",
                        .to = "2025-05-06T00:00:00Z"};
  auto h = Summarize(db(), alice_, hourly, 0);
  ASSERT_TRUE(h.ok()) << h.status().message();
  ASSERT_EQ(h->buckets.size(), 2u);
  EXPECT_EQ(h->buckets[0].bucket_start, "2025-05-05T10:00:00.000Z");
  EXPECT_EQ(h->buckets[0].count, 2);
  EXPECT_DOUBLE_EQ(h->buckets[0].sum, 4);
  EXPECT_DOUBLE_EQ(h->buckets[0].avg, 2);
  EXPECT_DOUBLE_EQ(h->buckets[0].min, 1);
  EXPECT_DOUBLE_EQ(h->buckets[0].max, 3);
  EXPECT_EQ(h->buckets[1].count, 1);

  SummaryRequest weekly{
      .metric_type = "clicks", .bucket = "week", .from = "2025-05-01", .to = "2025-05-31"};
  auto w = Summarize(db(), alice_, weekly, 0);
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->buckets.size(), 2u);
  EXPECT_EQ(w->buckets[0].bucket_start, "2025-05-05T00:00:00.000Z");
  EXPECT_EQ(w->buckets[0].count, 4);
  EXPECT_DOUBLE_EQ(w->buckets[0].max, 7);
  EXPECT_EQ(w->buckets[1].bucket_start, "2025-05-12T00:00:00.000Z");

  SummaryRequest all_types{.bucket = "day", .from = "2025-05-05", .to = "2025-05-06"};
  auto d = Summarize(db(), alice_, all_types, 0);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->buckets.size(), 2u);  // clicks and views on the 5th
  EXPECT_EQ(d->buckets[0].metric_type, "clicks");
  EXPECT_EQ(d->buckets[0].count, 3);
  EXPECT_EQ(d->buckets[1].metric_type, "views");
}

TEST_F(MetricStoreTest, SummaryRangeRules) {
  int64_t now = *ParseRfc3339Millis("2025-05-10T12:00:00Z");
  auto defaults = Summarize(db(), alice_, SummaryRequest{}, now);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->query.bucket, "day");
  EXPECT_EQ(defaults->query.to, "2025-05-10T12:00:00.000Z");
  EXPECT_EQ(defaults->query.from, "2025-04-10T12:00:00.000Z");

  auto backwards =
      Summarize(db(), alice_, SummaryRequest{.from = "2025-05-02", .to = "2025-05-01"}, now);
  EXPECT_EQ(backwards.status().field(), "from");
  auto too_long =
      Summarize(db(), alice_,
                SummaryRequest{.bucket = "hour", .from = "2025-01-01", .to = "2025-03-01"}, now);
  EXPECT_EQ(too_long.status().code(), ErrorCode::kValidation);
}

TEST_F(MetricStoreTest, LatestPerType) {
  Record(alice_, "clicks", 1, "2025-05-05T10:15:00Z");
  Record(alice_, "clicks", 2, "2025-05-06T10:15:00Z");
  Record(alice_, "views", 5, "2025-05-04T10:15:00Z");
  Record(bob_, "clicks", 9, "2025-06-06T10:15:00Z");
  auto latest = LatestPerType(db(), alice_);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].metric_type, "clicks");
  EXPECT_DOUBLE_EQ((*latest)[0].metric_value, 2);
  EXPECT_EQ((*latest)[1].metric_type, "views");
}

}  // namespace
}  // namespace keel::engagement
