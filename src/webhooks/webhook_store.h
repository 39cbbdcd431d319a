// WebhookStore: the SQL of webhook endpoints and events.
//
// Endpoint statements are scoped by owner like every other resource. The one exception
// is FindEndpointKey, used by the public delivery route before any user is known: it
// returns the owner and key needed to verify a delivery and nothing is rendered from it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "webhooks/webhook.h"

namespace keel::webhooks {

// Creates an endpoint for `user_id` with a fresh 24-byte random secret.
StatusOr<CreatedEndpoint> CreateEndpoint(db::Connection& db, std::string_view user_id,
                                         const EndpointInput& input);
// NOT_FOUND unless endpoint `id` exists and belongs to `user_id`.
StatusOr<Endpoint> GetEndpoint(db::Connection& db, std::string_view user_id, std::string_view id);
// Deletes the endpoint and (cascade) its events; NOT_FOUND as above.
Status DeleteEndpoint(db::Connection& db, std::string_view user_id, std::string_view id);
StatusOr<EndpointPage> ListEndpoints(db::Connection& db, std::string_view user_id,
                                     const db::ListQuery& query);

struct EndpointKey {
  std::string user_id;  // the owner, for whom events create objects
  std::string key;      // the HMAC key bytes
};
// The owner and signing key of endpoint `id` (any owner); NOT_FOUND if none.
StatusOr<EndpointKey> FindEndpointKey(db::Connection& db, std::string_view id);

// Events of endpoint `endpoint_id` if it belongs to `user_id` (an empty page otherwise:
// callers check the endpoint first to answer 404).
StatusOr<EventPage> ListEvents(db::Connection& db, std::string_view user_id,
                               std::string_view endpoint_id, const db::ListQuery& query);

// The steps of a delivery (webhooks/delivery.h runs them in one transaction):
// inserts the event unless (endpoint_id, webhook_id) is taken — the new event, or
// nullopt when that webhook-id was seen before;
StatusOr<std::optional<Event>> ClaimEvent(db::Connection& db, std::string_view endpoint_id,
                                          std::string_view webhook_id, std::string_view type,
                                          std::string_view payload);
// the event a webhook-id named (NOT_FOUND if none);
StatusOr<Event> FindEvent(db::Connection& db, std::string_view endpoint_id,
                          std::string_view webhook_id);
// records the object an event created.
StatusOr<Event> MarkProcessed(db::Connection& db, std::string_view event_id,
                              std::string_view object_type, std::string_view object_id);

}  // namespace keel::webhooks
