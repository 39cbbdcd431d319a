// Webhook endpoints and events in PostgreSQL (sql/003_resources.sql).
#include "webhooks/webhook_store.h"

#include "crypto/encoding.h"
#include "crypto/random.h"
#include "db/constraint_errors.h"
#include "db/list_sql.h"
#include "db/sql_fragments.h"
#include "webhooks/signature.h"

namespace keel::webhooks {
namespace {

// Never `secret`: these columns feed responses.
// clang-format off
#define KEEL_ENDPOINT_COLUMNS \
  "id, user_id, name, description, " \
  KEEL_SQL_RFC3339("created_at") ", " \
  KEEL_SQL_RFC3339("updated_at")
// clang-format on

// clang-format off
#define KEEL_EVENT_COLUMNS \
  "id, endpoint_id, webhook_id, type, payload::text, status, object_type, object_id, " \
  KEEL_SQL_RFC3339("received_at") ", " \
  KEEL_SQL_RFC3339("processed_at")
// clang-format on

constexpr db::Statement kInsert{
    "webhook_endpoints_insert",
    "INSERT INTO webhook_endpoints (user_id, name, description, secret) "
    "VALUES ($1, $2::varchar, $3::text, decode($4::text, 'hex')) RETURNING " KEEL_ENDPOINT_COLUMNS};
constexpr db::Statement kGet{"webhook_endpoints_get",
                             "SELECT " KEEL_ENDPOINT_COLUMNS
                             " FROM webhook_endpoints WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kDelete{"webhook_endpoints_delete",
                                "DELETE FROM webhook_endpoints WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kKey{
    "webhook_endpoints_key",
    "SELECT user_id, encode(secret, 'hex') FROM webhook_endpoints WHERE id = $1"};

constexpr db::Statement kClaim{
    "webhook_events_claim",
    "INSERT INTO webhook_events (endpoint_id, webhook_id, type, payload) "
    "VALUES ($1, $2::varchar, $3::varchar, $4::jsonb) "
    "ON CONFLICT (endpoint_id, webhook_id) DO NOTHING RETURNING " KEEL_EVENT_COLUMNS};
constexpr db::Statement kFindEvent{
    "webhook_events_find",
    "SELECT " KEEL_EVENT_COLUMNS " FROM webhook_events WHERE endpoint_id = $1 AND webhook_id = $2"};
constexpr db::Statement kProcessed{
    "webhook_events_processed",
    "UPDATE webhook_events SET status = 'processed', object_type = $2::varchar, "
    "object_id = $3::uuid, processed_at = now(), updated_at = now() "
    "WHERE id = $1 RETURNING " KEEL_EVENT_COLUMNS};

constexpr db::ListTable kEndpointTable{
    .columns = KEEL_ENDPOINT_COLUMNS, .from = "webhook_endpoints", .scope = "user_id = $1"};
constexpr db::ListTable kEventTable{
    .columns = KEEL_EVENT_COLUMNS,
    .from = "webhook_events",
    .scope =
        "endpoint_id = $1 AND EXISTS (SELECT 1 FROM webhook_endpoints w "
        "WHERE w.id = $1 AND w.user_id = $2)"};

constexpr db::ListField kEndpointFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "updated_at",
     .column = "updated_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "name",
     .column = "name",
     .type = db::FieldType::kText,
     .sortable = true,
     .filterable = true},
};
constexpr db::ListSpec kEndpointSpec{.fields = kEndpointFields, .search_column = "name"};

constexpr db::ListField kEventFields[] = {
    {.name = "received_at",
     .column = "received_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "type",
     .column = "type",
     .type = db::FieldType::kText,
     .sortable = true,
     .filterable = true},
    {.name = "status",
     .column = "status",
     .type = db::FieldType::kEnum,
     .filterable = true,
     .values = kEventStatuses},
    {.name = "webhook_id",
     .column = "webhook_id",
     .type = db::FieldType::kText,
     .filterable = true},
};
constexpr db::ListSpec kEventSpec{
    .fields = kEventFields, .search_column = "type", .default_sort = "-received_at"};

constexpr db::ConstraintField kConstraints[] = {
    {"webhook_endpoints_description_check", "description", "description is too long"},
};

Endpoint ReadEndpoint(const db::Result& r, int row) {
  return Endpoint{.id = r.String(row, 0),
                  .user_id = r.String(row, 1),
                  .name = r.OptString(row, 2),
                  .description = r.OptString(row, 3),
                  .created_at = r.String(row, 4),
                  .updated_at = r.String(row, 5)};
}

Event ReadEvent(const db::Result& r, int row) {
  return Event{.id = r.String(row, 0),
               .endpoint_id = r.String(row, 1),
               .webhook_id = r.String(row, 2),
               .type = r.String(row, 3),
               .payload = r.String(row, 4),
               .status = r.String(row, 5),
               .object_type = r.OptString(row, 6),
               .object_id = r.OptString(row, 7),
               .received_at = r.String(row, 8),
               .processed_at = r.OptString(row, 9)};
}

}  // namespace

const db::ListSpec& EndpointListSpec() { return kEndpointSpec; }
const db::ListSpec& EventListSpec() { return kEventSpec; }

StatusOr<CreatedEndpoint> CreateEndpoint(db::Connection& db, std::string_view user_id,
                                         const EndpointInput& in) {
  std::string key = crypto::RandomBytes(kSecretBytes);
  db::Params p;
  p.Add(user_id).Add(in.name).Add(in.description).Add(crypto::HexEncode(key));
  auto r = db.Execute(kInsert, p);
  if (!r.ok()) return db::MapConstraint(db, r.status(), kConstraints);
  return CreatedEndpoint{.endpoint = ReadEndpoint(*r, 0), .secret = EncodeSecret(key)};
}

StatusOr<Endpoint> GetEndpoint(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return ReadEndpoint(r, 0);
}

Status DeleteEndpoint(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<EndpointPage> ListEndpoints(db::Connection& db, std::string_view user_id,
                                     const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page,
                        db::RunList(db, kEndpointTable, query, {std::string(user_id)}));
  EndpointPage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(ReadEndpoint(page.rows, i));
  return out;
}

StatusOr<EndpointKey> FindEndpointKey(db::Connection& db, std::string_view id) {
  db::Params p;
  p.Add(id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kKey, p));
  if (r.empty()) return Status::NotFound();
  std::optional<std::string> key = crypto::HexDecode(r.Text(0, 1));
  if (!key) return Status::Internal();
  return EndpointKey{.user_id = r.String(0, 0), .key = std::move(*key)};
}

StatusOr<EventPage> ListEvents(db::Connection& db, std::string_view user_id,
                               std::string_view endpoint_id, const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(
      db::ListPage page,
      db::RunList(db, kEventTable, query, {std::string(endpoint_id), std::string(user_id)}));
  EventPage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(ReadEvent(page.rows, i));
  return out;
}

StatusOr<std::optional<Event>> ClaimEvent(db::Connection& db, std::string_view endpoint_id,
                                          std::string_view webhook_id, std::string_view type,
                                          std::string_view payload) {
  db::Params p;
  p.Add(endpoint_id).Add(webhook_id).Add(type).Add(payload);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kClaim, p));
  if (r.empty()) return std::optional<Event>();
  return std::optional<Event>(ReadEvent(r, 0));
}

StatusOr<Event> FindEvent(db::Connection& db, std::string_view endpoint_id,
                          std::string_view webhook_id) {
  db::Params p;
  p.Add(endpoint_id).Add(webhook_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kFindEvent, p));
  if (r.empty()) return Status::NotFound();
  return ReadEvent(r, 0);
}

StatusOr<Event> MarkProcessed(db::Connection& db, std::string_view event_id,
                              std::string_view object_type, std::string_view object_id) {
  db::Params p;
  p.Add(event_id).Add(object_type).Add(object_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kProcessed, p));
  if (r.empty()) return Status::NotFound();
  return ReadEvent(r, 0);
}

}  // namespace keel::webhooks
