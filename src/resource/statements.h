// The SQL of a resource, derived from its declaration (resource/resource.h).
//
// Every piece of text comes from the declaration (table, column names, the owner
// column) or from this file; client values only ever travel as parameters. The texts
// are built once per process, on the first use of the resource, and the connection
// prepares each once, by name (`<table>_insert`, `_get`, `_update`, `_delete`).
//
//   SELECT <columns> FROM <table> WHERE id = $1 [AND <owner> = $2]
//   INSERT INTO <table> (<owner>, <writable...>) VALUES ($1, $2::<type>, ...)
//   UPDATE <table> SET <col> = CASE WHEN $n::boolean THEN $n+1::<type> ELSE <col> END,
//          ..., <updated> = now() WHERE id = $1 [AND <owner> = $2]
//   DELETE FROM <table> WHERE id = $1 [AND <owner> = $2]
//
// each returning the columns in declaration order, timestamps as RFC 3339 UTC and dates
// as YYYY-MM-DD. `[AND <owner> = $2]` is there for owner-scoped resources.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "db/list_query.h"
#include "db/list_sql.h"
#include "db/statement.h"
#include "resource/resource.h"

namespace keel::resource {

struct Statements {
  std::string columns;  // the SELECT list, in declaration order
  db::Statement insert{};
  db::Statement get{};
  db::Statement update{};
  db::Statement remove{};
  db::ListTable list_table;
  db::ListSpec list_spec;
  // Indices (into Resource::columns) of the writable columns, in the order their
  // values are bound: INSERT's $2.. and UPDATE's pairs.
  std::vector<size_t> writable;
  int scope_params = 0;  // 1 for an owner-scoped resource ($2 = owner), else 0

  // Storage the views above point into.
  std::deque<std::string> texts;  // a deque: adding one never moves the others
  std::vector<db::ListField> list_fields;
};

// The statements of `resource`, built on first use; valid for the life of the process.
const Statements& StatementsOf(const Resource& resource);

// The SQL expression that renders `column` the way its JSON wants it.
std::string SelectExpression(const Column& column);

}  // namespace keel::resource
