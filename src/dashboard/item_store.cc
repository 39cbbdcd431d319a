// Dashboard items in PostgreSQL (table `dashboard_items`, sql/003_resources.sql).
#include "dashboard/item_store.h"

#include "db/change_params.h"
#include "db/constraint_errors.h"
#include "db/list_sql.h"
#include "db/sql_fragments.h"

namespace keel::dashboard {
namespace {

// clang-format off
#define KEEL_ITEM_COLUMNS \
  "id, title, content, created_by, " \
  KEEL_SQL_RFC3339("created_at") ", " \
  KEEL_SQL_RFC3339("updated_at")
// clang-format on

constexpr db::Statement kInsert{
    "dashboard_items_insert",
    "INSERT INTO dashboard_items (title, content, created_by) VALUES ($1::varchar, $2::text, $3) "
    "RETURNING " KEEL_ITEM_COLUMNS};
constexpr db::Statement kGet{"dashboard_items_get",
                             "SELECT " KEEL_ITEM_COLUMNS " FROM dashboard_items WHERE id = $1"};
constexpr db::Statement kUpdate{"dashboard_items_update",
                                "UPDATE dashboard_items SET "
                                "title = CASE WHEN $2::boolean THEN $3::varchar ELSE title END, "
                                "content = CASE WHEN $4::boolean THEN $5::text ELSE content END, "
                                "updated_at = now() WHERE id = $1 RETURNING " KEEL_ITEM_COLUMNS};
constexpr db::Statement kDelete{"dashboard_items_delete",
                                "DELETE FROM dashboard_items WHERE id = $1"};
constexpr db::Statement kLatest{"dashboard_items_latest",
                                "SELECT " KEEL_ITEM_COLUMNS
                                " FROM dashboard_items ORDER BY created_at DESC, id DESC LIMIT $1"};

constexpr db::ListTable kTable{
    .columns = KEEL_ITEM_COLUMNS, .from = "dashboard_items", .scope = "TRUE"};

constexpr db::ListField kFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "updated_at",
     .column = "updated_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "title",
     .column = "title",
     .type = db::FieldType::kText,
     .sortable = true,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "title"};

constexpr db::ConstraintField kConstraints[] = {
    {"dashboard_items_title_check", "title", "title is required"},
    {"dashboard_items_content_check", "content", "content is too long"},
};

Item Read(const db::Result& r, int row) {
  return Item{.id = r.String(row, 0),
              .title = r.String(row, 1),
              .content = r.OptString(row, 2),
              .created_by = r.OptString(row, 3),
              .created_at = r.String(row, 4),
              .updated_at = r.String(row, 5)};
}

}  // namespace

const db::ListSpec& ItemListSpec() { return kSpec; }

StatusOr<Item> CreateItem(db::Connection& db, std::string_view created_by, const ItemChanges& c) {
  if (!c.title.set) return Status::InvalidField("title", "title is required");
  db::Params p;
  p.Add(c.title.value).Add(c.content.value).Add(created_by);
  auto r = db.Execute(kInsert, p);
  if (!r.ok()) return db::MapConstraint(db, r.status(), kConstraints);
  return Read(*r, 0);
}

StatusOr<Item> GetItem(db::Connection& db, std::string_view id) {
  db::Params p;
  p.Add(id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return Read(r, 0);
}

StatusOr<Item> UpdateItem(db::Connection& db, std::string_view id, const ItemChanges& c) {
  db::Params p;
  p.Add(id);
  db::AddChange(p, c.title);
  db::AddChange(p, c.content);
  auto r = db.Execute(kUpdate, p);
  if (!r.ok()) return db::MapConstraint(db, r.status(), kConstraints);
  if (r->empty()) return Status::NotFound();
  return Read(*r, 0);
}

Status DeleteItem(db::Connection& db, std::string_view id) {
  db::Params p;
  p.Add(id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<ItemPage> ListItems(db::Connection& db, const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kTable, query, {}));
  ItemPage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(Read(page.rows, i));
  return out;
}

StatusOr<std::vector<Item>> LatestItems(db::Connection& db, int64_t limit) {
  db::Params p;
  p.Add(limit);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kLatest, p));
  std::vector<Item> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(Read(r, i));
  return out;
}

}  // namespace keel::dashboard
