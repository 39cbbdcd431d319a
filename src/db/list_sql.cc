// List statements composed from a ListTable and a validated ListQuery.
#include "db/list_sql.h"

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
  out.page_sql = "SELECT ";
  out.page_sql += table.columns;
  out.page_sql += ", (";
  out.page_sql += out.count_sql;
  out.page_sql += ") FROM ";
  out.page_sql += table.from;
  out.page_sql += where;
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
  params.Add(query.limit).Add(query.offset());
  KEEL_ASSIGN_OR_RETURN(Result rows, db.ExecuteDynamic(composed.page_sql, params));
  ListPage page;
  if (!rows.empty()) {
    page.total = rows.Int64(0, rows.columns() - 1);
  } else if (query.page > 1) {
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
