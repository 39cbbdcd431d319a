// Router: literal and parameter segments, 404 vs 405 with Allow, HEAD as GET.
#include "http/router.h"

#include <gtest/gtest.h>

#include <string>

namespace keel::http {
namespace {

const std::vector<Router::Pattern> kTable = {
    {Method::kGet, "/tasks"},
    {Method::kPost, "/tasks"},
    {Method::kGet, "/tasks/{id}"},
    {Method::kPut, "/tasks/{id}"},
    {Method::kDelete, "/tasks/{id}"},
    {Method::kGet, "/webhook-endpoints/{id}/events"},
    {Method::kGet, "/dashboard/metrics/summary"},
    {Method::kGet, "/dashboard/metrics"},
};

struct Case {
  const char* name;
  Method method;
  const char* path;
  int index;             // expected row, or -1
  bool path_known;       // for -1: 405 (true) or 404 (false)
  const char* param_id;  // expected {id}, or ""
};

class RouterCases : public testing::TestWithParam<Case> {};

TEST_P(RouterCases, Matches) {
  Router router(kTable);
  PathParams params;
  const Case& c = GetParam();
  RouteMatch m = router.Find(c.method, c.path, params);
  EXPECT_EQ(m.index, c.index);
  EXPECT_EQ(m.path_known, c.path_known);
  EXPECT_EQ(params.Get("id"), std::string_view(c.param_id));
}

INSTANTIATE_TEST_SUITE_P(
    Table, RouterCases,
    testing::Values(Case{"list", Method::kGet, "/tasks", 0, true, ""},
                    Case{"create", Method::kPost, "/tasks", 1, true, ""},
                    Case{"trailing slash", Method::kGet, "/tasks/", 0, true, ""},
                    Case{"one", Method::kGet, "/tasks/abc", 2, true, "abc"},
                    Case{"head is get", Method::kHead, "/tasks/abc", 2, true, "abc"},
                    Case{"delete", Method::kDelete, "/tasks/x", 4, true, "x"},
                    Case{"patch not allowed", Method::kPatch, "/tasks/x", -1, true, ""},
                    Case{"nested", Method::kGet, "/webhook-endpoints/e1/events", 5, true, "e1"},
                    Case{"literal beats nothing", Method::kGet, "/dashboard/metrics/summary", 6,
                         true, ""},
                    Case{"unknown", Method::kGet, "/nope", -1, false, ""},
                    Case{"too deep", Method::kGet, "/tasks/a/b", -1, false, ""},
                    Case{"empty segment", Method::kGet, "/tasks//x", -1, false, ""},
                    Case{"root", Method::kGet, "/", -1, false, ""}),
    [](const testing::TestParamInfo<Case>& info) {
      std::string n = info.param.name;
      for (char& ch : n) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return n;
    });

TEST(Router, AllowListsTheMethodsOfThePath) {
  Router router(kTable);
  PathParams params;
  RouteMatch m = router.Find(Method::kPatch, "/tasks/1", params);
  EXPECT_EQ(m.allow, "GET, HEAD, PUT, DELETE, OPTIONS");
  m = router.Find(Method::kDelete, "/tasks", params);
  EXPECT_EQ(m.allow, "GET, HEAD, POST, OPTIONS");
}

TEST(Router, PathExists) {
  Router router(kTable);
  EXPECT_TRUE(router.PathExists("/tasks/1"));
  EXPECT_FALSE(router.PathExists("/users"));
}

// A path deeper than any route (more than Segments::kMax segments) is a plain 404, from
// the router's fixed array of segments: nothing past it is read or written.
TEST(Router, AHostilelyDeepPathIsNotFound) {
  Router router(kTable);
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "/tasks";
  PathParams params;
  RouteMatch m = router.Find(Method::kGet, deep, params);
  EXPECT_EQ(m.index, -1);
  EXPECT_FALSE(m.path_known);
  EXPECT_FALSE(router.PathExists(deep));
  EXPECT_TRUE(Router::SplitRequestPath(deep).too_deep);
  std::string sixteen;
  for (size_t i = 0; i < Router::Segments::kMax; ++i) sixteen += "/x";
  EXPECT_FALSE(Router::SplitRequestPath(sixteen).too_deep);
  EXPECT_TRUE(Router::SplitRequestPath(sixteen + "/x").too_deep);
}

TEST(SplitPath, Segments) {
  EXPECT_EQ(SplitPath("/a/b/c/").size(), 3u);
  EXPECT_TRUE(SplitPath("/").empty());
}

}  // namespace
}  // namespace keel::http
