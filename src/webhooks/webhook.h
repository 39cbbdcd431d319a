// Inbound webhooks (seed 002): endpoints a user creates for an external system, and
// the events that system delivered to them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/list_query.h"

namespace keel::webhooks {

inline constexpr std::string_view kEventStatuses[] = {"stored", "processed"};
// Event types that create an object for the endpoint's owner; any other type is stored.
inline constexpr std::string_view kTimeEntryCreated = "time_entry.created";
inline constexpr std::string_view kTaskCreated = "task.created";

// An endpoint as the API shows it: never its secret.
struct Endpoint {
  std::string id;
  std::string user_id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::string created_at;  // RFC 3339 UTC
  std::string updated_at;
};

struct EndpointInput {
  std::optional<std::string> name;         // ≤ 255 characters
  std::optional<std::string> description;  // ≤ 20000 characters
};

// Returned once, by CreateEndpoint: the only time the secret leaves the server.
struct CreatedEndpoint {
  Endpoint endpoint;
  std::string secret;  // "whsec_" + base64(24 random bytes)
};

struct Event {
  std::string id;
  std::string endpoint_id;
  std::string webhook_id;
  std::string type;
  std::string payload;                     // the delivered JSON object, as stored (jsonb text)
  std::string status;                      // stored | processed
  std::optional<std::string> object_type;  // "time_entry" | "task" when processed
  std::optional<std::string> object_id;
  std::string received_at;  // RFC 3339 UTC
  std::optional<std::string> processed_at;
};

struct EndpointPage {
  std::vector<Endpoint> items;
  int64_t total = 0;
};

struct EventPage {
  std::vector<Event> items;
  int64_t total = 0;
};

// Endpoint lists: sort created_at, updated_at, name; q searches the name.
const db::ListSpec& EndpointListSpec();
// Event lists: sort received_at (default -received_at), filter type, status; ranges on
// received_at.
const db::ListSpec& EventListSpec();

}  // namespace keel::webhooks
