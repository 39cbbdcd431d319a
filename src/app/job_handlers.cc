// The job kinds keel runs: outbound webhook deliveries.
#include "app/job_handlers.h"

#include "webhooks/outbound_job.h"

namespace keel {

jobs::JobHandlers DefaultJobHandlers(const Config& config) {
  jobs::JobHandlers handlers;
  handlers.emplace(webhooks::kDeliverJobKind,
                   [&config](db::Connection& db, const jobs::ClaimedJob& job) {
                     return webhooks::RunDeliveryJob(db, config, job);
                   });
  return handlers;
}

}  // namespace keel
