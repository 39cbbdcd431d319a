// Delivery: idempotent insert + object creation in one transaction.
#include "webhooks/delivery.h"

#include <utility>
#include <vector>

#include "db/transaction.h"
#include "tasks/task_store.h"
#include "time_entries/time_entry_store.h"
#include "webhooks/webhook_store.h"

namespace keel::webhooks {
namespace {

// A field error about the event's `data` object names the field inside it.
Status InData(const Status& s) {
  if (s.code() != ErrorCode::kValidation) return s;
  std::vector<FieldError> details;
  for (const FieldError& e : s.details()) details.push_back({"data." + e.field, e.message});
  return Status::Invalid(std::move(details));
}

using CreatedObject = std::optional<std::pair<std::string, std::string>>;  // type, id

// Creates the object `action` asks for; nullopt when it asks for none.
StatusOr<CreatedObject> Perform(db::Connection& db, const std::string& owner,
                                const Action& action) {
  if (const auto* task = std::get_if<tasks::TaskChanges>(&action)) {
    auto created = tasks::CreateTask(db, owner, *task);
    if (!created.ok()) return InData(created.status());
    return CreatedObject(std::make_pair(std::string("task"), created->id));
  }
  if (const auto* entry = std::get_if<time_entries::TimeEntryChanges>(&action)) {
    auto created = time_entries::CreateTimeEntry(db, owner, *entry);
    if (!created.ok()) return InData(created.status());
    return CreatedObject(std::make_pair(std::string("time_entry"), created->id));
  }
  return CreatedObject();
}

}  // namespace

StatusOr<DeliveryResult> Deliver(db::Connection& db, const Delivery& d, const Action& action) {
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_ASSIGN_OR_RETURN(std::optional<Event> claimed,
                        ClaimEvent(db, d.endpoint_id, d.webhook_id, d.type, d.payload));
  DeliveryResult out;
  if (!claimed) {
    // Seen before (possibly a moment ago by a concurrent delivery, now committed).
    KEEL_RETURN_IF_ERROR(tx.Commit());
    KEEL_ASSIGN_OR_RETURN(out.event, FindEvent(db, d.endpoint_id, d.webhook_id));
    out.duplicate = true;
    return out;
  }
  out.event = std::move(*claimed);
  KEEL_ASSIGN_OR_RETURN(CreatedObject created, Perform(db, d.owner_id, action));
  if (created) {
    KEEL_ASSIGN_OR_RETURN(out.event,
                          MarkProcessed(db, out.event.id, created->first, created->second));
  }
  KEEL_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace keel::webhooks
