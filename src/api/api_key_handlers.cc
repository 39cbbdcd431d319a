// Personal API key routes: POST auth/api-keys (the key is in the answer once, never
// again), GET auth/api-keys, DELETE auth/api-keys/{id}. Keys are for scripts; the
// routes themselves are for a signed-in session only (route_scope.h refuses a key on
// every auth route that changes something, these included).
#include <string>
#include <vector>

#include "api/field_reader.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "api/route_scope.h"
#include "auth/api_key_scope.h"
#include "auth/api_key_store.h"
#include "auth/api_key_token.h"
#include "json/safe_parse.h"

namespace keel::api {
namespace {

// `scopes`: a JSON array of strings, or (from a form) one string of scopes separated by
// spaces or commas. Absent or empty: the default *:read.
std::vector<std::string> ReadScopes(FieldReader& r, const http::Fields& body) {
  r.Ignore({"scopes"});
  std::vector<std::string> scopes;
  const http::FieldValue* v = body.Find("scopes");
  if (v == nullptr || v->kind == http::FieldValue::Kind::kNull) return scopes;
  if (v->kind == http::FieldValue::Kind::kString) {
    std::string item;
    for (char c : v->text + " ") {
      if (c == ' ' || c == ',') {
        if (!item.empty()) scopes.push_back(item);
        item.clear();
      } else {
        item += c;
      }
    }
    return scopes;
  }
  rapidjson::Document doc;
  if (v->kind != http::FieldValue::Kind::kArray || !json::ParseJson(v->text, doc).ok() ||
      !doc.IsArray()) {
    r.AddError("scopes", "must be an array of strings");
    return scopes;
  }
  for (const auto& item : doc.GetArray()) {
    if (!item.IsString() || item.GetStringLength() > 64) {
      r.AddError("scopes", "must be an array of strings of at most 64 characters");
      return {};
    }
    scopes.emplace_back(item.GetString(), item.GetStringLength());
  }
  return scopes;
}

void WriteApiKey(http::JsonWriter& w, const auth::ApiKeyInfo& k, const std::string* secret) {
  w.StartObject();
  WriteStringField(w, "id", k.id);
  WriteStringField(w, "name", k.name);
  WriteStringField(w, "prefix", k.prefix);
  w.Key("scopes");
  w.StartArray();
  for (const std::string& s : k.scopes) http::WriteString(w, s);
  w.EndArray();
  WriteStringField(w, "created_at", k.created_at);
  WriteOptString(w, "last_used_at", k.last_used_at);
  WriteOptString(w, "expires_at", k.expires_at);
  if (secret != nullptr) WriteStringField(w, "key", *secret);
  w.EndObject();
}

}  // namespace

Status HandleCreateApiKey(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  Value<std::string> name =
      r.String("name", {.required = true, .min_length = 1, .max_length = 100});
  Value<std::string> expires_at = r.Timestamp("expires_at", false);
  std::vector<std::string> scopes = ReadScopes(r, *body);
  if (r.ok()) {
    if (auto problem = auth::NormaliseScopes(scopes, ScopeResources())) {
      r.AddError("scopes", *problem);
    }
  }
  KEEL_RETURN_IF_ERROR(r.Finish());
  auth::NewApiKeyToken token = auth::GenerateApiKey();
  auth::NewApiKey key{ctx.user().user_id, name.value, token.prefix,
                      token.digest_hex,   scopes,     std::nullopt};
  if (expires_at.has_value()) key.expires_at = expires_at.value;
  KEEL_ASSIGN_OR_RETURN(auth::ApiKeyInfo info, auth::CreateApiKey(ctx.db, key));
  ctx.response.Json(201, [&](http::JsonWriter& w) { WriteApiKey(w, info, &token.key); });
  return Status::Ok();
}

Status HandleListApiKeys(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::vector<auth::ApiKeyInfo> keys,
                        auth::ListApiKeys(ctx.db, ctx.user().user_id));
  int64_t n = static_cast<int64_t>(keys.size());
  ctx.response.JsonList(http::Pagination{1, auth::kMaxApiKeysPerUser, n}, [&](http::JsonWriter& w) {
    for (const auth::ApiKeyInfo& k : keys) WriteApiKey(w, k, nullptr);
  });
  return Status::Ok();
}

Status HandleDeleteApiKey(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(bool deleted, auth::DeleteApiKey(ctx.db, ctx.user().user_id, id));
  if (!deleted) return Status::NotFound("no such API key");
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
