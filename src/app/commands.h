// The administrative commands of the keel binary: migrate and user create.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace keel {

// `keel migrate [status]`: applies pending migrations, or lists their state.
int RunMigrateCommand(const Config& config, bool status_only);

// `keel user create --email E [--admin]`: reads the password from stdin (without
// echo on a terminal; never from argv, where `ps` would show it).
int RunUserCreateCommand(const Config& config, const std::vector<std::string>& args);

// `keel files sweep [--min-age SECONDS]`: removes the local store's leftovers (temp
// files, objects without a row) older than --min-age (default 3600).
int RunFilesCommand(const Config& config, const std::vector<std::string>& args);

}  // namespace keel
