// CGI parameters ↔ keel's Request and Response. FastCGI passes the same CGI/1.1
// variables as plain CGI does, so one translation serves both modes: the caller passes
// the NAME=VALUE array (the FastCGI request's envp, or the process's environ).
#pragma once

#include <string>

#include "http/request.h"
#include "http/response.h"

namespace keel::fcgi {

// Fills everything but the body, in one pass over `env` (a null-terminated NAME=VALUE
// array; a name given twice counts once, the first time, as with FCGX_GetParam). Returns
// the CONTENT_LENGTH the client announced (0 if absent, -1 if malformed).
int64_t ReadRequestHead(const char* const* env, http::Request& request);

// "Status: 200 OK\r\nContent-Type: …\r\nContent-Length: N\r\n…\r\n\r\n" — the CGI
// response head; the body follows it unless `head_only` (HEAD requests).
std::string FormatResponseHead(const http::Response& response, bool head_only);

const char* ReasonPhrase(int status);

}  // namespace keel::fcgi
