// List statements composed from a ListTable and a validated ListQuery.
#include "db/list_sql.h"

#include "db/list_cursor.h"

namespace keel::db {
namespace {

const char* OperatorOf(FilterOp op) {
  switch (op) {
    case FilterOp::kEq:
      return " = ";
    case FilterOp::kGt:
      return " > ";
    case FilterOp::kGte:
      return " >= ";
    case FilterOp::kLt:
      return " < ";
    case FilterOp::kLte:
      return " <= ";
  }
  return " = ";
}

// The parameter's type, so that PostgreSQL never has to guess it from the expression.
const char* CastOf(FieldType type) {
  switch (type) {
    case FieldType::kUuid:
      return "::uuid";
    case FieldType::kBool:
      return "::boolean";
    case FieldType::kInteger:
      return "::bigint";
    case FieldType::kNumber:
      return "::double precision";
    case FieldType::kTimestamp:
      return "::timestamptz";
    case FieldType::kDate:
      return "::date";
    case FieldType::kText:
    case FieldType::kEnum:
      return "::text";
  }
  return "::text";
}

}  // namespace

// The rows after the cursor's row in ORDER BY order (ASC puts NULLs last, DESC first).
// All keys descending with no NULL in the cursor: one row comparison, which an index on
// (owner, key, id) serves directly. Otherwise the expanded form
//   k1 after v1 OR (k1 = v1 AND k2 after v2) OR ... OR (... AND id after v_id).
static std::string KeysetCondition(const ListQuery& query, std::string_view id_column, int& next,
                                   std::vector<std::string>& values) {
  struct Key {
    std::string_view expr;
    bool descending;
    const std::optional<std::string>* value;
    bool nullable = true;
  };
  std::vector<Key> keys;
  bool last_descending = false;
  for (size_t i = 0; i < query.sort.size(); ++i) {
    keys.push_back({query.sort[i].field->order_by(), query.sort[i].descending, &query.after[i]});
    last_descending = query.sort[i].descending;
  }
  keys.push_back({id_column, last_descending, &query.after.back(), false});

  bool simple = true;
  for (const Key& k : keys) simple = simple && k.descending && k.value->has_value();
  if (simple) {
    std::string lhs = "(", rhs = "(";
    for (const Key& k : keys) {
      if (lhs.size() > 1) {
        lhs += ", ";
        rhs += ", ";
      }
      lhs += k.expr;
      rhs += "$" + std::to_string(next++);
      values.push_back(**k.value);
    }
    return lhs + ") < " + rhs + ")";
  }
  std::string out = "(FALSE";
  std::string equal_prefix;
  for (const Key& k : keys) {
    std::string param;
    if (k.value->has_value()) {
      param = "$" + std::to_string(next++);
      values.push_back(**k.value);
    }
    std::string after;
    if (!k.descending) {
      if (!param.empty()) {
        after = std::string(k.expr) + " > " + param;
        if (k.nullable) after = "(" + after + " OR " + std::string(k.expr) + " IS NULL)";
      }
    } else {
      after = param.empty() ? std::string(k.expr) + " IS NOT NULL"
                            : std::string(k.expr) + " < " + param;
    }
    if (!after.empty()) out += " OR (" + equal_prefix + after + ")";
    equal_prefix += param.empty() ? std::string(k.expr) + " IS NULL AND "
                                  : std::string(k.expr) + " = " + param + " AND ";
  }
  return out + ")";
}

std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

ComposedList ComposeList(const ListTable& table, const ListQuery& query, int scope_params) {
  ComposedList out;
  int next = scope_params + 1;
  std::string where = " WHERE (";
  where += table.scope;
  where += ")";
  for (const Filter& f : query.filters) {
    where += " AND ";
    where += f.field->column;
    where += OperatorOf(f.op);
    where += "$" + std::to_string(next++);
    where += CastOf(f.field->type);
    out.values.push_back(f.value);
  }
  if (!query.search.empty() && !query.search_column.empty()) {
    where += " AND ";
    where += query.search_column;
    where += " ILIKE $" + std::to_string(next++) + "::text";
    out.values.push_back(ContainsPattern(query.search));
  }
  std::string order = " ORDER BY ";
  bool last_descending = false;
  for (const SortKey& k : query.sort) {
    order += k.field->order_by();
    order += k.descending ? " DESC, " : ", ";
    last_descending = k.descending;
  }
  order += table.id_column;
  if (last_descending) order += " DESC";

  out.count_sql = "SELECT count(*) FROM ";
  out.count_sql += table.from;
  out.count_sql += where;

  // The total as an uncorrelated scalar subquery (run once, an index-only count), not
  // count(*) OVER (), which would read every matching row to number a page of them.
  // count=none: a NULL stands in for the total, so the columns keep their places.
  out.page_sql = "SELECT ";
  out.page_sql += table.columns;
  if (query.count_total) {
    out.page_sql += ", (";
    out.page_sql += out.count_sql;
    out.page_sql += ")";
  } else {
    out.page_sql += ", NULL::bigint";
  }
  // Then each sort key and the id as text, for the next page's cursor.
  // (Named, so that ORDER BY never finds two output columns of one name.)
  int cursor_column = 0;
  for (const SortKey& k : query.sort) {
    out.page_sql += ", (";
    out.page_sql += k.field->order_by();
    out.page_sql += ")::text AS cursor_" + std::to_string(cursor_column++);
  }
  if (table.id_output < 0) {
    out.page_sql += ", ";
    out.page_sql += table.id_column;
    out.page_sql += "::text AS cursor_id";
  }
  out.page_sql += " FROM ";
  out.page_sql += table.from;
  out.page_sql += where;
  if (!query.after.empty()) {
    out.page_sql += " AND ";
    out.page_sql += KeysetCondition(query, table.id_column, next, out.page_values);
  }
  out.page_sql += order;
  out.page_sql += " LIMIT $" + std::to_string(next) + " OFFSET $" + std::to_string(next + 1);
  return out;
}

StatusOr<ListPage> RunList(Connection& db, const ListTable& table, const ListQuery& query,
                           const std::vector<std::string>& scope_values) {
  ComposedList composed = ComposeList(table, query, static_cast<int>(scope_values.size()));
  Params params;
  for (const std::string& v : scope_values) params.Add(v);
  for (const std::string& v : composed.values) params.Add(v);
  for (const std::string& v : composed.page_values) params.Add(v);
  params.Add(query.limit).Add(query.offset());
  KEEL_ASSIGN_OR_RETURN(Result rows, db.ExecuteDynamic(composed.page_sql, params));
  ListPage page;
  const int cursor_columns = static_cast<int>(query.sort.size()) + (table.id_output < 0 ? 1 : 0);
  const int total_column = rows.columns() - 1 - cursor_columns;
  if (query.cursor_out != nullptr) {
    query.cursor_out->total_skipped = !query.count_total;
    // A full page may have a next one; offset paging with a total knows for sure.
    bool more = rows.rows() == query.limit;
    if (more && query.count_total && query.after.empty()) {
      more = query.offset() + query.limit < rows.Int64(0, total_column);
    }
    if (more) {
      int last = rows.rows() - 1;
      CursorValues values;
      for (int c = total_column + 1; c < rows.columns(); ++c)
        values.push_back(rows.OptString(last, c));
      if (table.id_output >= 0) values.push_back(rows.OptString(last, table.id_output));
      query.cursor_out->next = EncodeCursor(SortSignature(query), values);
    }
  }
  if (!query.count_total) {
    // no total: nothing to count
  } else if (!rows.empty()) {
    page.total = rows.Int64(0, total_column);
  } else if (query.page > 1 || !query.after.empty()) {
    Params count_params;
    for (const std::string& v : scope_values) count_params.Add(v);
    for (const std::string& v : composed.values) count_params.Add(v);
    KEEL_ASSIGN_OR_RETURN(Result count, db.ExecuteDynamic(composed.count_sql, count_params));
    page.total = count.empty() ? 0 : count.Int64(0, 0);
  }
  page.rows = std::move(rows);
  return page;
}

}  // namespace keel::db
