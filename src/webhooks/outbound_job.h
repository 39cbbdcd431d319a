// The job that delivers one outbound webhook (kind "webhook.deliver", payload
// {"delivery_id": …}), written by the database trigger of sql/005 in the same
// transaction as the change, or by a redelivery.
//
// Each attempt signs the stored payload anew (webhook-id "msg_<delivery id>", the same
// on every attempt; webhook-timestamp now) and POSTs it (outbound_sender.h). A 2xx
// completes the job; anything else is a failed attempt, retried by the queue's
// back-off until KEEL_JOB_MAX_ATTEMPTS. A delivery whose subscription was deleted, or
// disabled, is dropped (the job completes).
#pragma once

#include "config/config.h"
#include "db/connection.h"
#include "jobs/job_store.h"

namespace keel::webhooks {

inline constexpr const char* kDeliverJobKind = "webhook.deliver";

Status RunDeliveryJob(db::Connection& db, const Config& config, const jobs::ClaimedJob& job);

}  // namespace keel::webhooks
