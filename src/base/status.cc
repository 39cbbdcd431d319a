// Status helpers and the mapping from error codes to HTTP statuses and contract names.
#include "base/status.h"

#include <cerrno>
#include <cstring>

namespace keel {

Status Status::FromErrno(const std::string& what) {
  return Internal(what + ": " + std::strerror(errno));
}

Status Status::Invalid(std::vector<FieldError> details) {
  Status s;
  s.code_ = ErrorCode::kValidation;
  s.message_ = details.empty() ? "invalid input" : details.front().message;
  s.details_ = std::move(details);
  return s;
}

Status Status::InvalidField(std::string field, std::string message) {
  return Invalid({FieldError{std::move(field), std::move(message)}});
}

const std::string& Status::field() const {
  static const std::string kNone;
  return details_.empty() ? kNone : details_.front().field;
}

int HttpStatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return 200;
    case ErrorCode::kValidation:
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMedia:
      return 415;
    case ErrorCode::kUnprocessable:
      return 422;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kUnavailable:
    case ErrorCode::kTimeout:
      return 503;
  }
  return 500;
}

const char* CodeNameOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
    case ErrorCode::kValidation:
    case ErrorCode::kBadRequest:
    case ErrorCode::kUnprocessable:
      return "VALIDATION_ERROR";
    case ErrorCode::kUnauthorized:
      return "UNAUTHORIZED";
    case ErrorCode::kForbidden:
      return "FORBIDDEN";
    case ErrorCode::kNotFound:
      return "NOT_FOUND";
    case ErrorCode::kMethodNotAllowed:
      return "METHOD_NOT_ALLOWED";
    case ErrorCode::kConflict:
      return "CONFLICT";
    case ErrorCode::kPreconditionFailed:
      return "PRECONDITION_FAILED";
    case ErrorCode::kPayloadTooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorCode::kUnsupportedMedia:
      return "UNSUPPORTED_MEDIA_TYPE";
    case ErrorCode::kRateLimited:
      return "RATE_LIMITED";
    case ErrorCode::kInternal:
      return "INTERNAL";
    case ErrorCode::kUnavailable:
    case ErrorCode::kTimeout:
      return "UNAVAILABLE";
  }
  return "INTERNAL";
}

}  // namespace keel
