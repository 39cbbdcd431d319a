// CGI mode: getenv for parameters, fread for the body, fwrite for the answer.
#include "fcgi/cgi_mode.h"

#include <cstdio>
#include <cstdlib>

#include "app/app.h"
#include "db/connection.h"
#include "fcgi/cgi_params.h"

namespace keel::fcgi {

int RunCgiRequest(const Config& config) {
  db::Connection db(db::ConnectionOptions{
      .url = config.database_url,
      .statement_timeout_ms = config.statement_timeout_ms,
      .lock_timeout_ms = config.lock_timeout_ms,
      .idle_in_transaction_timeout_ms = config.idle_in_transaction_timeout_ms,
      .prepared = false,  // one request per process: preparing would cost a round trip
  });
  App app(config, db);
  http::Request request;
  http::Response response;
  int64_t length = ReadRequestHead(environ, request);
  if (length < 0 || length > config.max_body_bytes) {
    app.RejectEarly(request,
                    length < 0
                        ? Status::BadRequest("invalid Content-Length")
                        : Status::Error(ErrorCode::kPayloadTooLarge, "request body too large"),
                    response);
  } else {
    request.body.resize(static_cast<size_t>(length));
    size_t got = length > 0 ? std::fread(request.body.data(), 1, request.body.size(), stdin) : 0;
    if (got != request.body.size()) {
      app.RejectEarly(request, Status::BadRequest("request body shorter than Content-Length"),
                      response);
    } else {
      app.Handle(request, response);
    }
  }
  std::string head;
  FormatResponseHead(response, head);
  std::fwrite(head.data(), 1, head.size(), stdout);
  if (request.method != http::Method::kHead) {
    std::fwrite(response.body().data(), 1, response.body().size(), stdout);
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace keel::fcgi
