// Create/get/update/delete/list for any declared resource.
#include "resource/store.h"

#include <cstdlib>

#include "db/change_params.h"
#include "resource/statements.h"

namespace keel::resource {
namespace {

Status MapError(const db::Connection& db, const Resource& resource, const Status& status) {
  Status mapped = db::MapConstraint(db, status, resource.constraints);
  if (resource.map_error != nullptr) return resource.map_error(db, std::move(mapped));
  return mapped;
}

// $1 = id, then $2 = owner for an owner-scoped resource.
db::Params ById(const Resource& resource, std::string_view owner, std::string_view id) {
  db::Params p;
  p.Add(id);
  if (resource.owner_scoped) p.Add(owner);
  return p;
}

}  // namespace

void Changes::Set(const Resource& resource, std::string_view name,
                  std::optional<std::string> value) {
  for (size_t i = 0; i < resource.columns.size(); ++i) {
    if (resource.columns[i].name == name && resource.columns[i].writable) {
      Set(i, std::move(value));
      return;
    }
  }
  std::abort();  // a programming error: no such writable column
}

StatusOr<db::Result> Create(db::Connection& db, const Resource& resource, std::string_view owner,
                            const Changes& changes) {
  const Statements& s = StatementsOf(resource);
  db::Params p;
  p.Add(owner);
  for (size_t i : s.writable) {
    const Column& c = resource.columns[i];
    if (changes[i].set && (changes[i].value || c.nullable)) {
      p.Add(changes[i].value);
    } else if (c.required) {
      return Status::InvalidField(std::string(c.name), std::string(c.name) + " is required");
    } else if (!c.default_value.empty()) {
      p.Add(c.default_value);
    } else {
      p.AddNull();
    }
  }
  auto r = db.Execute(s.insert, p);
  if (!r.ok()) return MapError(db, resource, r.status());
  return r;
}

StatusOr<db::Result> Get(db::Connection& db, const Resource& resource, std::string_view owner,
                         std::string_view id) {
  KEEL_ASSIGN_OR_RETURN(db::Result r,
                        db.Execute(StatementsOf(resource).get, ById(resource, owner, id)));
  if (r.empty()) return Status::NotFound();
  return r;
}

StatusOr<db::Result> Update(db::Connection& db, const Resource& resource, std::string_view owner,
                            std::string_view id, const Changes& changes) {
  const Statements& s = StatementsOf(resource);
  db::Params p = ById(resource, owner, id);
  for (size_t i : s.writable) db::AddChange(p, changes[i]);
  auto r = db.Execute(s.update, p);
  if (!r.ok()) return MapError(db, resource, r.status());
  if (r->empty()) return Status::NotFound();
  return r;
}

Status Delete(db::Connection& db, const Resource& resource, std::string_view owner,
              std::string_view id) {
  KEEL_ASSIGN_OR_RETURN(db::Result r,
                        db.Execute(StatementsOf(resource).remove, ById(resource, owner, id)));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<db::ListPage> List(db::Connection& db, const Resource& resource, std::string_view owner,
                            const db::ListQuery& query) {
  const Statements& s = StatementsOf(resource);
  std::vector<std::string> scope;
  if (resource.owner_scoped) scope.emplace_back(owner);
  return db::RunList(db, s.list_table, query, scope);
}

const db::ListSpec& ListSpecOf(const Resource& resource) {
  return StatementsOf(resource).list_spec;
}

const std::string& SelectList(const Resource& resource) { return StatementsOf(resource).columns; }

}  // namespace keel::resource
