// ParseBody: Content-Type → the matching body parser (see body.h).
#include "http/body.h"

#include "http/content_type.h"
#include "http/json_body.h"
#include "http/multipart.h"

namespace keel::http {
namespace {

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

Status Unsupported() {
  return Status::Error(ErrorCode::kUnsupportedMedia,
                       "unsupported content type (use application/json, "
                       "application/x-www-form-urlencoded or multipart/form-data)");
}

bool IsJson(const ContentType& type) {
  if (type.Is("application", "json")) return true;
  std::string_view subtype = type.subtype;
  return subtype.size() > 5 && subtype.substr(subtype.size() - 5) == "+json";
}

}  // namespace

StatusOr<Fields> ParseBody(std::string_view content_type, std::string_view body,
                           const FormLimits& limits) {
  if (IsBlank(content_type)) {
    if (body.empty()) return Fields();
    return Status::Error(ErrorCode::kUnsupportedMedia, "request body without a content type");
  }
  KEEL_ASSIGN_OR_RETURN(ContentType type, ParseContentType(content_type));
  if (!type.charset.empty() && type.charset != "utf-8") {
    return Status::Error(ErrorCode::kUnsupportedMedia, "unsupported charset (use utf-8)");
  }
  if (IsJson(type)) return ParseJsonBody(body, limits);
  if (type.Is("application", "x-www-form-urlencoded")) return ParseFormUrlencoded(body, limits);
  if (type.Is("multipart", "form-data")) {
    if (type.boundary.empty()) {
      return Status::BadRequest("multipart/form-data without a boundary parameter");
    }
    return ParseMultipartFormData(body, type.boundary, limits);
  }
  return Unsupported();
}

}  // namespace keel::http
