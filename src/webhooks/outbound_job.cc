// One outbound webhook delivery attempt (see outbound_job.h).
#include "webhooks/outbound_job.h"

#include <rapidjson/document.h>

#include "base/clock.h"
#include "base/log.h"
#include "json/safe_parse.h"
#include "webhooks/outbound_sender.h"
#include "webhooks/signature.h"
#include "webhooks/subscription_store.h"

namespace keel::webhooks {

Status RunDeliveryJob(db::Connection& db, const Config& config, const jobs::ClaimedJob& job) {
  rapidjson::Document doc;
  KEEL_RETURN_IF_ERROR(json::ParseJson(job.payload, doc));
  if (!doc.IsObject() || !doc.HasMember("delivery_id") || !doc["delivery_id"].IsString()) {
    log::Error("webhook job without a delivery_id", {{"job_id", job.id}});
    return Status::Ok();  // nothing to retry
  }
  std::string delivery_id = doc["delivery_id"].GetString();
  KEEL_ASSIGN_OR_RETURN(std::optional<PendingDelivery> delivery, LoadDelivery(db, delivery_id));
  if (!delivery || !delivery->enabled) return Status::Ok();  // deleted or disabled: dropped
  std::string message_id = "msg_" + delivery->id;
  std::string timestamp = std::to_string(UnixSeconds());
  std::string signature =
      "v1," + ComputeSignature(delivery->key, message_id, timestamp, delivery->payload);
  PostOutcome sent = PostSigned(SignedPost{.url = delivery->url,
                                           .webhook_id = message_id,
                                           .timestamp = timestamp,
                                           .signature = signature,
                                           .body = delivery->payload,
                                           .timeout_ms = config.webhook_timeout_ms,
                                           .allow_private = config.webhook_allow_private});
  AttemptOutcome outcome{.succeeded = sent.ok(),
                         .final = job.last_attempt(),
                         .response_code = sent.status,
                         .error = sent.error};
  KEEL_RETURN_IF_ERROR(RecordAttempt(db, *delivery, outcome, config.webhook_disable_after));
  if (!sent.ok()) return Status::Unavailable("webhook delivery failed: " + sent.error);
  return Status::Ok();
}

}  // namespace keel::webhooks
