// Status and StatusOr: how every expected failure in keel travels.
//
// A Status is either ok or carries one of the contract's error codes (§3) with a
// message meant for the client, optionally the first bad field and the list of all
// bad fields. Errors are turned into HTTP responses in exactly one place
// (http/error_response), so code below the HTTP layer only says *what* went wrong.
// Messages must never contain secrets or internal detail (SQL, paths, SQLSTATEs):
// they are shown to clients verbatim.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace keel {

enum class ErrorCode {
  kOk,
  kValidation,          // 400 VALIDATION_ERROR
  kBadRequest,          // 400 VALIDATION_ERROR (malformed body or query, no single field)
  kUnauthorized,        // 401 UNAUTHORIZED
  kForbidden,           // 403 FORBIDDEN
  kNotFound,            // 404 NOT_FOUND
  kMethodNotAllowed,    // 405 METHOD_NOT_ALLOWED
  kConflict,            // 409 CONFLICT
  kPreconditionFailed,  // 412 PRECONDITION_FAILED (If-Match named a stale ETag)
  kPayloadTooLarge,     // 413 PAYLOAD_TOO_LARGE
  kUnsupportedMedia,    // 415 UNSUPPORTED_MEDIA_TYPE
  kUnprocessable,  // 422 VALIDATION_ERROR (well-formed but unusable, e.g. a reused Idempotency-Key)
  kRateLimited,    // 429 RATE_LIMITED
  kInternal,       // 500 INTERNAL
  kUnavailable,    // 503 UNAVAILABLE
  kTimeout,        // 503 UNAVAILABLE (statement or lock timeout)
};

// One invalid input field: its name and why it was refused.
struct FieldError {
  std::string field;
  std::string message;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string message) {
    Status s;
    s.code_ = code;
    s.message_ = std::move(message);
    return s;
  }
  // A validation failure naming every bad field; `field` is the first of them.
  static Status Invalid(std::vector<FieldError> details);
  static Status InvalidField(std::string field, std::string message);
  static Status BadRequest(std::string message) {
    return Error(ErrorCode::kBadRequest, std::move(message));
  }
  static Status Unauthorized(std::string message = "authentication required") {
    return Error(ErrorCode::kUnauthorized, std::move(message));
  }
  static Status Forbidden(std::string message = "forbidden") {
    return Error(ErrorCode::kForbidden, std::move(message));
  }
  static Status NotFound(std::string message = "not found") {
    return Error(ErrorCode::kNotFound, std::move(message));
  }
  static Status Conflict(std::string message) {
    return Error(ErrorCode::kConflict, std::move(message));
  }
  static Status Internal(std::string message = "internal error") {
    return Error(ErrorCode::kInternal, std::move(message));
  }
  // Internal error "what: strerror(errno)", for a failed system call.
  static Status FromErrno(const std::string& what);
  static Status Unavailable(std::string message, int retry_after_seconds = 1) {
    Status s = Error(ErrorCode::kUnavailable, std::move(message));
    s.retry_after_ = retry_after_seconds;
    return s;
  }
  static Status RateLimited(std::string message, int retry_after_seconds) {
    Status s = Error(ErrorCode::kRateLimited, std::move(message));
    s.retry_after_ = retry_after_seconds;
    return s;
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& details() const { return details_; }
  // The first bad field, or empty.
  const std::string& field() const;
  // Seconds for a Retry-After header, or 0 for none.
  int retry_after() const { return retry_after_; }

  // Internal detail for the log only (never sent to a client): e.g. the SQLSTATE.
  const std::string& log_detail() const { return log_detail_; }
  Status&& WithLogDetail(std::string detail) && {
    log_detail_ = std::move(detail);
    return std::move(*this);
  }
  Status&& WithRetryAfter(int seconds) && {
    retry_after_ = seconds;
    return std::move(*this);
  }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::vector<FieldError> details_;
  std::string log_detail_;
  int retry_after_ = 0;
};

// Either a value or an error Status. Access to value() on an error is a programming
// error and aborts in debug builds.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

// The HTTP status and contract code name of an error code.
int HttpStatusOf(ErrorCode code);
const char* CodeNameOf(ErrorCode code);

}  // namespace keel

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define KEEL_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::keel::Status keel_status_ = (expr);        \
    if (!keel_status_.ok()) return keel_status_; \
  } while (0)

#define KEEL_CONCAT_INNER(a, b) a##b
#define KEEL_CONCAT(a, b) KEEL_CONCAT_INNER(a, b)
// `KEEL_ASSIGN_OR_RETURN(auto x, Call());` — unwraps a StatusOr or returns its error.
#define KEEL_ASSIGN_OR_RETURN(lhs, expr) \
  KEEL_ASSIGN_OR_RETURN_IMPL(KEEL_CONCAT(keel_or_, __LINE__), lhs, expr)
#define KEEL_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
