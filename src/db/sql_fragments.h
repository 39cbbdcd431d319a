// SQL text shared by statements, as macros so that it can be spliced into the string
// literals of constexpr db::Statement declarations at compile time.
#pragma once

// A timestamptz column rendered as RFC 3339 UTC with milliseconds:
// 2026-01-31T09:00:00.000Z (CONTRACT §3: timestamps are RFC 3339 UTC).
// (The parts after the column are also spliced after a column named at run time.)
#define KEEL_SQL_RFC3339_TAIL " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define KEEL_SQL_RFC3339(column) "to_char(" column KEEL_SQL_RFC3339_TAIL

// A date column as YYYY-MM-DD.
#define KEEL_SQL_DATE_TAIL ", 'YYYY-MM-DD')"
#define KEEL_SQL_DATE(column) "to_char(" column KEEL_SQL_DATE_TAIL
