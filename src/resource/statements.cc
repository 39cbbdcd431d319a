// A resource's SQL, built from its declaration.
#include "resource/statements.h"

#include <memory>
#include <mutex>
#include <utility>

#include "db/sql_fragments.h"

namespace keel::resource {
namespace {

// The parameter's type, so that PostgreSQL never has to guess it.
std::string_view CastOf(Type type) {
  switch (type) {
    case Type::kUuid:
      return "::uuid";
    case Type::kBool:
      return "::boolean";
    case Type::kInteger:
      return "::bigint";
    case Type::kNumber:
      return "::double precision";
    case Type::kTimestamp:
      return "::timestamptz";
    case Type::kDate:
      return "::date";
    case Type::kText:
    case Type::kEnum:
      return "::text";
  }
  return "::text";
}

std::string Param(int n) { return "$" + std::to_string(n); }

// Builds the statements; `out` must not move afterwards (the views point into it).
void Build(const Resource& r, Statements& out) {
  for (size_t i = 0; i < r.columns.size(); ++i) {
    if (i > 0) out.columns += ", ";
    out.columns += SelectExpression(r.columns[i]);
    if (r.columns[i].writable) out.writable.push_back(i);
  }
  const std::string table(r.table);
  const std::string owner(r.owner_column);
  out.scope_params = r.owner_scoped ? 1 : 0;
  const std::string by_id =
      r.owner_scoped ? " WHERE id = $1 AND " + owner + " = $2" : " WHERE id = $1";
  const std::string returning = " RETURNING " + out.columns;

  std::string insert_columns = owner, insert_values = "$1";
  int next = 2;
  for (size_t i : out.writable) {
    const Column& c = r.columns[i];
    insert_columns += ", " + std::string(c.name);
    insert_values += ", " + Param(next++) + std::string(CastOf(c.type));
  }
  std::string sets;
  next = 2 + out.scope_params;
  for (size_t i : out.writable) {
    const std::string name(r.columns[i].name);
    sets += name + " = CASE WHEN " + Param(next) + "::boolean THEN " + Param(next + 1) +
            std::string(CastOf(r.columns[i].type)) + " ELSE " + name + " END, ";
    next += 2;
  }
  if (!r.updated_column.empty()) {
    sets += std::string(r.updated_column) + " = now()";
  } else if (!sets.empty()) {
    sets.resize(sets.size() - 2);
  }

  auto keep = [&](std::string s) -> const char* {
    return out.texts.emplace_back(std::move(s)).c_str();
  };
  out.insert = {keep(table + "_insert"), keep("INSERT INTO " + table + " (" + insert_columns +
                                              ") VALUES (" + insert_values + ")" + returning)};
  out.get = {keep(table + "_get"), keep("SELECT " + out.columns + " FROM " + table + by_id)};
  out.update = {keep(table + "_update"),
                keep("UPDATE " + table + " SET " + sets + by_id + returning)};
  out.remove = {keep(table + "_delete"), keep("DELETE FROM " + table + by_id)};

  for (const Column& c : r.columns) {
    if (!c.sortable && !c.filterable && !c.ranged) continue;
    out.list_fields.push_back({.name = c.name,
                               .column = c.name,
                               .type = c.type,
                               .sortable = c.sortable,
                               .filterable = c.filterable,
                               .ranged = c.ranged,
                               .values = c.values,
                               .sort_column = c.sort_column});
  }
  out.list_spec = {
      .fields = out.list_fields, .search_column = r.search_column, .default_sort = r.default_sort};
  const char* scope = keep(r.owner_scoped ? owner + " = $1" : std::string("TRUE"));
  // The id is the first column (resource.h), selected as it is: the cursor reads it there.
  out.list_table = {.columns = out.columns, .from = r.table, .scope = scope, .id_output = 0};
}

}  // namespace

std::string SelectExpression(const Column& column) {
  const std::string name(column.name);
  switch (column.type) {
    case Type::kTimestamp:
      return "to_char(" + name + KEEL_SQL_RFC3339_TAIL;
    case Type::kDate:
      return "to_char(" + name + KEEL_SQL_DATE_TAIL;
    default:
      return name;
  }
}

const Statements& StatementsOf(const Resource& resource) {
  // A handful of resources: a short list searched by address. The lock is uncontended
  // (a worker serves one request at a time); entries never move once made.
  static std::mutex mutex;
  static std::deque<std::pair<const Resource*, std::unique_ptr<Statements>>> built;
  std::lock_guard<std::mutex> lock(mutex);
  for (const auto& [declared, statements] : built) {
    if (declared == &resource) return *statements;
  }
  auto statements = std::make_unique<Statements>();
  Build(resource, *statements);
  return *built.emplace_back(&resource, std::move(statements)).second;
}

}  // namespace keel::resource
