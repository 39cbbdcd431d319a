// Result's numeric accessors (libpq returns everything as text).
#include "db/result.h"

#include <charconv>
#include <cstdlib>

#include "db/params.h"

namespace keel::db {

int64_t Result::affected() const {
  if (!result_) return 0;
  const char* n = PQcmdTuples(result_.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

int64_t Result::Int64(int row, int col) const {
  std::string_view t = Text(row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

double Result::Double(int row, int col) const {
  std::string_view t = Text(row, col);
  double v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

Params& Params::Add(double value) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  return Add(std::string_view(buf, static_cast<size_t>(end - buf)));
}

}  // namespace keel::db
