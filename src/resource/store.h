// A resource's rows in PostgreSQL: create, get, update, delete and list, for any
// declared resource (resource/resource.h), with the statements of resource/statements.h.
//
// Rows come back as libpq's result, the declaration's columns in order (one row for
// create/get/update): the JSON writer reads them in place. Owner-scoped resources are
// read and written only with their owner's id; a row of another owner is NOT_FOUND,
// exactly like one that does not exist. A violated constraint the declaration names
// is a VALIDATION_ERROR on its field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/change.h"
#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "db/list_sql.h"
#include "db/result.h"
#include "resource/resource.h"

namespace keel::resource {

// The values a write gives its resource's columns, by column index (see base/change.h:
// a PATCH sets only what the client sent; a create or a PUT sets every writable column).
// Values are text as libpq takes it; nullopt is NULL.
class Changes {
 public:
  explicit Changes(const Resource& resource) : values_(resource.columns.size()) {}

  void Set(size_t column, std::optional<std::string> value) {
    values_[column].Set(std::move(value));
  }
  // By name, for code that builds a write itself (tests, fixtures); the name must be a
  // writable column of the resource.
  void Set(const Resource& resource, std::string_view name, std::optional<std::string> value);
  const Change<std::optional<std::string>>& operator[](size_t column) const {
    return values_[column];
  }

 private:
  std::vector<Change<std::optional<std::string>>> values_;
};

// Inserts a row owned by (or, for a shared resource, created by) `owner`. Writable
// columns not set get their default; a required one not set is a VALIDATION_ERROR.
StatusOr<db::Result> Create(db::Connection& db, const Resource& resource, std::string_view owner,
                            const Changes& changes);
StatusOr<db::Result> Get(db::Connection& db, const Resource& resource, std::string_view owner,
                         std::string_view id);
// Applies the set columns (and touches the updated column); NOT_FOUND if no such row.
StatusOr<db::Result> Update(db::Connection& db, const Resource& resource, std::string_view owner,
                            std::string_view id, const Changes& changes);
Status Delete(db::Connection& db, const Resource& resource, std::string_view owner,
              std::string_view id);
// One page of `owner`'s rows (every row, for a shared resource).
StatusOr<db::ListPage> List(db::Connection& db, const Resource& resource, std::string_view owner,
                            const db::ListQuery& query);

// What a list of `resource` may be sorted, filtered and searched by (for api/list_params.h).
const db::ListSpec& ListSpecOf(const Resource& resource);
// The SELECT list of `resource`'s columns, for statements of its own that read whole
// rows the JSON writer can render (e.g. the dashboard's latest items).
const std::string& SelectList(const Resource& resource);

}  // namespace keel::resource
