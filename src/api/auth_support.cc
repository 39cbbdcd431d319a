// User JSON, client info and cookie headers for the auth and users handlers.
#include "api/auth_support.h"

#include "api/resource_util.h"
#include "auth/session_cookies.h"

namespace keel::api {

void WriteUser(http::JsonWriter& w, const users::User& u) {
  w.StartObject();
  WriteStringField(w, "id", u.id);
  WriteStringField(w, "email", u.email);
  WriteOptString(w, "name", u.name);
  WriteOptString(w, "avatar_url", u.avatar_url);
  WriteStringField(w, "role", u.role);
  w.Key("is_active");
  w.Bool(u.is_active);
  WriteOptString(w, "last_login", u.last_login);
  WriteStringField(w, "created_at", u.created_at);
  WriteStringField(w, "updated_at", u.updated_at);
  WriteOptString(w, "email_verified_at", u.email_verified_at);
  w.EndObject();
}

auth::ClientInfo ClientOf(const http::Request& request) {
  return auth::ClientInfo{request.remote_addr, request.user_agent};
}

users::Actor ActorOf(const RequestContext& ctx) {
  return users::Actor{ctx.user().user_id, ctx.user().is_admin()};
}

namespace {

bool IsHttpUrl(const std::string& url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  size_t host = url.find("://") + 3;
  if (host >= url.size() || url[host] == '/') return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void ReadProfileFields(FieldReader& r, WriteMode mode, users::UserChange& change) {
  Value<std::string> name = r.String("name", {.max_length = users::kMaxNameChars});
  Value<std::string> avatar = r.String("avatar_url", {.max_length = users::kMaxAvatarUrlBytes});
  if (avatar.has_value() &&
      (avatar.value.size() > users::kMaxAvatarUrlBytes || !IsHttpUrl(avatar.value))) {
    r.AddError("avatar_url", "avatar_url must be an http(s) URL of at most 2048 bytes");
  }
  // An empty name (after trimming) means no name.
  auto optional = [](const Value<std::string>& v) {
    return v.has_value() && !v.value.empty() ? std::optional<std::string>(v.value) : std::nullopt;
  };
  if (mode != WriteMode::kPatch || name.present) change.name.Set(optional(name));
  if (mode != WriteMode::kPatch || avatar.present) change.avatar_url.Set(optional(avatar));
}

void AddSetCookies(http::Response& response, const std::vector<std::string>& set_cookies) {
  for (const std::string& c : set_cookies) response.AddHeader("Set-Cookie", c);
}

void ClearSessionCookies(http::Response& response) {
  AddSetCookies(response, auth::ClearedCookieHeaders());
}

}  // namespace keel::api
