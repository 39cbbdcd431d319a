// The auth_events statements.
#include "auth/auth_events.h"

#include "db/list_sql.h"
#include "db/params.h"
#include "db/sql_fragments.h"
#include "db/statement.h"

namespace keel::auth {
namespace {

constexpr db::Statement kInsert{
    "auth_events_insert",
    "INSERT INTO auth_events (user_id, session_id, type, ip, user_agent)"
    " VALUES ($1::uuid, $2::uuid, $3, $4, $5)"};

// The events of one user (scope $1 = the user).
constexpr db::ListTable kListTable{
    .columns = "id, type, session_id, ip, user_agent, " KEEL_SQL_RFC3339("created_at"),
    .from = "auth_events",
    .scope = "user_id = $1"};
constexpr db::ListField kListFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "type",
     .column = "type",
     .type = db::FieldType::kEnum,
     .filterable = true,
     .values = kAuthEventTypes},
};
constexpr db::ListSpec kListSpec{.fields = kListFields};

std::optional<std::string> NonEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

Status RecordAuthEvent(db::Connection& db, const std::string& user_id,
                       const std::string& session_id, const char* type, const ClientInfo& client) {
  db::Params p;
  p.Add(NonEmpty(user_id)).Add(NonEmpty(session_id)).Add(type);
  p.Add(NonEmpty(client.ip)).Add(NonEmpty(client.user_agent));
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kInsert, p));
  (void)r;
  return Status::Ok();
}

const db::ListSpec& AuthEventListSpec() { return kListSpec; }

StatusOr<AuthEventPage> ListAuthEvents(db::Connection& db, const std::string& user_id,
                                       const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kListTable, query, {user_id}));
  AuthEventPage out;
  out.total = page.total;
  const db::Result& r = page.rows;
  for (int row = 0; row < r.rows(); ++row) {
    out.events.push_back(AuthEvent{r.String(row, 0), r.String(row, 1), r.OptString(row, 2),
                                   r.OptString(row, 3), r.OptString(row, 4), r.String(row, 5)});
  }
  return out;
}

}  // namespace keel::auth
