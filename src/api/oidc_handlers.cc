// OpenID Connect routes (oidc/oidc_service.h): the configured providers (for the sign-in
// page's buttons), start and callback of the browser flow, and the account's linked
// identities (list, link another, unlink).
#include <string>

#include "api/auth_support.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "auth/auth_service.h"
#include "auth/redirect.h"
#include "auth/session_cookies.h"
#include "http/cookies.h"
#include "oidc/flow_state.h"
#include "oidc/identity_store.h"
#include "oidc/oidc_service.h"

namespace keel::api {
namespace {

StatusOr<const Config::OidcProvider*> PathProvider(const RequestContext& ctx) {
  const Config::OidcProvider* p = oidc::FindProvider(ctx.config, ctx.params.Get("provider"));
  if (p == nullptr) return Status::NotFound("no such sign-in provider");
  return p;
}

// `next` from the query: a path on this site (as for password sign-in), default /app/.
StatusOr<std::string> NextOf(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* query, ctx.Query());
  const http::FieldValue* next = query->Find("next");
  if (next == nullptr || next->text.empty()) return std::string("/app/");
  if (next->text.size() > auth::kMaxRedirectBytes || !auth::IsSafeRedirectPath(next->text)) {
    return Status::InvalidField("next", "next must be a path on this site starting with one /");
  }
  return next->text;
}

std::string Text(const http::Fields& fields, const char* name) {
  const http::FieldValue* v = fields.Find(name);
  return v == nullptr ? "" : v->text;
}

}  // namespace

Status HandleListOidcProviders(RequestContext& ctx) {
  ctx.response.JsonList(
      http::Pagination{1, 100, static_cast<int64_t>(ctx.config.oidc_providers.size())},
      [&](http::JsonWriter& w) {
        for (const Config::OidcProvider& p : ctx.config.oidc_providers) {
          w.StartObject();
          WriteStringField(w, "name", p.name);
          WriteStringField(w, "label", p.label);
          WriteStringField(w, "start_url", "/api/v1/auth/oauth/" + p.name + "/start");
          w.EndObject();
        }
      });
  return Status::Ok();
}

Status HandleOidcStart(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const Config::OidcProvider* p, PathProvider(ctx));
  KEEL_ASSIGN_OR_RETURN(std::string next, NextOf(ctx));
  KEEL_ASSIGN_OR_RETURN(oidc::Started started, oidc::Start(ctx.config, *p, next, ""));
  ctx.response.AddHeader("Set-Cookie", started.set_cookie);
  ctx.response.Redirect(302, started.authorization_url);
  return Status::Ok();
}

// GET (query) or POST (form_post, Apple) from the provider, through the browser.
Status HandleOidcCallback(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const Config::OidcProvider* p, PathProvider(ctx));
  ctx.response.AddHeader("Set-Cookie", oidc::ClearedFlowCookie());  // used once, whatever happens
  const http::Fields* fields = nullptr;
  if (ctx.request.method == http::Method::kPost) {
    KEEL_ASSIGN_OR_RETURN(fields, ctx.Body());
  } else {
    KEEL_ASSIGN_OR_RETURN(fields, ctx.Query());
  }
  KEEL_ASSIGN_OR_RETURN(http::Cookies cookies, http::ParseCookieHeader(ctx.request.cookie));
  const std::string* flow = cookies.Find(oidc::kFlowCookie);
  oidc::CallbackParams params{flow ? *flow : "", Text(*fields, "state"), Text(*fields, "code"),
                              Text(*fields, "error")};
  KEEL_ASSIGN_OR_RETURN(oidc::Finished done,
                        oidc::Finish(ctx.db, ctx.config, *p, params, ClientOf(ctx.request)));
  if (done.session) {
    const auth::IssuedSession& s = *done.session;
    KEEL_ASSIGN_OR_RETURN(
        std::vector<std::string> set_cookies,
        auth::SessionCookieHeaders({s.access_token, s.refresh_token, s.csrf_token}, ctx.config));
    AddSetCookies(ctx.response, set_cookies);
  }
  ctx.response.Redirect(303, done.next);
  return Status::Ok();
}

Status HandleListIdentities(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::vector<oidc::Identity> list,
                        oidc::ListIdentities(ctx.db, ctx.user().user_id));
  ctx.response.JsonList(http::Pagination{1, 100, static_cast<int64_t>(list.size())},
                        [&](http::JsonWriter& w) {
                          for (const oidc::Identity& i : list) {
                            w.StartObject();
                            WriteStringField(w, "id", i.id);
                            WriteStringField(w, "provider", i.provider);
                            WriteOptString(w, "email", i.email);
                            WriteStringField(w, "created_at", i.created_at);
                            WriteOptString(w, "last_login_at", i.last_login_at);
                            w.EndObject();
                          }
                        });
  return Status::Ok();
}

// Starts a flow that links the provider's identity to the signed-in account: answers the
// URL to send the browser to, with the flow cookie.
Status HandleLinkIdentity(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const Config::OidcProvider* p, PathProvider(ctx));
  KEEL_ASSIGN_OR_RETURN(std::string next, NextOf(ctx));
  if (next == "/app/") next = "/app/account/";
  KEEL_ASSIGN_OR_RETURN(oidc::Started started,
                        oidc::Start(ctx.config, *p, next, ctx.user().user_id));
  ctx.response.AddHeader("Set-Cookie", started.set_cookie);
  ctx.response.Json(200, [&](http::JsonWriter& w) {
    w.StartObject();
    WriteStringField(w, "authorization_url", started.authorization_url);
    w.EndObject();
  });
  return Status::Ok();
}

Status HandleDeleteIdentity(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(oidc::DeleteIdentity(ctx.db, ctx.user().user_id, id, auth::kNoPasswordHash));
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
