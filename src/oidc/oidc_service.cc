// The OpenID Connect flow and account rules (see oidc_service.h).
#include "oidc/oidc_service.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

#include "auth/auth_events.h"
#include "auth/keys.h"
#include "base/clock.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/jws_keys.h"
#include "db/transaction.h"
#include "json/safe_parse.h"
#include "net/https_client.h"
#include "oidc/flow_state.h"
#include "oidc/identity_store.h"
#include "oidc/provider_cache.h"
#include "users/user_store.h"

namespace keel::oidc {
namespace {

std::string FlowKey(const Config& config) {
  return auth::DeriveKey(auth::KeysFor(config).jwt.current.secret, "keel oidc flow state");
}

std::string FlowCookie(const std::string& value, const Config::OidcProvider& p, int64_t max_age) {
  // Apple posts the callback from its own site (form_post): only a SameSite=None cookie
  // comes along with a cross-site POST. Otherwise Lax (a top-level GET redirect).
  std::string same_site = p.response_mode == "form_post" ? "None" : "Lax";
  return std::string(kFlowCookie) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) +
         "; Secure; HttpOnly; SameSite=" + same_site;
}

// Apple's client secret: an ES256 JWT signed with the team's key, valid five minutes.
StatusOr<std::string> AppleClientSecret(const Config::OidcProvider& p) {
  KEEL_ASSIGN_OR_RETURN(crypto::Es256Signer signer,
                        crypto::Es256Signer::FromPkcs8(p.apple_private_key));
  int64_t now = UnixSeconds();
  std::string header = R"({"alg":"ES256","kid":")" + p.apple_key_id + R"("})";
  std::string claims = R"({"iss":")" + p.apple_team_id + R"(","iat":)" + std::to_string(now) +
                       R"(,"exp":)" + std::to_string(now + 300) +
                       R"(,"aud":"https://appleid.apple.com","sub":")" + p.client_id + R"("})";
  std::string input = crypto::Base64UrlEncode(header) + "." + crypto::Base64UrlEncode(claims);
  return input + "." + crypto::Base64UrlEncode(signer.Sign(input));
}

struct Tokens {
  std::string id_token;
  std::string access_token;  // may be empty
};

// The code → tokens exchange.
StatusOr<Tokens> ExchangeCode(const Config& config, const CallBudget& budget,
                              const Config::OidcProvider& p, const Discovery& disc,
                              const std::string& code, const std::string& verifier) {
  std::string secret = p.client_secret;
  if (!p.apple_private_key.empty()) {
    KEEL_ASSIGN_OR_RETURN(secret, AppleClientSecret(p));
  }
  std::string form = "grant_type=authorization_code&code=" + net::UrlEncode(code) +
                     "&redirect_uri=" + net::UrlEncode(RedirectUri(config, p)) +
                     "&client_id=" + net::UrlEncode(p.client_id) +
                     "&client_secret=" + net::UrlEncode(secret) +
                     "&code_verifier=" + net::UrlEncode(verifier);
  KEEL_ASSIGN_OR_RETURN(net::HttpsOptions options, budget.Next(p));
  StatusOr<net::HttpsResponse> r = net::HttpsPostForm(disc.token_endpoint, form, {}, options);
  if (!r.ok()) return ProviderUnavailable(p, r.status().message());
  rapidjson::Document d;
  bool parsed = json::ParseJson(r->body, d).ok() && d.IsObject();
  if (r->status != 200) {
    // invalid_grant: a code used twice, expired, or not ours.
    return Status::Unauthorized(p.label + " refused the sign-in code");
  }
  if (!parsed || !d.HasMember("id_token") || !d["id_token"].IsString()) {
    return Status::Unauthorized(p.label + " returned no id_token");
  }
  Tokens t{std::string(d["id_token"].GetString(), d["id_token"].GetStringLength()), ""};
  if (d.HasMember("access_token") && d["access_token"].IsString()) {
    t.access_token.assign(d["access_token"].GetString(), d["access_token"].GetStringLength());
  }
  return t;
}

// A provider that follows OIDC Core §5.4 to the letter puts the email only in the
// userinfo answer for the code flow: asked there (with the access token) when the
// id_token has none. Its `sub` must be the id_token's (§5.3.2).
Status AddUserinfoClaims(const CallBudget& budget, const Config::OidcProvider& p,
                         const Discovery& disc, const std::string& access_token,
                         IdTokenClaims& claims) {
  if (!claims.email.empty() || disc.userinfo_endpoint.empty() || access_token.empty()) {
    return Status::Ok();
  }
  KEEL_ASSIGN_OR_RETURN(net::HttpsOptions options, budget.Next(p));
  StatusOr<net::HttpsResponse> r =
      net::HttpsGet(disc.userinfo_endpoint, options, {"Authorization: Bearer " + access_token});
  if (!r.ok()) return ProviderUnavailable(p, r.status().message());
  rapidjson::Document d;
  if (r->status != 200 || !json::ParseJson(r->body, d).ok() || !d.IsObject()) {
    return Status::Unauthorized(p.label + " refused the userinfo request");
  }
  auto str = [&](const char* name) -> std::string {
    auto it = d.FindMember(name);
    return it != d.MemberEnd() && it->value.IsString()
               ? std::string(it->value.GetString(), it->value.GetStringLength())
               : std::string();
  };
  if (str("sub") != claims.sub) return Status::Unauthorized("userinfo is for another subject");
  claims.email = str("email");
  auto verified = d.FindMember("email_verified");
  claims.email_verified =
      verified != d.MemberEnd() &&
      ((verified->value.IsBool() && verified->value.GetBool()) ||
       (verified->value.IsString() && std::string_view(verified->value.GetString()) == "true"));
  if (claims.name.empty()) claims.name = str("name");
  return Status::Ok();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

StatusOr<Finished> SignIn(db::Connection& db, const Config& config, const Config::OidcProvider& p,
                          const IdTokenClaims& claims, const std::string& next,
                          const auth::ClientInfo& client) {
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_ASSIGN_OR_RETURN(std::optional<std::string> user_id,
                        FindIdentityUser(db, p.name, claims.sub));
  const char* event = auth::event::kLoginOk;
  std::string email = Lower(claims.email);
  if (!user_id) {
    if (email.empty() || email.size() > 255 || email.find('@') == std::string::npos) {
      return Status::BadRequest(p.label + " did not share an email address; keel needs one");
    }
    KEEL_ASSIGN_OR_RETURN(std::optional<users::Credentials> existing,
                          users::FindCredentialsByEmail(db, email));
    if (existing) {
      if (!claims.email_verified) {
        return Status::Conflict("an account with this email exists; sign in with it, then link " +
                                p.label + " from the account page");
      }
      user_id = existing->user.id;
    } else {
      std::optional<std::string> name;
      if (!claims.name.empty() && claims.name.size() <= 100) name = claims.name;
      KEEL_ASSIGN_OR_RETURN(
          users::User user,
          users::InsertUser(db, users::NewUser{email, auth::kNoPasswordHash, name}));
      user_id = user.id;
      event = auth::event::kRegister;
    }
    KEEL_RETURN_IF_ERROR(LinkIdentity(db, *user_id, p.name, claims.sub, email));
  }
  KEEL_ASSIGN_OR_RETURN(auth::IssuedSession session,
                        auth::OpenSession(db, config, *user_id, client, event));
  KEEL_RETURN_IF_ERROR(tx.Commit());
  return Finished{std::move(session), next};
}

}  // namespace

const Config::OidcProvider* FindProvider(const Config& config, std::string_view name) {
  for (const Config::OidcProvider& p : config.oidc_providers) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string RedirectUri(const Config& config, const Config::OidcProvider& p) {
  return config.public_origin + "/api/v1/auth/oauth/" + p.name + "/callback";
}

StatusOr<Started> Start(const Config& config, const Config::OidcProvider& p,
                        const std::string& next, const std::string& link_user_id) {
  CallBudget budget(config);
  KEEL_ASSIGN_OR_RETURN(Discovery disc, Discover(p, budget));
  FlowState flow = NewFlowState(p.name, next, link_user_id, UnixSeconds());
  std::string url = disc.authorization_endpoint;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "response_type=code&client_id=" + net::UrlEncode(p.client_id) +
         "&redirect_uri=" + net::UrlEncode(RedirectUri(config, p)) +
         "&scope=" + net::UrlEncode(p.scopes) + "&state=" + flow.state + "&nonce=" + flow.nonce +
         "&code_challenge=" + PkceChallenge(flow.code_verifier) + "&code_challenge_method=S256";
  if (p.response_mode == "form_post") url += "&response_mode=form_post";
  return Started{url, FlowCookie(SealFlowState(flow, FlowKey(config)), p, kFlowLifetimeSeconds)};
}

StatusOr<Finished> Finish(db::Connection& db, const Config& config, const Config::OidcProvider& p,
                          const CallbackParams& params, const auth::ClientInfo& client) {
  if (params.flow_cookie.empty()) {
    return Status::BadRequest("no sign-in in progress in this browser (missing state cookie)");
  }
  std::optional<FlowState> flow = OpenFlowState(params.flow_cookie, FlowKey(config), UnixSeconds());
  if (!flow || flow->provider != p.name) {
    return Status::BadRequest("sign-in expired or not started here; start again");
  }
  if (!crypto::ConstantTimeEquals(params.state, flow->state)) {
    return Status::BadRequest("state does not match this browser's sign-in");
  }
  if (!params.error.empty()) return Status::Unauthorized(p.label + " did not sign you in");
  if (params.code.empty() || params.code.size() > 2048) return Status::BadRequest("missing code");
  CallBudget budget(config);
  KEEL_ASSIGN_OR_RETURN(Discovery disc, Discover(p, budget));
  KEEL_ASSIGN_OR_RETURN(Tokens tokens,
                        ExchangeCode(config, budget, p, disc, params.code, flow->code_verifier));
  KEEL_ASSIGN_OR_RETURN(
      IdTokenClaims claims,
      VerifyWithProviderKeys(
          p, budget, tokens.id_token,
          IdTokenExpectations{disc.issuer, p.client_id, flow->nonce, UnixSeconds(), 60}));
  KEEL_RETURN_IF_ERROR(AddUserinfoClaims(budget, p, disc, tokens.access_token, claims));
  if (!flow->link_user_id.empty()) {
    KEEL_RETURN_IF_ERROR(
        LinkIdentity(db, flow->link_user_id, p.name, claims.sub, Lower(claims.email)));
    return Finished{std::nullopt, flow->next};
  }
  return SignIn(db, config, p, claims, flow->next, client);
}

std::string ClearedFlowCookie() {
  return std::string(kFlowCookie) + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
}

}  // namespace keel::oidc
