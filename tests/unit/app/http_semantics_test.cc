// Which API routes get ETag/304, If-Match/412 and Idempotency-Key: the predicates the
// dispatcher and `keel describe-api` (hence docs/openapi.yaml) both ask.
#include "app/http_semantics.h"

#include <gtest/gtest.h>

#include <cstring>

#include "api/routes.h"

namespace keel {
namespace {

const api::Route& RouteOf(http::Method method, const char* path) {
  for (const api::Route& r : api::ApiRoutes()) {
    if (r.method == method && std::strcmp(r.path, path) == 0) return r;
  }
  ADD_FAILURE() << "no route " << path;
  return api::ApiRoutes().front();
}

TEST(HttpSemantics, ReadsAreTaggedButNotTheSignInRoutes) {
  EXPECT_TRUE(TagsReads(RouteOf(http::Method::kGet, "/tasks")));
  EXPECT_TRUE(TagsReads(RouteOf(http::Method::kGet, "/notes/{id}")));
  EXPECT_FALSE(TagsReads(RouteOf(http::Method::kGet, "/auth/me")));
  EXPECT_FALSE(TagsReads(RouteOf(http::Method::kPost, "/tasks")));
}

TEST(HttpSemantics, ConditionalWritesNeedAGetOfTheSamePath) {
  const api::Route* twin = ReadTwinOf(RouteOf(http::Method::kPatch, "/tasks/{id}"));
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->method, http::Method::kGet);
  EXPECT_STREQ(twin->path, "/tasks/{id}");
  EXPECT_NE(ReadTwinOf(RouteOf(http::Method::kDelete, "/projects/{id}")), nullptr);
  EXPECT_EQ(ReadTwinOf(RouteOf(http::Method::kPost, "/tasks")), nullptr);
  EXPECT_EQ(ReadTwinOf(RouteOf(http::Method::kPatch, "/auth/me")), nullptr);
}

TEST(HttpSemantics, IdempotencyKeysOnSignedInCreatesOnly) {
  EXPECT_TRUE(TakesIdempotencyKey(RouteOf(http::Method::kPost, "/tasks")));
  EXPECT_TRUE(TakesIdempotencyKey(RouteOf(http::Method::kPost, "/notes")));
  EXPECT_FALSE(TakesIdempotencyKey(RouteOf(http::Method::kPost, "/auth/login")));
  EXPECT_FALSE(TakesIdempotencyKey(RouteOf(http::Method::kPost, "/webhooks/{endpoint_id}")));
  EXPECT_FALSE(TakesIdempotencyKey(RouteOf(http::Method::kPut, "/tasks/{id}")));
}

}  // namespace
}  // namespace keel
