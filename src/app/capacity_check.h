// CheckDatabaseCapacity: before `keel serve` forks, makes sure PostgreSQL can accept
// one connection per worker (plus one spare for the rolling replacement of SIGHUP).
// Starting more workers than max_connections allows would only produce workers that
// fail every request; refusing with a clear message is kinder.
#pragma once

#include "base/status.h"
#include "config/config.h"

namespace keel {

// Ok when the database has room (or cannot be reached now: the workers will retry).
// Otherwise an error whose message names KEEL_WORKERS and the numbers involved.
Status CheckDatabaseCapacity(const Config& config);

}  // namespace keel
