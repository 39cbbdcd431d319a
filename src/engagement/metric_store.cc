// Engagement metrics in PostgreSQL (table `engagement_metrics`, sql/003_resources.sql).
#include "engagement/metric_store.h"

#include "db/constraint_errors.h"
#include "db/list_sql.h"
#include "db/sql_fragments.h"

namespace keel::engagement {
namespace {

// clang-format off
#define KEEL_METRIC_COLUMNS \
  "id, user_id, metric_type, metric_value, " \
  KEEL_SQL_RFC3339("recorded_at") ", " \
  KEEL_SQL_RFC3339("created_at") ", " \
  KEEL_SQL_RFC3339("updated_at")
// clang-format on

constexpr db::Statement kInsert{
    "metrics_insert",
    "INSERT INTO engagement_metrics (user_id, metric_type, metric_value, recorded_at) "
    "VALUES ($1, $2::varchar, $3::double precision, COALESCE($4::timestamptz, now())) "
    "RETURNING " KEEL_METRIC_COLUMNS};

constexpr db::Statement kGet{"metrics_get",
                             "SELECT " KEEL_METRIC_COLUMNS
                             " FROM engagement_metrics WHERE id = $1 AND user_id = $2"};

// $2 is one of kBuckets (validated by the caller); date_trunc takes it as a value.
constexpr db::Statement kSummary{
    "metrics_summary",
    "SELECT metric_type, to_char(bucket, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), count(*), "
    "sum(metric_value), avg(metric_value), min(metric_value), max(metric_value) "
    "FROM (SELECT metric_type, metric_value, "
    "             date_trunc($2::text, recorded_at AT TIME ZONE 'UTC') AS bucket "
    "      FROM engagement_metrics "
    "      WHERE user_id = $1 AND recorded_at >= $3::timestamptz AND recorded_at < $4::timestamptz "
    "        AND ($5::varchar IS NULL OR metric_type = $5::varchar)) m "
    "GROUP BY metric_type, bucket ORDER BY bucket, metric_type LIMIT 10000"};

constexpr db::Statement kLatest{
    "metrics_latest_per_type",
    "SELECT DISTINCT ON (metric_type) " KEEL_METRIC_COLUMNS
    " FROM engagement_metrics "
    "WHERE user_id = $1 ORDER BY metric_type, recorded_at DESC, id DESC"};

constexpr db::ListTable kTable{
    .columns = KEEL_METRIC_COLUMNS, .from = "engagement_metrics", .scope = "user_id = $1"};

constexpr db::ListField kFields[] = {
    {.name = "recorded_at",
     .column = "recorded_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "metric_value",
     .column = "metric_value",
     .type = db::FieldType::kNumber,
     .sortable = true,
     .filterable = true,
     .ranged = true},
    {.name = "metric_type",
     .column = "metric_type",
     .type = db::FieldType::kText,
     .sortable = true,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "metric_type"};

constexpr db::ConstraintField kConstraints[] = {
    {"engagement_metrics_type_check", "metric_type", "metric_type is required"},
    {"engagement_metrics_value_check", "metric_value", "metric_value must be a finite number"},
};

Metric Read(const db::Result& r, int row) {
  return Metric{.id = r.String(row, 0),
                .user_id = r.String(row, 1),
                .metric_type = r.String(row, 2),
                .metric_value = r.Double(row, 3),
                .recorded_at = r.String(row, 4),
                .created_at = r.String(row, 5),
                .updated_at = r.String(row, 6)};
}

}  // namespace

const db::ListSpec& MetricListSpec() { return kSpec; }

StatusOr<Metric> CreateMetric(db::Connection& db, std::string_view user_id, const MetricInput& in) {
  db::Params p;
  p.Add(user_id).Add(in.metric_type).Add(in.metric_value).Add(in.recorded_at);
  auto r = db.Execute(kInsert, p);
  if (!r.ok()) {
    Status s = db::MapConstraint(db, r.status(), kConstraints);
    if (s.code() == ErrorCode::kBadRequest) {
      return Status::InvalidField("recorded_at", "recorded_at is out of range");
    }
    return s;
  }
  return Read(*r, 0);
}

StatusOr<Metric> GetMetric(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return Read(r, 0);
}

StatusOr<MetricPage> ListMetrics(db::Connection& db, std::string_view user_id,
                                 const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kTable, query, {std::string(user_id)}));
  MetricPage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(Read(page.rows, i));
  return out;
}

StatusOr<std::vector<Bucket>> Summarize(db::Connection& db, std::string_view user_id,
                                        const SummaryQuery& q) {
  db::Params p;
  p.Add(user_id).Add(q.bucket).Add(q.from).Add(q.to);
  p.Add(q.metric_type);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kSummary, p));
  std::vector<Bucket> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(Bucket{.metric_type = r.String(i, 0),
                         .bucket_start = r.String(i, 1),
                         .count = r.Int64(i, 2),
                         .sum = r.Double(i, 3),
                         .avg = r.Double(i, 4),
                         .min = r.Double(i, 5),
                         .max = r.Double(i, 6)});
  }
  return out;
}

StatusOr<std::vector<Metric>> LatestPerType(db::Connection& db, std::string_view user_id) {
  db::Params p;
  p.Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kLatest, p));
  std::vector<Metric> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(Read(r, i));
  return out;
}

}  // namespace keel::engagement
