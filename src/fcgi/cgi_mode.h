// Plain CGI: one request from the environment and stdin, the answer on stdout,
// then exit — for shared hosts that offer CGI but no FastCGI process manager.
#pragma once

#include "config/config.h"

namespace keel::fcgi {

int RunCgiRequest(const Config& config);

}  // namespace keel::fcgi
