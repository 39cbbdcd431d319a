// Composing and running a list statement from allow-listed fragments.
//
// A ListTable names the fixed parts of one resource's list (its columns, FROM clause,
// owner scope and id column); a ListQuery (db/list_query.h) adds filters, search, order
// and page. The statement is
//
//   SELECT <columns>, (SELECT count(*) FROM <from> WHERE <same conditions>) FROM <from>
//   WHERE (<scope>) [AND <col> <op> $n ...] [AND <search> ILIKE $n]
//   [AND <the rows after the after= cursor's row>]
//   ORDER BY <col> [DESC], ..., <id> [DESC] LIMIT $n OFFSET $n
//
// After the total (NULL for count=none) come the sort keys and the id as text (unless
// the table's columns already hold it: id_output): the last row's make the next page's
// cursor (db/list_cursor.h).
//
// with the scalar subquery giving the total under the same filters in the same round
// trip (computed once, as an index-only count where the index allows; a window count
// would read every matching row to number one page).
// `id` is always the last key, in the direction of the key before it, so pages are
// stable and an index on (owner, col, id) serves both directions. A page past the end
// has no rows to carry the count, so then (and only then) a second statement counts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "db/result.h"

namespace keel::db {

struct ListTable {
  std::string_view columns;  // "id, title, ..." — the store reads them by position
  std::string_view from;     // "tasks", or a join
  std::string_view scope;    // "user_id = $1": uses exactly $1..$scope_params
  std::string_view id_column = "id";
  // The position in `columns` of the id as text (a uuid column selected as it is), or -1.
  // Given, the next page's cursor takes the id from there instead of a column of its own.
  int id_output = -1;
};

struct ComposedList {
  std::string page_sql;
  std::string count_sql;
  std::vector<std::string> values;       // $(scope_params+1)... for the filters and search
  std::vector<std::string> page_values;  // then, in the page statement only, the cursor's
};

// Builds both statements for `query` (pure; exposed for unit tests). The page statement
// takes the scope values, then `values`, then `page_values`, then limit and offset; the count
// statement the scope values and `values`.
ComposedList ComposeList(const ListTable& table, const ListQuery& query, int scope_params);

struct ListPage {
  Result rows;        // the table's columns, the total, then the cursor columns
  int64_t total = 0;  // rows matching the filters, over all pages
};

// Runs the page (and, for a page past the end, the count) with `scope_values` as
// $1..$n. Errors are the connection's.
StatusOr<ListPage> RunList(Connection& db, const ListTable& table, const ListQuery& query,
                           const std::vector<std::string>& scope_values);

// "%" + text with \ % _ escaped + "%": a literal substring pattern for ILIKE.
std::string ContainsPattern(std::string_view text);

}  // namespace keel::db
