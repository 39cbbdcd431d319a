// CGI parameters ↔ keel's Request and Response. FastCGI passes the same CGI/1.1
// variables as plain CGI does, so one translation serves both modes: the caller passes
// the NAME=VALUE array (the FastCGI request's envp, or the process's environ).
#pragma once

#include <string>

#include "http/request.h"
#include "http/response.h"

namespace keel::fcgi {

// Fills every field of `request` from `env` (a null-terminated NAME=VALUE array; a name
// given twice counts once, the first time, as with FCGX_GetParam), in one pass: a field
// whose variable is absent is emptied, and the body is emptied (it is read afterwards),
// so a Request reused from the previous request keeps nothing of it but its strings'
// capacity. Returns the CONTENT_LENGTH the client announced (0 if absent, -1 if
// malformed).
int64_t ReadRequestHead(const char* const* env, http::Request& request);

// "Status: 200 OK\r\nContent-Type: …\r\nContent-Length: N\r\n…\r\n\r\n" — the CGI
// response head (the body follows it, but not for HEAD requests), written into `head`
// (its old text replaced; a worker reuses one string, and its capacity, for every answer).
void FormatResponseHead(const http::Response& response, std::string& head);

const char* ReasonPhrase(int status);

}  // namespace keel::fcgi
