// Delivery: recording a verified inbound webhook exactly once and acting on it.
//
// The event row and the object it creates are written in one transaction:
//   INSERT INTO webhook_events … ON CONFLICT (endpoint_id, webhook_id) DO NOTHING RETURNING
// either claims the webhook-id (a new row comes back) or finds it taken. A concurrent
// delivery of the same id waits on the unique index until the first transaction ends,
// then finds it taken, so two deliveries at once create one event and one object. If
// creating the object fails, everything rolls back and the webhook-id stays free for a
// corrected retry.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "base/status.h"
#include "db/connection.h"
#include "resource/resource.h"
#include "resource/store.h"
#include "webhooks/webhook.h"

namespace keel::webhooks {

// An object of a declared resource to create for the endpoint's owner, with the values
// read from the event's `data` by the same rules as a POST of that resource.
struct Create {
  const resource::Resource* resource;
  resource::Changes changes;
};
// What a delivery asks for: nothing (store only), or an object to create.
using Action = std::variant<std::monostate, Create>;

struct Delivery {
  std::string endpoint_id;
  std::string owner_id;    // the endpoint's user
  std::string webhook_id;  // verified header value
  std::string type;        // the payload's "type"
  std::string payload;     // the raw JSON body (an object)
};

struct DeliveryResult {
  bool duplicate = false;  // this webhook-id was seen before: nothing was done now
  Event event;             // the (new or earlier) event row
};

// Records `delivery` and performs `action` for the owner, atomically. A failing action
// (e.g. a project_id that is not the owner's) is a VALIDATION_ERROR whose fields are
// prefixed "data." and leaves nothing behind.
StatusOr<DeliveryResult> Deliver(db::Connection& db, const Delivery& delivery,
                                 const Action& action);

}  // namespace keel::webhooks
