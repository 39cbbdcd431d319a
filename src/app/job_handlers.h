// The job kinds keel runs and their handlers (jobs/job_worker.h runs them).
#pragma once

#include "config/config.h"
#include "jobs/job_worker.h"

namespace keel {

jobs::JobHandlers DefaultJobHandlers(const Config& config);

}  // namespace keel
