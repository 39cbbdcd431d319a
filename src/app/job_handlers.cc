// The job kinds keel runs: outbound webhook deliveries and mail.
#include "app/job_handlers.h"

#include "mail/mail_job.h"
#include "webhooks/outbound_job.h"

namespace keel {

jobs::JobHandlers DefaultJobHandlers(const Config& config) {
  jobs::JobHandlers handlers;
  handlers.emplace(webhooks::kDeliverJobKind,
                   [&config](db::Connection& db, const jobs::ClaimedJob& job) {
                     return webhooks::RunDeliveryJob(db, config, job);
                   });
  handlers.emplace(mail::kSendJobKind, [&config](db::Connection& db, const jobs::ClaimedJob& job) {
    return mail::RunMailJob(db, config, job);
  });
  return handlers;
}

}  // namespace keel
