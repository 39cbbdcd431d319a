// fuzz-sources: src/api/list_params.cc src/api/field_reader.cc src/db/list_sql.cc
// fuzz-sources: src/db/list_cursor.cc src/crypto/encoding.cc
// fuzz-sources: src/http/query_string.cc src/http/form_urlencoded.cc src/http/percent_decode.cc
// fuzz-sources: src/base/status.cc src/base/utf8.cc src/base/rfc3339.cc
// fuzz-sources: src/db/connection.cc src/db/result.cc src/base/log.cc src/base/clock.cc
// fuzz-libs: -lpq -lcryptopp
//
// libFuzzer harness for the list parameters (§3): a query string parsed, checked
// against a tasks-like allow-list, and composed into SQL. No crash; errors are client
// errors with safe messages; and the composed SQL never contains text from the input
// — every client value travels as a parameter.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/list_params.h"
#include "db/list_sql.h"
#include "fuzz/fuzz_checks.h"
#include "http/query_string.h"

namespace {

constexpr std::string_view kStatuses[] = {"draft", "active", "archived"};
constexpr keel::db::ListField kFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = keel::db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "due_date",
     .column = "due_date",
     .type = keel::db::FieldType::kDate,
     .sortable = true,
     .filterable = true,
     .ranged = true},
    {.name = "title",
     .column = "title",
     .type = keel::db::FieldType::kText,
     .sortable = true,
     .filterable = true},
    {.name = "status",
     .column = "status",
     .type = keel::db::FieldType::kEnum,
     .filterable = true,
     .values = kStatuses},
    {.name = "completed",
     .column = "completed",
     .type = keel::db::FieldType::kBool,
     .filterable = true},
    {.name = "estimate",
     .column = "estimate",
     .type = keel::db::FieldType::kNumber,
     .filterable = true,
     .ranged = true},
    {.name = "project_id",
     .column = "project_id",
     .type = keel::db::FieldType::kUuid,
     .filterable = true},
};
constexpr keel::db::ListSpec kSpec{.fields = kFields, .search_column = "title"};
constexpr keel::db::ListTable kTable{
    .columns = "id, title", .from = "tasks", .scope = "user_id = $1"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  keel::StatusOr<keel::http::Fields> fields = keel::http::ParseQueryString(input);
  if (!fields.ok()) {
    keel::fuzz::CheckErrorIsSafe(fields.status());
    return 0;
  }
  keel::StatusOr<keel::db::ListQuery> query = keel::api::ParseListQuery(*fields, kSpec);
  if (!query.ok()) {
    keel::fuzz::CheckErrorIsSafe(query.status());
    FUZZ_CHECK(keel::HttpStatusOf(query.status().code()) == 400);
    return 0;
  }
  keel::db::ComposedList list = keel::db::ComposeList(kTable, *query, 1);
  // The statement text is built from the allow-list only: a client value carrying a
  // character no fragment uses (';' or a double quote) must never appear in it.
  for (const keel::http::Field& f : fields->all()) {
    const std::string& v = f.value.text;
    if (v.find_first_of(";\"") == std::string::npos) continue;
    FUZZ_CHECK(list.page_sql.find(v) == std::string::npos);
    FUZZ_CHECK(list.count_sql.find(v) == std::string::npos);
  }
  return 0;
}
