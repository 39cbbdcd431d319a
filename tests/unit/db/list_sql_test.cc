// The list statement composer (db/list_sql.h): only allow-listed fragments in the text,
// every client value a parameter, id as the last key in the direction of the one before.
#include "db/list_sql.h"

#include "db/list_cursor.h"

#include <gtest/gtest.h>

namespace keel::db {
namespace {

constexpr std::string_view kStates[] = {"open", "closed"};
constexpr ListField kFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "rank",
     .column = "rank_text",
     .type = FieldType::kEnum,
     .sortable = true,
     .filterable = true,
     .values = kStates,
     .sort_column = "rank_number"},
};
constexpr ListTable kTable{.columns = "id, name", .from = "things", .scope = "user_id = $1"};

TEST(ListSql, ComposesFiltersSearchOrderAndPage) {
  ListQuery q;
  q.page = 3;
  q.limit = 10;
  q.sort = {{&kFields[1], true}};
  q.filters = {{&kFields[0], FilterOp::kGte, "2025-01-01"}, {&kFields[1], FilterOp::kEq, "open"}};
  q.search = "50%_off";
  q.search_column = "name";
  ComposedList c = ComposeList(kTable, q, 1);
  EXPECT_EQ(
      c.page_sql,
      "SELECT id, name, (SELECT count(*) FROM things WHERE (user_id = $1) AND created_at >= "
      "$2::timestamptz AND rank_text = $3::text AND name ILIKE $4::text), (rank_number)::text AS "
      "cursor_0, id::text AS cursor_id FROM things WHERE "
      "(user_id = $1) AND created_at >= $2::timestamptz AND rank_text = $3::text AND name "
      "ILIKE $4::text ORDER BY rank_number DESC, id DESC LIMIT $5 OFFSET $6");
  EXPECT_EQ(c.count_sql,
            "SELECT count(*) FROM things WHERE (user_id = $1) AND created_at >= $2::timestamptz "
            "AND rank_text = $3::text AND name ILIKE $4::text");
  EXPECT_EQ(c.values, (std::vector<std::string>{"2025-01-01", "open", "%50\\%\\_off%"}));
}

TEST(ListSql, DescendingCursorIsOneRowComparisonAndCountNoneCountsNothing) {
  ListQuery q;
  q.sort = {{&kFields[0], true}};
  q.after = {"2025-01-01 00:00:00+00", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"};
  q.count_total = false;
  ComposedList c = ComposeList(kTable, q, 1);
  EXPECT_EQ(c.page_sql,
            "SELECT id, name, NULL::bigint, (created_at)::text AS cursor_0, id::text AS cursor_id "
            "FROM things WHERE "
            "(user_id = $1) AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC "
            "LIMIT $4 OFFSET $5");
  EXPECT_EQ(c.page_values, (std::vector<std::string>{q.after[0].value(), q.after[1].value()}));
  EXPECT_TRUE(c.values.empty());
  EXPECT_EQ(q.offset(), 0);
}

TEST(ListSql, AnIdAmongTheColumnsIsNotSelectedTwice) {
  ListTable table = kTable;
  table.id_output = 0;  // "id" is the first of kTable's columns
  ListQuery q;
  q.sort = {{&kFields[0], true}};
  q.count_total = false;
  ComposedList c = ComposeList(table, q, 1);
  EXPECT_EQ(c.page_sql,
            "SELECT id, name, NULL::bigint, (created_at)::text AS cursor_0 FROM things WHERE "
            "(user_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3");
}

TEST(ListSql, AscendingCursorKeepsNullsLastAndANullValueIsNeverAParameter) {
  ListQuery q;
  q.sort = {{&kFields[0], false}};
  q.after = {"2025-01-01", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"};
  ComposedList c = ComposeList(kTable, q, 1);
  EXPECT_NE(c.page_sql.find("AND (FALSE OR ((created_at > $2 OR created_at IS NULL)) OR "
                            "(created_at = $2 AND id > $3)) ORDER BY"),
            std::string::npos)
      << c.page_sql;
  q.after[0].reset();
  c = ComposeList(kTable, q, 1);
  EXPECT_NE(c.page_sql.find("AND (FALSE OR (created_at IS NULL AND id > $2)) ORDER BY"),
            std::string::npos)
      << c.page_sql;
  EXPECT_EQ(c.page_values.size(), 1u);
}

TEST(ListCursor, RoundTripsAndRefusesGarbageAndOtherSorts) {
  CursorValues values = {std::nullopt, "a:b~c", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"};
  std::string cursor = EncodeCursor("-due_date,title", values);
  EXPECT_EQ(DecodeCursor(cursor, "-due_date,title", 3), values);
  EXPECT_EQ(DecodeCursor(cursor, "due_date,title", 3), std::nullopt);
  EXPECT_EQ(DecodeCursor(cursor, "-due_date,title", 2), std::nullopt);
  EXPECT_EQ(DecodeCursor("not a cursor!", "-due_date,title", 3), std::nullopt);
  EXPECT_EQ(DecodeCursor("", "-due_date,title", 3), std::nullopt);
  EXPECT_EQ(DecodeCursor(EncodeCursor("x", {std::nullopt}), "x", 1), std::nullopt);  // NULL id
}

TEST(ListSql, AscendingSortHasAscendingTiebreaker) {
  ListQuery q;
  q.sort = {{&kFields[0], false}};
  ComposedList c = ComposeList(kTable, q, 1);
  EXPECT_NE(c.page_sql.find("ORDER BY created_at, id LIMIT $2 OFFSET $3"), std::string::npos)
      << c.page_sql;
}

TEST(ListSql, ClientTextNeverReachesTheStatement) {
  ListQuery q;
  q.sort = {{&kFields[0], true}};
  q.filters = {{&kFields[1], FilterOp::kEq, "'; DROP TABLE things; --"}};
  q.search = "' OR 1=1 --";
  q.search_column = "name";
  ComposedList c = ComposeList(kTable, q, 1);
  EXPECT_EQ(c.page_sql.find("DROP"), std::string::npos);
  EXPECT_EQ(c.page_sql.find("1=1"), std::string::npos);
}

TEST(ListSql, ContainsPatternEscapesWildcards) {
  EXPECT_EQ(ContainsPattern("a"), "%a%");
  EXPECT_EQ(ContainsPattern("100%"), "%100\\%%");
  EXPECT_EQ(ContainsPattern("a_b\\c"), "%a\\_b\\\\c%");
  EXPECT_EQ(ContainsPattern(""), "%%");
}

}  // namespace
}  // namespace keel::db
