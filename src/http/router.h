// Router: matches (method, path) against a table of patterns like
// "/tasks/{id}" and reports the row that matched with its path parameters, or why
// nothing did (no such path → 404; path known but not for this method → 405 with the
// methods that are allowed). The table itself lives in api/routes.cc, one row per
// route, redis-style; this file knows nothing of handlers.
//
// Paths are compared segment by segment, literally (no decoding: nginx has already
// normalised the URI); a `{name}` segment matches any one non-empty segment. A single
// trailing slash is ignored. HEAD matches GET rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace keel::http {

struct PathParam {
  std::string_view name;
  std::string value;
};

class PathParams {
 public:
  // The value of `{name}`, or "" if the route has no such parameter.
  std::string_view Get(std::string_view name) const {
    for (const PathParam& p : params_) {
      if (p.name == name) return p.value;
    }
    return {};
  }
  void Add(std::string_view name, std::string_view value) {
    params_.push_back(PathParam{name, std::string(value)});
  }
  void Clear() { params_.clear(); }

 private:
  std::vector<PathParam> params_;
};

struct RouteMatch {
  int index = -1;           // row of the table that matched, or -1
  bool path_known = false;  // some row has this path (so: 405 rather than 404)
  std::string allow;        // for 405: "GET, HEAD, POST, OPTIONS"
};

class Router {
 public:
  struct Pattern {
    Method method;
    std::string_view path;  // must outlive the Router (string literals in the table)
  };
  explicit Router(const std::vector<Pattern>& patterns);

  // Matches `path` (already stripped of the /api or /api/v1 prefix).
  RouteMatch Find(Method method, std::string_view path, PathParams& params) const;
  // True if some row has this path, whatever its method (for CORS preflights).
  bool PathExists(std::string_view path) const;

  // A path's segments ("/a/b/c/" → a, b, c), split without allocating; a path of more
  // than kMax segments is `too_deep` (no route is: it matches nothing).
  struct Segments {
    static constexpr size_t kMax = 16;
    std::string_view items[kMax];
    size_t count = 0;
    bool too_deep = false;
  };
  static Segments SplitRequestPath(std::string_view path);

 private:
  struct Row {
    Method method;
    std::vector<std::string_view> segments;
  };
  bool Matches(const Row& row, const Segments& segments, PathParams* params) const;
  // The rows with `count` segments, in table order (a path is only ever compared with
  // rows of its own length; a task list no longer walks the whole table).
  const std::vector<int>* RowsOfLength(size_t count) const {
    return count < by_length_.size() ? &by_length_[count] : nullptr;
  }

  std::vector<Row> rows_;
  std::vector<std::vector<int>> by_length_;
};

// Splits "/a/b/c/" into {"a","b","c"}; a single trailing slash is ignored (at most
// Router::Segments::kMax segments).
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace keel::http
