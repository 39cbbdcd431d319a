// RenderError: Status → JSON error envelope.
#include "http/error_response.h"

#include <string>

namespace keel::http {

void RenderError(const Status& status, Response& response) {
  ErrorCode code = status.ok() ? ErrorCode::kInternal : status.code();
  int http_status = HttpStatusOf(code);
  const std::string& message =
      code == ErrorCode::kInternal ? std::string("internal error") : status.message();
  if (status.retry_after() > 0) {
    response.AddHeader("Retry-After", std::to_string(status.retry_after()));
  } else if (http_status == 503 || http_status == 429) {
    response.AddHeader("Retry-After", "1");
  }
  response.RawJson(http_status, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("success");
    w.Bool(false);
    w.Key("error");
    w.StartObject();
    w.Key("code");
    w.String(CodeNameOf(code));
    w.Key("message");
    WriteString(w, message);
    if (!status.field().empty()) {
      w.Key("field");
      WriteString(w, status.field());
    }
    if (!status.details().empty()) {
      w.Key("details");
      w.StartArray();
      for (const FieldError& e : status.details()) {
        w.StartObject();
        w.Key("field");
        WriteString(w, e.field);
        w.Key("message");
        WriteString(w, e.message);
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
    w.EndObject();
  });
}

}  // namespace keel::http
