// Statement: a named SQL statement, declared once as a constant next to the code
// that uses it. A connection prepares it under its name on first use and reuses it
// afterwards; with KEEL_DB_PREPARED=off it is sent as an unnamed statement each time
// (for PgBouncer in transaction mode). SQL text is always a compile-time literal:
// values travel only as parameters.
#pragma once

namespace keel::db {

struct Statement {
  const char* name;  // unique across keel, e.g. "tasks_get"
  const char* sql;
};

}  // namespace keel::db
