// Auth routes (CONTRACT §4): register (+ signup aliases), login, refresh, logout,
// logout-all, me, password, sessions and events. Thin: parse, validate, call
// auth::AuthService, render. The no-JavaScript form flow (a form-encoded or multipart
// login/register with `Accept: text/html` and a relative `next`) answers 303 See Other
// to `next` with the cookies set; on failure it answers 303 to the form's relative
// `error` URL with `error=<CODE>` added when one was sent, otherwise the JSON error.
#include <string>

#include "api/auth_support.h"
#include "api/field_reader.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "auth/auth_events.h"
#include "auth/auth_service.h"
#include "auth/csrf.h"
#include "auth/password_policy.h"
#include "auth/redirect.h"
#include "auth/session_cookies.h"
#include "crypto/password.h"
#include "http/cookies.h"
#include "users/user_service.h"

namespace keel::api {
namespace {

// Passwords are taken exactly as sent: no trimming, any characters, at most 1024
// characters here (the byte limit is the policy's, auth/password_policy.h).
StringRule PasswordRule() {
  return StringRule{.required = true, .max_length = 1024, .trim = false, .single_line = false};
}

// The redirect targets of an HTML form post, validated whether or not they are used.
struct FormFlow {
  bool html = false;  // answer with 303s instead of JSON
  std::string next;
  std::string error;  // may be empty

  // A failure as a 303 to `error` when the form gave one, else the Status itself.
  Status Fail(RequestContext& ctx, const Status& status) const {
    if (!html || error.empty()) return status;
    ctx.response.Redirect(303, auth::WithQueryParam(error, "error", CodeNameOf(status.code())));
    return Status::Ok();
  }
};

FormFlow ReadFormFlow(FieldReader& r, const RequestContext& ctx, const http::Fields& body) {
  const StringRule rule{.max_length = auth::kMaxRedirectBytes, .trim = false};
  Value<std::string> next = r.String("next", rule);
  Value<std::string> error = r.String("error", rule);
  bool ok = true;
  auto check = [&](const char* name, const Value<std::string>& v) {
    if (v.has_value() && !auth::IsSafeRedirectPath(v.value)) {
      r.AddError(name, std::string(name) + " must be a path on this site starting with one /");
      ok = false;
    }
  };
  check("next", next);
  check("error", error);
  FormFlow flow;
  flow.html = ok && next.has_value() && body.from_form() &&
              ctx.request.accept.find("text/html") != std::string::npos;
  if (flow.html) flow.next = next.value;
  if (flow.html && error.has_value()) flow.error = error.value;
  return flow;
}

void WriteIssued(http::JsonWriter& w, const auth::IssuedSession& s) {
  w.StartObject();
  w.Key("user");
  WriteUser(w, s.user);
  WriteStringField(w, "access_token", s.access_token);
  WriteStringField(w, "refresh_token", s.refresh_token);
  WriteStringField(w, "token_type", "Bearer");
  w.Key("expires_in");
  w.Int64(s.expires_in);
  // Also in the readable cookie; here for a front end on another origin of the same site
  // (in KEEL_CORS_ORIGINS), which is sent this host's cookies but cannot read them, and
  // must still echo the value in X-CSRF-Token.
  WriteStringField(w, "csrf_token", s.csrf_token);
  w.EndObject();
}

// The cookies, then the JSON body (or the 303 of the form flow).
Status RespondIssued(RequestContext& ctx, const auth::IssuedSession& s, int status,
                     const FormFlow& flow) {
  KEEL_ASSIGN_OR_RETURN(
      std::vector<std::string> cookies,
      auth::SessionCookieHeaders({s.access_token, s.refresh_token, s.csrf_token}, ctx.config));
  AddSetCookies(ctx.response, cookies);
  if (flow.html) {
    ctx.response.Redirect(303, flow.next);
  } else if (status == 201) {
    RespondCreated(ctx, "users", s.user.id, [&](http::JsonWriter& w) { WriteIssued(w, s); });
  } else {
    ctx.response.Json(status, [&](http::JsonWriter& w) { WriteIssued(w, s); });
  }
  return Status::Ok();
}

// The refresh token of a browser: the __Secure-keel_refresh cookie, which is only
// accepted from a page of the site (Origin / Sec-Fetch-Site checks).
StatusOr<std::string> RefreshCookie(const RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(auth::CheckRequestOrigin(ctx.request, ctx.config));
  KEEL_ASSIGN_OR_RETURN(http::Cookies cookies, http::ParseCookieHeader(ctx.request.cookie));
  const std::string* token = cookies.Find(auth::kRefreshCookie);
  if (token == nullptr || token->empty()) return Status::Unauthorized("refresh token required");
  return *token;
}

template <typename Item, typename WriteItem>
void RespondList(RequestContext& ctx, const db::ListQuery& q, int64_t total,
                 const std::vector<Item>& items, WriteItem&& write_item) {
  ctx.response.JsonList(http::Pagination{q.page, q.limit, total}, [&](http::JsonWriter& w) {
    for (const Item& item : items) write_item(w, item);
  });
}

}  // namespace

Status HandleRegister(RequestContext& ctx) {
  // A cross-site form must not sign a victim's browser into the attacker's account.
  KEEL_RETURN_IF_ERROR(
      auth::CheckRequestOrigin(ctx.request, ctx.config, auth::CrossSite::kAllowCorsOrigins));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  FormFlow flow = ReadFormFlow(r, ctx, *body);
  Value<std::string> email = r.Email("email", true);
  Value<std::string> password = r.String("password", PasswordRule());
  Value<std::string> name = r.String("name", {.max_length = users::kMaxNameChars});
  if (password.has_value()) {
    if (auto problem = auth::PasswordProblem(password.value, email.value, "password")) {
      r.AddError("password", *problem);
    }
  }
  if (Status s = r.Finish(); !s.ok()) return flow.Fail(ctx, s);
  auth::Registration reg{email.value, password.value, std::nullopt};
  if (name.has_value() && !name.value.empty()) reg.name = name.value;  // "" = no name
  auto issued = auth::Register(ctx.db, ctx.config, reg, ClientOf(ctx.request));
  if (!issued.ok()) return flow.Fail(ctx, issued.status());
  return RespondIssued(ctx, *issued, 201, flow);
}

Status HandleLogin(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(
      auth::CheckRequestOrigin(ctx.request, ctx.config, auth::CrossSite::kAllowCorsOrigins));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  FormFlow flow = ReadFormFlow(r, ctx, *body);
  Value<std::string> email = r.Email("email", true);
  Value<std::string> password = r.String("password", PasswordRule());
  if (password.has_value() && password.value.size() > crypto::kMaxPasswordBytes) {
    r.AddError("password", "password must be at most 1024 bytes");
  }
  if (Status s = r.Finish(); !s.ok()) return flow.Fail(ctx, s);
  auto issued = auth::Login(ctx.db, ctx.config, email.value, password.value, ClientOf(ctx.request));
  if (!issued.ok()) return flow.Fail(ctx, issued.status());
  return RespondIssued(ctx, *issued, 200, flow);
}

Status HandleRefresh(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  Value<std::string> token = r.String("refresh_token", {.max_length = 256});
  KEEL_RETURN_IF_ERROR(r.Finish());
  bool from_cookie = !token.has_value();
  std::string presented = token.value;
  if (from_cookie) {
    KEEL_ASSIGN_OR_RETURN(presented, RefreshCookie(ctx));
  }
  auto issued = auth::Refresh(ctx.db, ctx.config, presented, ClientOf(ctx.request));
  if (!issued.ok()) {
    // A dead refresh cookie is deleted, so the browser stops offering it.
    if (from_cookie && issued.status().code() == ErrorCode::kUnauthorized) {
      ClearSessionCookies(ctx.response);
    }
    return issued.status();
  }
  return RespondIssued(ctx, *issued, 200, FormFlow{});
}

Status HandleLogout(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(auth::Logout(ctx.db, ctx.user(), ClientOf(ctx.request)));
  ClearSessionCookies(ctx.response);
  ctx.response.NoContent();
  return Status::Ok();
}

Status HandleLogoutAll(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(auth::LogoutAll(ctx.db, ctx.user(), ClientOf(ctx.request)));
  ClearSessionCookies(ctx.response);
  ctx.response.NoContent();
  return Status::Ok();
}

Status HandleGetMe(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(users::User user, users::GetUser(ctx.db, ActorOf(ctx), ctx.user().user_id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

Status HandlePatchMe(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  users::UserChange change;
  ReadProfileFields(r, WriteMode::kPatch, change);
  KEEL_RETURN_IF_ERROR(r.Finish());
  KEEL_ASSIGN_OR_RETURN(users::User user,
                        users::ChangeUser(ctx.db, ActorOf(ctx), ctx.user().user_id, change));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

Status HandleChangePassword(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  // Optional for an account that has no password yet (made by OpenID Connect sign-in).
  StringRule current_rule = PasswordRule();
  current_rule.required = false;
  Value<std::string> current = r.String("current_password", current_rule);
  Value<std::string> next = r.String("new_password", PasswordRule());
  KEEL_RETURN_IF_ERROR(r.Finish());
  KEEL_RETURN_IF_ERROR(auth::ChangePassword(ctx.db, ctx.config, ctx.user(), current.value,
                                            next.value, ClientOf(ctx.request)));
  ctx.response.NoContent();
  return Status::Ok();
}

Status HandleListSessions(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery q, ListQueryOf(ctx, auth::SessionListSpec()));
  KEEL_ASSIGN_OR_RETURN(auth::SessionPage page, auth::ListSessions(ctx.db, ctx.user().user_id, q));
  RespondList(ctx, q, page.total, page.sessions,
              [&](http::JsonWriter& w, const auth::SessionInfo& s) {
                w.StartObject();
                WriteStringField(w, "id", s.id);
                WriteStringField(w, "created_at", s.created_at);
                WriteStringField(w, "last_used_at", s.last_used_at);
                WriteStringField(w, "expires_at", s.expires_at);
                WriteOptString(w, "user_agent", s.user_agent);
                WriteOptString(w, "ip", s.ip);
                w.Key("current");
                w.Bool(s.id == ctx.user().session_id);
                w.EndObject();
              });
  return Status::Ok();
}

Status HandleRevokeSession(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(auth::RevokeOwnSession(ctx.db, ctx.user(), id, ClientOf(ctx.request)));
  if (id == ctx.user().session_id) ClearSessionCookies(ctx.response);
  ctx.response.NoContent();
  return Status::Ok();
}

Status HandleListAuthEvents(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery q, ListQueryOf(ctx, auth::AuthEventListSpec()));
  KEEL_ASSIGN_OR_RETURN(auth::AuthEventPage page,
                        auth::ListAuthEvents(ctx.db, ctx.user().user_id, q));
  RespondList(ctx, q, page.total, page.events, [](http::JsonWriter& w, const auth::AuthEvent& e) {
    w.StartObject();
    WriteStringField(w, "id", e.id);
    WriteStringField(w, "type", e.type);
    WriteOptString(w, "session_id", e.session_id);
    WriteOptString(w, "ip", e.ip);
    WriteOptString(w, "user_agent", e.user_agent);
    WriteStringField(w, "created_at", e.created_at);
    w.EndObject();
  });
  return Status::Ok();
}

}  // namespace keel::api
