// MetricStore: the SQL of engagement metrics, scoped by owner in every statement. The
// summary is computed by PostgreSQL (date_trunc + aggregates), never by fetching rows.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "engagement/metric.h"

namespace keel::engagement {

StatusOr<Metric> CreateMetric(db::Connection& db, std::string_view user_id,
                              const MetricInput& input);
// NOT_FOUND unless data point `id` exists and belongs to `user_id`.
StatusOr<Metric> GetMetric(db::Connection& db, std::string_view user_id, std::string_view id);
StatusOr<MetricPage> ListMetrics(db::Connection& db, std::string_view user_id,
                                 const db::ListQuery& query);
// Aggregates per (bucket, metric_type), ordered by bucket then type. Buckets are in
// UTC; weeks are ISO weeks (starting Monday). Only buckets with data appear.
StatusOr<std::vector<Bucket>> Summarize(db::Connection& db, std::string_view user_id,
                                        const SummaryQuery& query);
// The most recent data point of each metric type (for the dashboard), by type name.
StatusOr<std::vector<Metric>> LatestPerType(db::Connection& db, std::string_view user_id);

}  // namespace keel::engagement
