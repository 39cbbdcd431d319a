// Outbound webhook subscriptions: where keel POSTs a user's task, project and time-entry
// events, signed with Standard Webhooks (webhooks/outbound_job.h delivers them).
//
//   GET/POST webhook-subscriptions, GET/PATCH/DELETE webhook-subscriptions/{id},
//   GET webhook-subscriptions/{id}/deliveries (the newest 100),
//   POST webhook-subscriptions/{id}/deliveries/{delivery_id}/redeliver.
//
// POST answers the signing secret ("whsec_…") once. A URL must be http(s) and resolve
// only to public addresses (webhooks/ssrf_guard.h; KEEL_WEBHOOK_ALLOW_PRIVATE=1 lets
// loopback and private ones through); events must be known names. PATCH
// {"enabled": true} re-enables a subscription that was disabled for failing.
#include <rapidjson/document.h>

#include <algorithm>

#include "api/handlers.h"
#include "api/resource_util.h"
#include "json/safe_parse.h"
#include "webhooks/ssrf_guard.h"
#include "webhooks/subscription_store.h"

namespace keel::api {
namespace {

// events: a JSON array of names, or (from a form) a comma-separated string.
std::optional<std::vector<std::string>> ReadEvents(const http::Fields& body, FieldReader& r,
                                                   bool required) {
  r.Ignore({"events"});
  const http::FieldValue* v = body.Find("events");
  if (v == nullptr) {
    if (required) r.AddError("events", "events is required: a non-empty array of event names");
    return std::nullopt;
  }
  std::vector<std::string> names;
  bool shape_ok = true;
  if (v->kind == http::FieldValue::Kind::kArray) {
    rapidjson::Document doc;
    shape_ok = json::ParseJson(v->text, doc).ok() && doc.IsArray();
    for (size_t i = 0; shape_ok && i < doc.Size(); ++i) {
      if (!doc[i].IsString())
        shape_ok = false;
      else
        names.emplace_back(doc[i].GetString(), doc[i].GetStringLength());
    }
  } else if (v->kind == http::FieldValue::Kind::kString) {
    size_t start = 0;
    while (start <= v->text.size()) {
      size_t comma = v->text.find(',', start);
      if (comma == std::string::npos) comma = v->text.size();
      std::string name = v->text.substr(start, comma - start);
      if (!name.empty()) names.push_back(name);
      start = comma + 1;
    }
  } else {
    shape_ok = false;
  }
  if (!shape_ok || names.empty() || names.size() > 9) {
    r.AddError("events", "events must be a non-empty array of event names");
    return std::nullopt;
  }
  std::vector<std::string> unique;
  for (const std::string& name : names) {
    if (!webhooks::KnownOutboundEvent(name)) {
      r.AddError("events", "unknown event \"" + name.substr(0, 64) +
                               "\"; known: task.*, project.*, time_entry.* with "
                               "created, updated, deleted");
      return std::nullopt;
    }
    if (std::find(unique.begin(), unique.end(), name) == unique.end()) unique.push_back(name);
  }
  return unique;
}

StatusOr<webhooks::SubscriptionChanges> ReadSubscriptionBody(RequestContext& ctx, WriteMode mode) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  webhooks::SubscriptionChanges c;
  bool create = mode == WriteMode::kCreate;
  auto url = r.String("url", {.required = create, .min_length = 1, .max_length = 2048});
  if (url.has_value()) c.url = url.value;
  c.events = ReadEvents(*body, r, create);
  auto description = r.String("description", {.max_length = 1000, .single_line = false});
  c.set_description = description.present;
  c.description = NullIfEmpty(description);
  if (!create) {
    auto enabled = r.Bool("enabled", false);
    if (enabled.has_value()) c.enabled = enabled.value;
  }
  KEEL_RETURN_IF_ERROR(r.Finish());
  if (c.url) {
    KEEL_RETURN_IF_ERROR(webhooks::CheckWebhookUrl(*c.url, ctx.config.webhook_allow_private));
  }
  return c;
}

void WriteSubscriptionFields(http::JsonWriter& w, const webhooks::Subscription& s) {
  WriteStringField(w, "id", s.id);
  WriteStringField(w, "url", s.url);
  w.Key("events");
  w.RawValue(s.events_json.data(), s.events_json.size(), rapidjson::kArrayType);
  WriteOptString(w, "description", s.description);
  w.Key("enabled");
  w.Bool(s.enabled);
  WriteOptString(w, "disabled_reason", s.disabled_reason);
  WriteOptString(w, "disabled_at", s.disabled_at);
  w.Key("consecutive_failures");
  w.Int64(s.consecutive_failures);
  WriteStringField(w, "created_at", s.created_at);
  WriteStringField(w, "updated_at", s.updated_at);
}

void WriteSubscription(http::JsonWriter& w, const webhooks::Subscription& s) {
  w.StartObject();
  WriteSubscriptionFields(w, s);
  w.EndObject();
}

void WriteDelivery(http::JsonWriter& w, const webhooks::DeliveryRecord& d) {
  w.StartObject();
  WriteStringField(w, "id", d.id);
  WriteStringField(w, "subscription_id", d.subscription_id);
  WriteStringField(w, "webhook_id", "msg_" + d.id);
  WriteStringField(w, "event_type", d.event_type);
  WriteStringField(w, "status", d.status);
  w.Key("attempts");
  w.Int64(d.attempts);
  w.Key("response_code");
  if (d.response_code) {
    w.Int64(*d.response_code);
  } else {
    w.Null();
  }
  WriteOptString(w, "last_error", d.last_error);
  WriteOptString(w, "last_attempt_at", d.last_attempt_at);
  WriteStringField(w, "created_at", d.created_at);
  w.Key("payload");
  w.RawValue(d.payload.data(), d.payload.size(), rapidjson::kObjectType);
  w.EndObject();
}

}  // namespace

Status HandleListWebhookSubscriptions(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(std::vector<webhooks::Subscription> items,
                        webhooks::ListSubscriptions(ctx.db, ctx.user().user_id));
  int64_t n = static_cast<int64_t>(items.size());
  ctx.response.JsonList({1, webhooks::kMaxSubscriptionsPerUser, n}, [&](http::JsonWriter& w) {
    for (const webhooks::Subscription& s : items) WriteSubscription(w, s);
  });
  return Status::Ok();
}

Status HandleCreateWebhookSubscription(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(webhooks::SubscriptionChanges input,
                        ReadSubscriptionBody(ctx, WriteMode::kCreate));
  KEEL_ASSIGN_OR_RETURN(webhooks::CreatedSubscription created,
                        webhooks::CreateSubscription(ctx.db, ctx.user().user_id, input));
  RespondCreated(ctx, "webhook-subscriptions", created.subscription.id, [&](http::JsonWriter& w) {
    w.StartObject();
    WriteSubscriptionFields(w, created.subscription);
    WriteStringField(w, "secret", created.secret);
    w.EndObject();
  });
  return Status::Ok();
}

Status HandleGetWebhookSubscription(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(webhooks::Subscription s,
                        webhooks::GetSubscription(ctx.db, ctx.user().user_id, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteSubscription(w, s); });
  return Status::Ok();
}

Status HandlePatchWebhookSubscription(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(webhooks::SubscriptionChanges changes,
                        ReadSubscriptionBody(ctx, WriteMode::kPatch));
  KEEL_ASSIGN_OR_RETURN(webhooks::Subscription s,
                        webhooks::UpdateSubscription(ctx.db, ctx.user().user_id, id, changes));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteSubscription(w, s); });
  return Status::Ok();
}

Status HandleDeleteWebhookSubscription(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(webhooks::DeleteSubscription(ctx.db, ctx.user().user_id, id));
  ctx.response.NoContent();
  return Status::Ok();
}

Status HandleListWebhookDeliveries(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(std::vector<webhooks::DeliveryRecord> items,
                        webhooks::ListDeliveries(ctx.db, ctx.user().user_id, id));
  int64_t n = static_cast<int64_t>(items.size());
  ctx.response.JsonList({1, webhooks::kDeliveriesListed, n}, [&](http::JsonWriter& w) {
    for (const webhooks::DeliveryRecord& d : items) WriteDelivery(w, d);
  });
  return Status::Ok();
}

Status HandleRedeliverWebhook(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(std::string delivery_id, PathUuid(ctx, "delivery_id"));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(webhooks::DeliveryRecord d,
                        webhooks::Redeliver(ctx.db, ctx.user().user_id, id, delivery_id,
                                            static_cast<int>(ctx.config.job_max_attempts)));
  ctx.response.Json(202, [&](http::JsonWriter& w) { WriteDelivery(w, d); });
  return Status::Ok();
}

}  // namespace keel::api
