// Router: segment-wise pattern matching over a small table.
#include "http/router.h"

#include <cstdlib>

namespace keel::http {

std::vector<std::string_view> SplitPath(std::string_view path) {
  const Router::Segments s = Router::SplitRequestPath(path);
  return std::vector<std::string_view>(s.items, s.items + s.count);
}

Router::Router(const std::vector<Pattern>& patterns) {
  rows_.reserve(patterns.size());
  for (const Pattern& p : patterns) {
    if (SplitRequestPath(p.path).too_deep) std::abort();  // a route no request could reach
    rows_.push_back(Row{p.method, SplitPath(p.path)});
  }
  for (size_t i = 0; i < rows_.size(); ++i) {
    const size_t count = rows_[i].segments.size();
    if (by_length_.size() <= count) by_length_.resize(count + 1);
    by_length_[count].push_back(static_cast<int>(i));
  }
}

Router::Segments Router::SplitRequestPath(std::string_view path) {
  Segments out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    if (out.count == Segments::kMax) {
      out.too_deep = true;
      return out;
    }
    out.items[out.count++] = path.substr(i, end - i);
    i = end;
  }
  return out;
}

bool Router::Matches(const Row& row, const Segments& segments, PathParams* params) const {
  if (row.segments.size() != segments.count) return false;
  for (size_t i = 0; i < segments.count; ++i) {
    std::string_view want = row.segments[i];
    bool is_param = want.size() > 2 && want.front() == '{' && want.back() == '}';
    if (is_param) {
      if (params != nullptr) params->Add(want.substr(1, want.size() - 2), segments.items[i]);
    } else if (want != segments.items[i]) {
      return false;
    }
  }
  return true;
}

RouteMatch Router::Find(Method method, std::string_view path, PathParams& params) const {
  RouteMatch match;
  // An empty segment in the middle ("/tasks//x") is never a valid path.
  if (path.find("//") != std::string_view::npos) return match;
  const Segments segments = SplitRequestPath(path);
  if (segments.too_deep) return match;
  Method wanted = method == Method::kHead ? Method::kGet : method;
  bool allowed[8] = {};
  const std::vector<int>* candidates = RowsOfLength(segments.count);
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
  const Segments segments = SplitRequestPath(path);
  if (segments.too_deep) return false;
  const std::vector<int>* candidates = RowsOfLength(segments.count);
  if (candidates == nullptr) return false;
  for (int i : *candidates) {
    if (Matches(rows_[i], segments, nullptr)) return true;
  }
  return false;
}

}  // namespace keel::http
