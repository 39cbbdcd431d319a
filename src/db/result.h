// Result: an owned PGresult (RAII), with typed, bounds-checked accessors.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace keel::db {

class Result {
 public:
  Result() = default;
  explicit Result(PGresult* result) : result_(result) {}

  int rows() const { return result_ ? PQntuples(result_.get()) : 0; }
  int columns() const { return result_ ? PQnfields(result_.get()) : 0; }
  bool empty() const { return rows() == 0; }
  // Number of rows an INSERT/UPDATE/DELETE touched.
  int64_t affected() const;

  bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string_view Text(int row, int col) const {
    return std::string_view(PQgetvalue(result_.get(), row, col),
                            static_cast<size_t>(PQgetlength(result_.get(), row, col)));
  }
  // Like Text, but nullopt for NULL. The view lives as long as this Result.
  std::optional<std::string_view> OptText(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Text(row, col);
  }
  std::string String(int row, int col) const { return std::string(Text(row, col)); }
  std::optional<std::string> OptString(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return String(row, col);
  }
  int64_t Int64(int row, int col) const;
  double Double(int row, int col) const;
  bool Bool(int row, int col) const { return Text(row, col) == "t"; }
  // The column's index by name, or -1.
  int Column(const char* name) const { return PQfnumber(result_.get(), name); }

 private:
  struct Deleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Deleter> result_;
};

}  // namespace keel::db
