// Delivery: idempotent insert + object creation in one transaction.
#include "webhooks/delivery.h"

#include <utility>
#include <vector>

#include "db/transaction.h"
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
  const auto* create = std::get_if<Create>(&action);
  if (create == nullptr) return CreatedObject();
  auto created = resource::Create(db, *create->resource, owner, create->changes);
  if (!created.ok()) return InData(created.status());
  return CreatedObject(
      std::make_pair(std::string(create->resource->singular), created->String(0, 0)));
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
