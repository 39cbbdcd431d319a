// Pieces the auth and users handlers share: the user's JSON shape (CONTRACT §5: id,
// email, name, avatar_url, role, is_active, last_login, created_at, updated_at — never
// the password hash, which users::User does not even hold), the client description
// recorded with sessions and auth events, the caller as a users::Actor, and adding the
// session cookies to a response.
#pragma once

#include <string>
#include <vector>

#include "api/context.h"
#include "api/field_reader.h"
#include "api/resource_util.h"
#include "auth/session_store.h"
#include "http/response.h"
#include "users/user.h"
#include "users/user_store.h"

namespace keel::api {

// Writes the user object.
void WriteUser(http::JsonWriter& w, const users::User& user);

// The request's client address and user agent (already bounded by the fcgi layer).
auth::ClientInfo ClientOf(const http::Request& request);

// The signed-in caller, with the role the live-session check read from the database.
users::Actor ActorOf(const RequestContext& ctx);

// Reads the profile fields anyone may change on their own account — `name` (at most
// 100 characters) and `avatar_url` (an http(s) URL of at most 2048 bytes), both nullable
// — into `change`: in a PATCH only those sent, in a PUT both (absent = null).
void ReadProfileFields(FieldReader& r, WriteMode mode, users::UserChange& change);

// Adds one Set-Cookie header per value.
void AddSetCookies(http::Response& response, const std::vector<std::string>& set_cookies);

// Adds the Set-Cookie headers that delete the session cookies (logout).
void ClearSessionCookies(http::Response& response);

}  // namespace keel::api
