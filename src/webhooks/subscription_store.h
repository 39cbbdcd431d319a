// SubscriptionStore: the SQL of outbound webhook subscriptions and their deliveries
// (sql/005_jobs_webhooks_mail.sql). Every statement a request runs is scoped to its
// owner in the statement; the job side (LoadDelivery, RecordAttempt) works by delivery
// id, from a job the database itself wrote.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "db/connection.h"

namespace keel::webhooks {

inline constexpr std::string_view kOutboundEvents[] = {
    "task.created",       "task.updated",       "task.deleted",
    "project.created",    "project.updated",    "project.deleted",
    "time_entry.created", "time_entry.updated", "time_entry.deleted"};
bool KnownOutboundEvent(std::string_view name);

inline constexpr int kMaxSubscriptionsPerUser = 100;
inline constexpr int kDeliveriesListed = 100;

struct Subscription {
  std::string id;
  std::string url;
  std::string events_json;  // JSON array text
  std::optional<std::string> description;
  bool enabled = true;
  std::optional<std::string> disabled_reason;
  std::optional<std::string> disabled_at;
  int64_t consecutive_failures = 0;
  std::string created_at;
  std::string updated_at;
};

struct SubscriptionChanges {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  bool set_description = false;
  std::optional<std::string> description;
  std::optional<bool> enabled;
};

struct CreatedSubscription {
  Subscription subscription;
  std::string secret;  // "whsec_…", shown once
};

struct DeliveryRecord {
  std::string id;
  std::string subscription_id;
  std::string event_type;
  std::string status;
  int64_t attempts = 0;
  std::optional<int64_t> response_code;
  std::optional<std::string> last_error;
  std::optional<std::string> last_attempt_at;
  std::string created_at;
  std::string payload;  // JSON text
};

StatusOr<CreatedSubscription> CreateSubscription(db::Connection& db, std::string_view user_id,
                                                 const SubscriptionChanges& input);
StatusOr<Subscription> GetSubscription(db::Connection& db, std::string_view user_id,
                                       std::string_view id);
StatusOr<std::vector<Subscription>> ListSubscriptions(db::Connection& db, std::string_view user_id);
StatusOr<Subscription> UpdateSubscription(db::Connection& db, std::string_view user_id,
                                          std::string_view id, const SubscriptionChanges& c);
Status DeleteSubscription(db::Connection& db, std::string_view user_id, std::string_view id);
// The newest deliveries of one subscription (NOT_FOUND unless it is the user's).
StatusOr<std::vector<DeliveryRecord>> ListDeliveries(db::Connection& db, std::string_view user_id,
                                                     std::string_view subscription_id);
// Queues the delivery again (a new job, status pending) in one transaction.
StatusOr<DeliveryRecord> Redeliver(db::Connection& db, std::string_view user_id,
                                   std::string_view subscription_id, std::string_view delivery_id,
                                   int max_attempts);

// Job side.
struct PendingDelivery {
  std::string id;
  std::string subscription_id;
  std::string url;
  std::string key;  // signing key bytes
  std::string payload;
  bool enabled = true;
};
// nullopt when the delivery (or its subscription) no longer exists.
StatusOr<std::optional<PendingDelivery>> LoadDelivery(db::Connection& db,
                                                      std::string_view delivery_id);
struct AttemptOutcome {
  bool succeeded = false;
  bool final = false;  // the last attempt: a failure marks the delivery failed
  int64_t response_code = 0;
  std::string error;
};
// Records one attempt on the delivery and the subscription's run of failures, and
// disables the subscription once `disable_after` attempts in a row have failed.
Status RecordAttempt(db::Connection& db, const PendingDelivery& delivery,
                     const AttemptOutcome& outcome, int64_t disable_after);

}  // namespace keel::webhooks
