// Outbound webhook subscriptions and deliveries in PostgreSQL (see subscription_store.h).
#include "webhooks/subscription_store.h"

#include "crypto/encoding.h"
#include "crypto/random.h"
#include "db/sql_fragments.h"
#include "db/transaction.h"
#include "webhooks/signature.h"

namespace keel::webhooks {
namespace {

// clang-format off
#define KEEL_SUBSCRIPTION_COLUMNS \
  "id, url, array_to_json(events)::text, description, enabled, disabled_reason, " \
  KEEL_SQL_RFC3339("disabled_at") ", consecutive_failures, " \
  KEEL_SQL_RFC3339("created_at") ", " KEEL_SQL_RFC3339("updated_at")
#define KEEL_DELIVERY_COLUMNS \
  "d.id, d.subscription_id, d.event_type, d.status, d.attempts, d.response_code, " \
  "d.last_error, " KEEL_SQL_RFC3339("d.last_attempt_at") ", " \
  KEEL_SQL_RFC3339("d.created_at") ", d.payload::text"
// clang-format on

constexpr db::Statement kInsert{
    "webhook_subscriptions_insert",
    "INSERT INTO webhook_subscriptions (user_id, url, events, description, secret) "
    "SELECT $1, $2, $3::text[], $4::text, decode($5::text, 'hex') "
    "WHERE (SELECT count(*) FROM webhook_subscriptions WHERE user_id = $1) < $6 "
    "RETURNING " KEEL_SUBSCRIPTION_COLUMNS};
constexpr db::Statement kGet{"webhook_subscriptions_get",
                             "SELECT " KEEL_SUBSCRIPTION_COLUMNS
                             " FROM webhook_subscriptions WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kList{"webhook_subscriptions_list",
                              "SELECT " KEEL_SUBSCRIPTION_COLUMNS
                              " FROM webhook_subscriptions WHERE user_id = $1 "
                              "ORDER BY created_at, id LIMIT 100"};
// Enabling again clears the reason and the run of failures.
constexpr db::Statement kUpdate{
    "webhook_subscriptions_update",
    "UPDATE webhook_subscriptions SET "
    "url = COALESCE($3::text, url), events = COALESCE($4::text[], events), "
    "description = CASE WHEN $5::boolean THEN $6::text ELSE description END, "
    "enabled = COALESCE($7::boolean, enabled), "
    "disabled_reason = CASE WHEN $7::boolean THEN NULL ELSE disabled_reason END, "
    "disabled_at = CASE WHEN $7::boolean THEN NULL "
    "WHEN $7::boolean = false AND enabled THEN now() ELSE disabled_at END, "
    "consecutive_failures = CASE WHEN $7::boolean THEN 0 ELSE consecutive_failures END, "
    "updated_at = now() WHERE id = $1 AND user_id = $2 RETURNING " KEEL_SUBSCRIPTION_COLUMNS};
constexpr db::Statement kDelete{"webhook_subscriptions_delete",
                                "DELETE FROM webhook_subscriptions WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kListDeliveries{"webhook_deliveries_list",
                                        "SELECT " KEEL_DELIVERY_COLUMNS
                                        " FROM webhook_deliveries d "
                                        "WHERE d.subscription_id = $1 AND d.user_id = $2 "
                                        "ORDER BY d.created_at DESC, d.id DESC LIMIT 100"};
constexpr db::Statement kRedeliver{
    "webhook_deliveries_redeliver",
    "UPDATE webhook_deliveries d SET status = 'pending', updated_at = now() "
    "WHERE d.id = $1 AND d.subscription_id = $2 AND d.user_id = $3 "
    "RETURNING " KEEL_DELIVERY_COLUMNS};
constexpr db::Statement kEnqueueDelivery{
    "webhook_deliveries_enqueue",
    "INSERT INTO jobs (kind, payload, max_attempts) "
    "VALUES ('webhook.deliver', jsonb_build_object('delivery_id', $1::uuid), $2)"};
constexpr db::Statement kLoad{
    "webhook_deliveries_load",
    "SELECT d.id, d.subscription_id, s.url, encode(s.secret, 'hex'), d.payload::text, s.enabled "
    "FROM webhook_deliveries d JOIN webhook_subscriptions s "
    "ON s.id = d.subscription_id AND s.user_id = d.user_id WHERE d.id = $1"};
// One statement (one round trip, its own transaction): the attempt on the delivery and
// the subscription's run of failures, disabling it at `disable_after`.
constexpr db::Statement kRecordAttempt{
    "webhook_deliveries_record",
    "WITH d AS (UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), "
    "updated_at = now(), response_code = NULLIF($3::integer, 0), last_error = NULLIF($4, ''), "
    "status = CASE WHEN $5::boolean THEN 'succeeded' WHEN $6::boolean THEN 'failed' "
    "ELSE 'pending' END WHERE id = $1) "
    "UPDATE webhook_subscriptions SET "
    "consecutive_failures = CASE WHEN $5::boolean THEN 0 ELSE consecutive_failures + 1 END, "
    "enabled = enabled AND ($5::boolean OR consecutive_failures + 1 < $7), "
    "disabled_at = CASE WHEN enabled AND NOT $5::boolean AND consecutive_failures + 1 >= $7 "
    "THEN now() ELSE disabled_at END, "
    "disabled_reason = CASE WHEN enabled AND NOT $5::boolean AND consecutive_failures + 1 >= $7 "
    "THEN left(format('disabled after %s failed delivery attempts in a row; last: %s', "
    "consecutive_failures + 1, $4::text), 500) ELSE disabled_reason END, "
    "updated_at = CASE WHEN $5::boolean AND consecutive_failures = 0 THEN updated_at ELSE now() "
    "END "
    "WHERE id = $2"};

Subscription ReadSubscription(const db::Result& r, int row) {
  return Subscription{.id = r.String(row, 0),
                      .url = r.String(row, 1),
                      .events_json = r.String(row, 2),
                      .description = r.OptString(row, 3),
                      .enabled = r.Bool(row, 4),
                      .disabled_reason = r.OptString(row, 5),
                      .disabled_at = r.OptString(row, 6),
                      .consecutive_failures = r.Int64(row, 7),
                      .created_at = r.String(row, 8),
                      .updated_at = r.String(row, 9)};
}

DeliveryRecord ReadDelivery(const db::Result& r, int row) {
  DeliveryRecord d{.id = r.String(row, 0),
                   .subscription_id = r.String(row, 1),
                   .event_type = r.String(row, 2),
                   .status = r.String(row, 3),
                   .attempts = r.Int64(row, 4),
                   .response_code = std::nullopt,
                   .last_error = r.OptString(row, 6),
                   .last_attempt_at = r.OptString(row, 7),
                   .created_at = r.String(row, 8),
                   .payload = r.String(row, 9)};
  if (!r.IsNull(row, 5)) d.response_code = r.Int64(row, 5);
  return d;
}

// A PostgreSQL array literal of known event names (they contain only [a-z_.]).
std::optional<std::string> EventsArray(const std::optional<std::vector<std::string>>& events) {
  if (!events) return std::nullopt;
  std::string text = "{";
  for (size_t i = 0; i < events->size(); ++i) {
    if (i > 0) text += ',';
    text += (*events)[i];
  }
  return text + "}";
}

}  // namespace

bool KnownOutboundEvent(std::string_view name) {
  for (std::string_view known : kOutboundEvents) {
    if (known == name) return true;
  }
  return false;
}

StatusOr<CreatedSubscription> CreateSubscription(db::Connection& db, std::string_view user_id,
                                                 const SubscriptionChanges& in) {
  std::string key = crypto::RandomBytes(kSecretBytes);
  db::Params p;
  p.Add(user_id).Add(in.url).Add(EventsArray(in.events)).Add(in.description);
  p.Add(crypto::HexEncode(key)).Add(kMaxSubscriptionsPerUser);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kInsert, p));
  if (r.empty()) {
    return Status::Conflict("at most " + std::to_string(kMaxSubscriptionsPerUser) +
                            " webhook subscriptions per user");
  }
  return CreatedSubscription{.subscription = ReadSubscription(r, 0), .secret = EncodeSecret(key)};
}

StatusOr<Subscription> GetSubscription(db::Connection& db, std::string_view user_id,
                                       std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return ReadSubscription(r, 0);
}

StatusOr<std::vector<Subscription>> ListSubscriptions(db::Connection& db,
                                                      std::string_view user_id) {
  db::Params p;
  p.Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kList, p));
  std::vector<Subscription> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ReadSubscription(r, i));
  return out;
}

StatusOr<Subscription> UpdateSubscription(db::Connection& db, std::string_view user_id,
                                          std::string_view id, const SubscriptionChanges& c) {
  db::Params p;
  p.Add(id).Add(user_id).Add(c.url).Add(EventsArray(c.events));
  p.Add(c.set_description).Add(c.description).Add(c.enabled);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kUpdate, p));
  if (r.empty()) return Status::NotFound();
  return ReadSubscription(r, 0);
}

Status DeleteSubscription(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<std::vector<DeliveryRecord>> ListDeliveries(db::Connection& db, std::string_view user_id,
                                                     std::string_view subscription_id) {
  KEEL_RETURN_IF_ERROR(GetSubscription(db, user_id, subscription_id).status());
  db::Params p;
  p.Add(subscription_id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kListDeliveries, p));
  std::vector<DeliveryRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ReadDelivery(r, i));
  return out;
}

StatusOr<DeliveryRecord> Redeliver(db::Connection& db, std::string_view user_id,
                                   std::string_view subscription_id, std::string_view delivery_id,
                                   int max_attempts) {
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  db::Params p;
  p.Add(delivery_id).Add(subscription_id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kRedeliver, p));
  if (r.empty()) return Status::NotFound();
  db::Params job;
  job.Add(delivery_id).Add(max_attempts);
  KEEL_RETURN_IF_ERROR(db.Execute(kEnqueueDelivery, job).status());
  KEEL_RETURN_IF_ERROR(tx.Commit());
  return ReadDelivery(r, 0);
}

StatusOr<std::optional<PendingDelivery>> LoadDelivery(db::Connection& db,
                                                      std::string_view delivery_id) {
  db::Params p;
  p.Add(delivery_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kLoad, p));
  if (r.empty()) return std::optional<PendingDelivery>();
  std::optional<std::string> key = crypto::HexDecode(r.Text(0, 3));
  if (!key) return Status::Internal("bad stored webhook secret");
  return std::optional<PendingDelivery>(PendingDelivery{.id = r.String(0, 0),
                                                        .subscription_id = r.String(0, 1),
                                                        .url = r.String(0, 2),
                                                        .key = std::move(*key),
                                                        .payload = r.String(0, 4),
                                                        .enabled = r.Bool(0, 5)});
}

Status RecordAttempt(db::Connection& db, const PendingDelivery& delivery,
                     const AttemptOutcome& outcome, int64_t disable_after) {
  db::Params p;
  p.Add(delivery.id).Add(delivery.subscription_id).Add(outcome.response_code).Add(outcome.error);
  p.Add(outcome.succeeded).Add(outcome.final).Add(disable_after);
  return db.Execute(kRecordAttempt, p).status();
}

}  // namespace keel::webhooks
