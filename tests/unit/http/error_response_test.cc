// RenderError: the error envelope of §3, status codes, Retry-After, no internals.
#include "http/error_response.h"

#include <gtest/gtest.h>

namespace keel::http {
namespace {

std::string Render(const Status& s, Response& r) {
  RenderError(s, r);
  return std::string(r.body());
}

TEST(ErrorResponse, ValidationCarriesFieldAndDetails) {
  Response r;
  std::string body = Render(Status::Invalid({{"title", "title is required"},
                                             {"priority", "priority must be one of: low"}}),
                            r);
  EXPECT_EQ(r.status(), 400);
  EXPECT_EQ(body,
            "{\"success\":false,\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"title is "
            "required\",\"field\":\"title\",\"details\":[{\"field\":\"title\",\"message\":"
            "\"title is required\"},{\"field\":\"priority\",\"message\":\"priority must be one "
            "of: low\"}]}}");
  EXPECT_EQ(r.content_type(), "application/json");
}

TEST(ErrorResponse, InternalNeverShowsItsMessage) {
  Response r;
  std::string body =
      Render(Status::Internal("ERROR: relation \"users\" does not exist at /srv/keel/src/x.cc"), r);
  EXPECT_EQ(r.status(), 500);
  EXPECT_EQ(body,
            "{\"success\":false,\"error\":{\"code\":\"INTERNAL\",\"message\":\"internal "
            "error\"}}");
}

TEST(ErrorResponse, UnavailableAndRateLimitedCarryRetryAfter) {
  Response r1;
  Render(Status::Unavailable("database unavailable", 3), r1);
  EXPECT_EQ(r1.status(), 503);
  EXPECT_EQ(r1.Header("Retry-After"), "3");
  Response r2;
  Render(Status::RateLimited("too many attempts", 60), r2);
  EXPECT_EQ(r2.status(), 429);
  EXPECT_EQ(r2.Header("Retry-After"), "60");
}

struct CodeCase {
  ErrorCode code;
  int status;
  const char* name;
};

class ErrorCodes : public testing::TestWithParam<CodeCase> {};

TEST_P(ErrorCodes, MapToContract) {
  EXPECT_EQ(HttpStatusOf(GetParam().code), GetParam().status);
  EXPECT_STREQ(CodeNameOf(GetParam().code), GetParam().name);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ErrorCodes,
    testing::Values(CodeCase{ErrorCode::kValidation, 400, "VALIDATION_ERROR"},
                    CodeCase{ErrorCode::kBadRequest, 400, "VALIDATION_ERROR"},
                    CodeCase{ErrorCode::kUnauthorized, 401, "UNAUTHORIZED"},
                    CodeCase{ErrorCode::kForbidden, 403, "FORBIDDEN"},
                    CodeCase{ErrorCode::kNotFound, 404, "NOT_FOUND"},
                    CodeCase{ErrorCode::kMethodNotAllowed, 405, "METHOD_NOT_ALLOWED"},
                    CodeCase{ErrorCode::kConflict, 409, "CONFLICT"},
                    CodeCase{ErrorCode::kPreconditionFailed, 412, "PRECONDITION_FAILED"},
                    CodeCase{ErrorCode::kPayloadTooLarge, 413, "PAYLOAD_TOO_LARGE"},
                    CodeCase{ErrorCode::kUnsupportedMedia, 415, "UNSUPPORTED_MEDIA_TYPE"},
                    CodeCase{ErrorCode::kUnprocessable, 422, "VALIDATION_ERROR"},
                    CodeCase{ErrorCode::kRateLimited, 429, "RATE_LIMITED"},
                    CodeCase{ErrorCode::kInternal, 500, "INTERNAL"},
                    CodeCase{ErrorCode::kUnavailable, 503, "UNAVAILABLE"},
                    CodeCase{ErrorCode::kTimeout, 503, "UNAVAILABLE"}));

TEST(Response, ListEnvelopeHasPagination) {
  Response r;
  r.JsonList(Pagination{2, 20, 41}, [](JsonWriter& w) { w.Int(1); });
  EXPECT_EQ(std::string(r.body()),
            "{\"success\":true,\"data\":[1],\"pagination\":{\"page\":2,\"limit\":20,\"total\":41,"
            "\"pages\":3}}");
}

TEST(Response, CursorPageHasNextAndMayOmitTheTotal) {
  Response r;
  r.page_cursor().next = "abc";
  r.page_cursor().total_skipped = true;
  r.JsonList(Pagination{1, 20, 0}, [](JsonWriter& w) { w.Int(1); });
  EXPECT_EQ(std::string(r.body()),
            "{\"success\":true,\"data\":[1],\"pagination\":{\"page\":1,\"limit\":20,"
            "\"next\":\"abc\"}}");
}

TEST(Response, ErrorKeepsHeadersAddedBefore) {
  Response r;
  r.AddHeader("Allow", "GET");
  RenderError(Status::Error(ErrorCode::kMethodNotAllowed, "method not allowed"), r);
  EXPECT_EQ(r.Header("Allow"), "GET");
  EXPECT_EQ(r.status(), 405);
}

}  // namespace
}  // namespace keel::http
