// CGI parameters ↔ keel's Request and Response. FastCGI passes the same CGI/1.1
// variables as plain CGI does, so one translation serves both modes: the caller
// supplies a lookup function (FCGX_GetParam over the request's envp, or getenv).
#pragma once

#include <functional>
#include <string>

#include "http/request.h"
#include "http/response.h"

namespace keel::fcgi {

using ParamLookup = std::function<const char*(const char*)>;

// Fills everything but the body. Returns the CONTENT_LENGTH the client announced
// (-1 if absent or malformed).
int64_t ReadRequestHead(const ParamLookup& param, http::Request& request);

// "Status: 200 OK\r\nContent-Type: …\r\nContent-Length: N\r\n…\r\n\r\n" — the CGI
// response head; the body follows it unless `head_only` (HEAD requests).
std::string FormatResponseHead(const http::Response& response, bool head_only);

const char* ReasonPhrase(int status);

}  // namespace keel::fcgi
