// Webhooks (seed 002, CONTRACT §5).
//
// Endpoints (signed-in owner): GET/POST webhook-endpoints, GET/DELETE
// webhook-endpoints/{id}, GET webhook-endpoints/{id}/events. POST answers the signing
// secret ("whsec_…") once; no other answer ever contains it.
//
// Inbound delivery (public): POST webhooks/{endpoint_id}, Standard Webhooks headers.
// Order of checks: unknown or malformed endpoint id → 404 (ids are random UUIDs, so
// this reveals nothing guessable, and a sender can tell a wrong URL from a wrong
// secret); then the signature and timestamp (401); then the JSON payload
// {type, data?, ...}: for time_entry.created and task.created, `data` must pass the same
// validation as POST time-entries / POST tasks (400 naming data.<field>); then the
// event is recorded once per webhook-id and its object created in the same transaction.
// A repeated webhook-id answers 200 with "duplicate": true and does nothing.
#include "api/handlers.h"
#include "api/resource_body.h"
#include "api/resource_util.h"
#include "base/clock.h"
#include "http/json_body.h"
#include "tasks/task_resource.h"
#include "time_entries/time_entry_resource.h"
#include "webhooks/delivery.h"
#include "webhooks/signature.h"
#include "webhooks/webhook_store.h"

namespace keel::api {
namespace {

webhooks::EndpointInput ReadEndpointFields(FieldReader& r, WriteMode) {
  webhooks::EndpointInput in;
  in.name = NullIfEmpty(r.String("name", {.max_length = 255}));
  in.description = NullIfEmpty(
      r.String("description", {.max_length = 20000, .trim = false, .single_line = false}));
  return in;
}

void WriteEndpointFields(http::JsonWriter& w, const webhooks::Endpoint& e) {
  WriteStringField(w, "id", e.id);
  WriteStringField(w, "user_id", e.user_id);
  WriteOptString(w, "name", e.name);
  WriteOptString(w, "description", e.description);
  WriteStringField(w, "delivery_path", "/api/v1/webhooks/" + e.id);
  WriteStringField(w, "created_at", e.created_at);
  WriteStringField(w, "updated_at", e.updated_at);
}

void WriteEndpoint(http::JsonWriter& w, const webhooks::Endpoint& e) {
  w.StartObject();
  WriteEndpointFields(w, e);
  w.EndObject();
}

void WriteEvent(http::JsonWriter& w, const webhooks::Event& e) {
  w.StartObject();
  WriteStringField(w, "id", e.id);
  WriteStringField(w, "endpoint_id", e.endpoint_id);
  WriteStringField(w, "webhook_id", e.webhook_id);
  WriteStringField(w, "type", e.type);
  WriteStringField(w, "status", e.status);
  WriteOptString(w, "object_type", e.object_type);
  WriteOptString(w, "object_id", e.object_id);
  w.Key("payload");
  w.RawValue(e.payload.data(), e.payload.size(), rapidjson::kObjectType);
  WriteStringField(w, "received_at", e.received_at);
  WriteOptString(w, "processed_at", e.processed_at);
  w.EndObject();
}

// The action a verified payload asks for: its `data` read with the REST rules.
StatusOr<webhooks::Action> ActionOf(const std::string& type, const http::Fields& payload) {
  if (type != webhooks::kTaskCreated && type != webhooks::kTimeEntryCreated) {
    return webhooks::Action{};
  }
  const http::FieldValue* data = payload.Find("data");
  if (data == nullptr || data->kind != http::FieldValue::Kind::kObject) {
    return Status::InvalidField("data", "data must be an object for " + type);
  }
  KEEL_ASSIGN_OR_RETURN(http::Fields fields, http::ParseJsonBody(data->text));
  FieldReader reader(fields);
  const resource::Resource& created =
      type == webhooks::kTaskCreated ? tasks::kTasks : time_entries::kTimeEntries;
  webhooks::Action action =
      webhooks::Create{&created, ReadChanges(reader, created, WriteMode::kCreate)};
  Status s = reader.Finish();
  if (!s.ok()) {
    std::vector<FieldError> details;
    for (const FieldError& e : s.details()) details.push_back({"data." + e.field, e.message});
    return Status::Invalid(std::move(details));
  }
  return action;
}

}  // namespace

Status HandleListWebhookEndpoints(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, webhooks::EndpointListSpec()));
  KEEL_ASSIGN_OR_RETURN(webhooks::EndpointPage page,
                        webhooks::ListEndpoints(ctx.db, ctx.user().user_id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const webhooks::Endpoint& e : page.items) WriteEndpoint(w, e);
  });
  return Status::Ok();
}

Status HandleCreateWebhookEndpoint(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(webhooks::EndpointInput input,
                        ReadBody(ctx, WriteMode::kCreate, ReadEndpointFields));
  KEEL_ASSIGN_OR_RETURN(webhooks::CreatedEndpoint created,
                        webhooks::CreateEndpoint(ctx.db, ctx.user().user_id, input));
  RespondCreated(ctx, "webhook-endpoints", created.endpoint.id, [&](http::JsonWriter& w) {
    w.StartObject();
    WriteEndpointFields(w, created.endpoint);
    WriteStringField(w, "secret", created.secret);
    w.EndObject();
  });
  return Status::Ok();
}

Status HandleGetWebhookEndpoint(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(webhooks::Endpoint endpoint,
                        webhooks::GetEndpoint(ctx.db, ctx.user().user_id, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteEndpoint(w, endpoint); });
  return Status::Ok();
}

Status HandleDeleteWebhookEndpoint(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(webhooks::DeleteEndpoint(ctx.db, ctx.user().user_id, id));
  ctx.response.NoContent();
  return Status::Ok();
}

Status HandleListWebhookEvents(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(webhooks::Endpoint endpoint,
                        webhooks::GetEndpoint(ctx.db, ctx.user().user_id, id));
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, webhooks::EventListSpec()));
  KEEL_ASSIGN_OR_RETURN(webhooks::EventPage page,
                        webhooks::ListEvents(ctx.db, ctx.user().user_id, endpoint.id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const webhooks::Event& e : page.items) WriteEvent(w, e);
  });
  return Status::Ok();
}

Status HandleReceiveWebhook(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string endpoint_id, PathUuid(ctx, "endpoint_id"));
  KEEL_ASSIGN_OR_RETURN(webhooks::EndpointKey endpoint,
                        webhooks::FindEndpointKey(ctx.db, endpoint_id));
  const http::Request& req = ctx.request;
  KEEL_RETURN_IF_ERROR(webhooks::VerifySignature(
      endpoint.key, {req.webhook_id, req.webhook_timestamp, req.webhook_signature, req.body},
      UnixSeconds()));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* payload, ctx.Body());
  if (payload->from_form()) {
    return Status::Error(ErrorCode::kUnsupportedMedia, "webhook payloads must be application/json");
  }
  // Only `type` and `data` are read; other members (Standard Webhooks' `timestamp`, a
  // sender's extras) are kept in the stored payload, not refused.
  FieldReader reader(*payload);
  auto type = reader.String("type", {.required = true, .max_length = 255});
  if (!type.has_value()) {
    return Status::InvalidField("type", "type is required: a string of at most 255 characters");
  }
  KEEL_ASSIGN_OR_RETURN(webhooks::Action action, ActionOf(type.value, *payload));
  webhooks::Delivery delivery{.endpoint_id = endpoint_id,
                              .owner_id = endpoint.user_id,
                              .webhook_id = req.webhook_id,
                              .type = type.value,
                              .payload = req.body};
  KEEL_ASSIGN_OR_RETURN(webhooks::DeliveryResult result,
                        webhooks::Deliver(ctx.db, delivery, action));
  ctx.response.Json(200, [&](http::JsonWriter& w) {
    w.StartObject();
    w.Key("duplicate");
    w.Bool(result.duplicate);
    w.Key("event");
    WriteEvent(w, result.event);
    w.EndObject();
  });
  return Status::Ok();
}

}  // namespace keel::api
