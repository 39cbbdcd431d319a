// docs/openapi.yaml documents exactly the routes of src/api/routes.cc (CONTRACT §6): a
// route missing from the document, or a documented route that does not exist, fails.
//
// The document is found through $KEEL_REPO or $REPO (scripts/run-tests exports REPO),
// else as docs/openapi.yaml relative to the working directory (the repository root when
// tests run). The scan is line-based, which the document's layout guarantees: under the
// top-level `paths:` key, each path is a key indented by two spaces and each operation a
// method key indented by four. API routes are documented under /api/v1 (they are served
// identically under /api), top-level routes as they are.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "api/routes.h"

namespace keel::api {
namespace {

std::string DocumentPath() {
  for (const char* var : {"KEEL_REPO", "REPO"}) {
    const char* dir = std::getenv(var);
    if (dir != nullptr && *dir != '\0') {
      std::string path = std::string(dir) + "/docs/openapi.yaml";
      if (std::ifstream(path).good()) return path;
    }
  }
  return "docs/openapi.yaml";
}

// "GET /api/v1/tasks/{id}" for every operation under `paths:`.
std::set<std::string> DocumentedRoutes(std::istream& in) {
  static const std::regex kPath(R"(^  (/[^:\s]*):\s*(#.*)?$)");
  static const std::regex kMethod(R"(^    (get|put|post|patch|delete|head|options):.*$)");
  std::set<std::string> out;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != ' ' && line[0] != '#') {
      in_paths = line.rfind("paths:", 0) == 0;
      path.clear();
      continue;
    }
    if (!in_paths) continue;
    std::smatch m;
    if (std::regex_match(line, m, kPath)) {
      path = m[1];
    } else if (!path.empty() && std::regex_match(line, m, kMethod)) {
      std::string method = m[1];
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      out.insert(method + " " + path);
    }
  }
  return out;
}

std::set<std::string> TableRoutes() {
  std::set<std::string> out;
  for (const Route& r : ApiRoutes()) {
    out.insert(std::string(http::MethodName(r.method)) + " /api/v1" + r.path);
  }
  for (const Route& r : TopLevelRoutes()) {
    out.insert(std::string(http::MethodName(r.method)) + " " + r.path);
  }
  return out;
}

TEST(OpenApi, DocumentsExactlyTheRouteTable) {
  std::string path = DocumentPath();
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "cannot read " << path << " (set KEEL_REPO to the repository)";
  std::set<std::string> documented = DocumentedRoutes(in);
  std::set<std::string> routes = TableRoutes();
  ASSERT_FALSE(routes.empty());
  for (const std::string& r : routes) {
    EXPECT_TRUE(documented.count(r)) << r << " is a route but docs/openapi.yaml lacks it";
  }
  for (const std::string& d : documented) {
    EXPECT_TRUE(routes.count(d)) << d << " is documented but is not in src/api/routes.cc";
  }
}

TEST(OpenApi, ScannerReadsPathsAndMethodsOnly) {
  std::istringstream doc(
      "openapi: 3.1.0\n"
      "paths:\n"
      "  # a comment\n"
      "  /api/v1/tasks:\n"
      "    get:\n"
      "      summary: x\n"
      "    post: {summary: y}\n"
      "  /api/v1/tasks/{id}:\n"
      "    parameters: []\n"
      "    delete:\n"
      "components:\n"
      "  /not/a/path:\n"
      "    get:\n");
  EXPECT_EQ(DocumentedRoutes(doc), (std::set<std::string>{"GET /api/v1/tasks", "POST /api/v1/tasks",
                                                          "DELETE /api/v1/tasks/{id}"}));
}

}  // namespace
}  // namespace keel::api
