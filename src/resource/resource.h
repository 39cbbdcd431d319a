// Resource: a table clients create, read, update, delete and list, declared once.
//
// A declaration (tasks/task_resource.h is the model) names the table, the column that
// scopes every statement to its owner, and each column with its type, nullability,
// default, writability, bounds, enum values and list abilities (sort, filter, range).
// It also carries its rule hooks and the operations it offers. Everything else is
// derived from it, so a field is spelt once:
//
//   resource/statements.h   the SQL: SELECT/INSERT/UPDATE/DELETE, prepared once per
//                           connection, built only from the declaration's own text
//   resource/store.h        create/get/update/delete/list against PostgreSQL
//   api/resource_body.h     the body reader (JSON, form and multipart alike)
//   api/resource_json.h     the JSON writer, straight from libpq's rows
//   api/resource_handlers.h the handlers and routes: one line in the route table
//   app/api_description.h   its part of the OpenAPI document (`keel describe-api`, which
//                           tests/openapi/build-openapi.mjs turns into docs/openapi.yaml)
//
// Declarations are constant data with static storage (`inline constexpr`): the routes
// instantiate their handlers on them, and nothing here copies or owns them.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "db/constraint_errors.h"
#include "db/list_query.h"

namespace keel::resource {

// A column's type: how a value is validated, cast in SQL and written in JSON (kBool as
// true/false, kInteger and kNumber as numbers, everything else as a string).
using Type = db::FieldType;

struct Column {
  std::string_view name;  // the JSON field and the SQL column
  Type type = Type::kText;
  bool nullable = false;
  // False: set by the database (id, timestamps, generated columns) or by keel (the
  // owner); a client may echo it back, and it is ignored.
  bool writable = true;
  // A create or a PUT must give it a non-null value (a PATCH only if it names it).
  bool required = false;
  // What a create or a PUT stores when the field is absent (or null, for a column that
  // is not nullable); empty: null. Text as libpq takes it ("active", "false").
  std::string_view default_value = {};

  // Bounds. kText: characters (code points) after trimming; `multiline` texts keep
  // their spaces and may hold line breaks. kInteger/kNumber: the inclusive range.
  size_t max_length = 255;
  bool multiline = false;
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
  std::span<const std::string_view> values = {};  // kEnum: the allowed values

  // Lists (CONTRACT §3): `sort=`, `name=value`, `name_gt|_gte|_lt|_lte=value`.
  bool sortable = false;
  bool filterable = false;
  bool ranged = false;
  // ORDER BY uses this SQL expression instead of the column (e.g. a rank column that
  // orders low < medium < high where the text would not).
  std::string_view sort_column = {};

  std::string_view description = {};  // one line, for the OpenAPI document
};

// The columns most resources share, declared once.
namespace columns {

// The primary key, first of every resource.
inline constexpr Column kId{.name = "id", .type = Type::kUuid, .writable = false};
// The owner of an owner-scoped row, set from the caller on create.
inline constexpr Column kUserId{.name = "user_id", .type = Type::kUuid, .writable = false};
// Set by the database; lists sort and range on them.
inline constexpr Column kCreatedAt{.name = "created_at",
                                   .type = Type::kTimestamp,
                                   .writable = false,
                                   .sortable = true,
                                   .ranged = true};
inline constexpr Column kUpdatedAt{.name = "updated_at",
                                   .type = Type::kTimestamp,
                                   .writable = false,
                                   .sortable = true,
                                   .ranged = true};
// A required one-line title (1-255 characters, trimmed), sorted and filtered on.
inline constexpr Column kTitle{.name = "title",
                               .required = true,
                               .max_length = 255,
                               .sortable = true,
                               .filterable = true,
                               .description = "One line, 1-255 characters, trimmed."};
// An optional free text of up to 20,000 characters named `name`; "" stores null.
constexpr Column LongText(std::string_view name) {
  return {.name = name,
          .nullable = true,
          .max_length = 20000,
          .multiline = true,
          .description = "Free text up to 20000 characters; \"\" stores null."};
}

}  // namespace columns

// What a resource offers; its routes and its OpenAPI part follow.
enum Operation : unsigned {
  kList = 1u << 0,     // GET    /<path>
  kCreate = 1u << 1,   // POST   /<path>
  kRead = 1u << 2,     // GET    /<path>/{id}
  kReplace = 1u << 3,  // PUT    /<path>/{id}
  kPatch = 1u << 4,    // PATCH  /<path>/{id}
  kDelete = 1u << 5,   // DELETE /<path>/{id}
  kAllOperations = (1u << 6) - 1,
};

struct Resource {
  std::string_view path;      // under /api/v1, without the leading slash: "tasks"
  std::string_view table;     // "tasks"; also the prefix of its statements' names
  std::string_view schema;    // the OpenAPI schema name: "Task"
  std::string_view singular;  // "task": webhook event objects, messages
  std::string_view summary;   // one sentence for the OpenAPI document

  // The column holding the user a row belongs to, set from the caller on create.
  std::string_view owner_column = "user_id";
  // False: rows are shared (every signed-in user reads them) and owner_column only
  // records who created the row; writes are then for the roles the routes allow.
  bool owner_scoped = true;

  // In the order of the JSON object. The first is the primary key, a UUID named "id".
  std::span<const Column> columns;
  // Set to now() by every update (empty: none).
  std::string_view updated_column = "updated_at";

  std::string_view search_column = {};  // `q` searches it (ILIKE); empty: no `q`
  std::string_view default_sort = "-created_at";

  // Which violated constraint means which field (see db/constraint_errors.h).
  std::span<const db::ConstraintField> constraints = {};
  // Rule hook for a failed write after the constraints are mapped (e.g. a value
  // PostgreSQL cannot represent, reported as the field it concerns). May be null.
  Status (*map_error)(const db::Connection& db, Status status) = nullptr;

  unsigned operations = kAllOperations;

  bool offers(Operation op) const { return (operations & op) != 0; }
  // The column named `name`, or nullptr.
  const Column* Find(std::string_view name) const {
    for (const Column& c : columns) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }
};

}  // namespace keel::resource
