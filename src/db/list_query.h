// ListSpec and ListQuery: what a list route lets a client sort and filter on, and a
// client's validated choice among those options (CONTRACT §3 "Lists").
//
// A ListSpec is declared once per resource by its store, as constant data: each
// ListField maps a public name ("due_date") to the SQL expression it stands for
// ("due_date", "priority_rank") and says whether it may be sorted on, filtered by
// equality, or compared with _gt/_gte/_lt/_lte. The query-string parser
// (api/list_params.h) only ever produces a ListQuery whose sort keys and filters point
// at fields of that spec, and the SQL composer (db/list_sql.h) only ever copies those
// fields' `column` text into a statement; client text reaches PostgreSQL only as
// parameters. That is what makes the composed SQL safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/page_cursor.h"

namespace keel::db {

// How a filter value is validated and what the SQL comparison means.
enum class FieldType {
  kText,       // any single-line text up to 255 characters
  kEnum,       // one of ListField::values
  kUuid,       // canonical UUID (lower-cased)
  kBool,       // true/false/1/0 (normalised to true/false)
  kInteger,    // decimal integer
  kNumber,     // decimal number
  kTimestamp,  // RFC 3339 date-time, or a date meaning midnight UTC
  kDate,       // YYYY-MM-DD (a date-time is accepted, its date taken)
};

struct ListField {
  std::string_view name = {};    // public name in sort= and filters
  std::string_view column = {};  // SQL expression it stands for (an allow-listed fragment)
  FieldType type = FieldType::kText;
  bool sortable = false;
  bool filterable = false;                        // `name=value`
  bool ranged = false;                            // `name_gt|_gte|_lt|_lte=value`
  std::span<const std::string_view> values = {};  // kEnum: the allowed values
  // ORDER BY uses this expression instead of `column` when set (e.g. a rank column
  // that orders low < medium < high where the text would not).
  std::string_view sort_column = {};

  std::string_view order_by() const { return sort_column.empty() ? column : sort_column; }
};

struct ListSpec {
  std::span<const ListField> fields;
  // `q` searches this SQL expression case-insensitively (ILIKE); empty: no `q`.
  std::string_view search_column = {};
  // Used when the client sends no `sort`; must name sortable fields.
  std::string_view default_sort = "-created_at";

  // The field named `name`, or nullptr.
  const ListField* Find(std::string_view name) const {
    for (const ListField& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
};

enum class FilterOp { kEq, kGt, kGte, kLt, kLte };

struct Filter {
  const ListField* field;  // points into the ListSpec, never at client text
  FilterOp op;
  std::string value;  // validated and normalised for field->type; sent as a parameter
};

struct SortKey {
  const ListField* field;
  bool descending = false;
};

inline constexpr int64_t kDefaultLimit = 20;
inline constexpr int64_t kMaxLimit = 100;
inline constexpr int64_t kMaxPage = 1000000;

struct ListQuery {
  int64_t page = 1;               // ≥ 1
  int64_t limit = kDefaultLimit;  // 1..kMaxLimit
  std::vector<SortKey> sort;      // never empty once parsed (the spec's default)
  std::vector<Filter> filters;
  std::string search;  // `q`, empty = none
  // The spec's search_column (an allow-listed fragment), set together with `search`.
  std::string_view search_column;

  // Cursor paging (`after=`): the last seen row's sort-key values, then its id (nullopt
  // for NULL); the page starts after that row. Empty: offset paging by `page`.
  std::vector<std::optional<std::string>> after;
  bool count_total = true;  // false for count=none: no total is counted
  // Where RunList reports the next cursor and a skipped total (may be null).
  PageCursor* cursor_out = nullptr;

  int64_t offset() const { return after.empty() ? (page - 1) * limit : 0; }
};

}  // namespace keel::db
