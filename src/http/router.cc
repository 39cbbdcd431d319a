// Router: segment-wise pattern matching over a small table.
#include "http/router.h"

namespace keel::http {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(i, end - i));
    i = end;
  }
  return segments;
}

Router::Router(const std::vector<Pattern>& patterns) {
  rows_.reserve(patterns.size());
  for (const Pattern& p : patterns) rows_.push_back(Row{p.method, SplitPath(p.path)});
  for (size_t i = 0; i < rows_.size(); ++i) {
    const size_t count = rows_[i].segments.size();
    if (by_length_.size() <= count) by_length_.resize(count + 1);
    by_length_[count].push_back(static_cast<int>(i));
  }
}

bool Router::Matches(const Row& row, const std::vector<std::string_view>& segments,
                     PathParams* params) const {
  if (row.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string_view want = row.segments[i];
    bool is_param = want.size() > 2 && want.front() == '{' && want.back() == '}';
    if (is_param) {
      if (params != nullptr) params->Add(want.substr(1, want.size() - 2), segments[i]);
    } else if (want != segments[i]) {
      return false;
    }
  }
  return true;
}

RouteMatch Router::Find(Method method, std::string_view path, PathParams& params) const {
  RouteMatch match;
  // An empty segment in the middle ("/tasks//x") is never a valid path.
  if (path.find("//") != std::string_view::npos) return match;
  std::vector<std::string_view> segments = SplitPath(path);
  Method wanted = method == Method::kHead ? Method::kGet : method;
  bool allowed[8] = {};
  const std::vector<int>* candidates = RowsOfLength(segments.size());
  if (candidates == nullptr) return match;
  for (int i : *candidates) {
    if (!Matches(rows_[i], segments, nullptr)) continue;
    match.path_known = true;
    allowed[static_cast<int>(rows_[i].method)] = true;
    if (rows_[i].method == wanted && match.index < 0) {
      params.Clear();
      Matches(rows_[i], segments, &params);
      match.index = i;
    }
  }
  if (match.index < 0 && match.path_known) {
    static constexpr Method kOrder[] = {Method::kGet, Method::kHead,  Method::kPost,
                                        Method::kPut, Method::kPatch, Method::kDelete};
    for (Method m : kOrder) {
      bool on = m == Method::kHead ? allowed[static_cast<int>(Method::kGet)]
                                   : allowed[static_cast<int>(m)];
      if (!on) continue;
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += MethodName(m);
    }
    match.allow += match.allow.empty() ? "OPTIONS" : ", OPTIONS";
  }
  return match;
}

bool Router::PathExists(std::string_view path) const {
  std::vector<std::string_view> segments = SplitPath(path);
  const std::vector<int>* candidates = RowsOfLength(segments.size());
  if (candidates == nullptr) return false;
  for (int i : *candidates) {
    if (Matches(rows_[i], segments, nullptr)) return true;
  }
  return false;
}

}  // namespace keel::http
