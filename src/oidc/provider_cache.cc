// Discovery and JWKS caching (see provider_cache.h).
#include "oidc/provider_cache.h"

#include <rapidjson/document.h>

#include <map>

#include "base/clock.h"
#include "base/log.h"
#include "json/safe_parse.h"
#include "net/https_client.h"

namespace keel::oidc {
namespace {

struct Entry {
  Discovery discovery;
  int64_t discovered_at = 0;  // 0: never
  Jwks jwks;
  int64_t jwks_fetched_at = 0;  // 0: never
};

std::map<std::string, Entry>& Cache() {
  static std::map<std::string, Entry> cache;  // one worker handles one request at a time
  return cache;
}

Status Down(const Config::OidcProvider& p, const std::string& why) {
  return ProviderUnavailable(p, why);
}

StatusOr<std::string> FetchJson(const CallBudget& budget, const Config::OidcProvider& p,
                                const std::string& url) {
  KEEL_ASSIGN_OR_RETURN(net::HttpsOptions options, budget.Next(p));
  StatusOr<net::HttpsResponse> r = net::HttpsGet(url, options);
  if (!r.ok()) return Down(p, r.status().message());
  if (r->status != 200) return Down(p, url + " answered " + std::to_string(r->status));
  return std::move(r->body);
}

std::string Member(const rapidjson::Document& d, const char* name) {
  auto it = d.FindMember(name);
  if (it == d.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

Status RefreshJwks(const CallBudget& budget, const Config::OidcProvider& p, Entry& e) {
  KEEL_ASSIGN_OR_RETURN(std::string body, FetchJson(budget, p, e.discovery.jwks_uri));
  StatusOr<Jwks> jwks = ParseJwks(body);
  if (!jwks.ok()) return Down(p, "bad JWKS: " + jwks.status().message());
  e.jwks = std::move(jwks).value();
  e.jwks_fetched_at = UnixSeconds();
  return Status::Ok();
}

}  // namespace

CallBudget::CallBudget(const Config& config)
    : ca_file_(config.oidc_ca_file), deadline_ms_(MonotonicMillis() + config.oidc_timeout_ms) {}

StatusOr<net::HttpsOptions> CallBudget::Next(const Config::OidcProvider& p) const {
  int64_t left = deadline_ms_ - MonotonicMillis();
  if (left <= 0) return ProviderUnavailable(p, "time budget spent");
  return net::HttpsOptions{ca_file_, left, 1 << 20};
}

Status ProviderUnavailable(const Config::OidcProvider& p, const std::string& why) {
  log::Warn("identity provider unavailable", {{"provider", p.name}, {"why", why}});
  return Status::Unavailable("sign-in with " + p.label + " is unavailable right now", 30);
}

StatusOr<Discovery> Discover(const Config::OidcProvider& p, const CallBudget& budget) {
  Entry& e = Cache()[p.name];
  int64_t now = UnixSeconds();
  if (e.discovered_at != 0 && now - e.discovered_at < kDiscoveryLifetimeSeconds) {
    return e.discovery;
  }
  std::string issuer = p.issuer;
  while (!issuer.empty() && issuer.back() == '/') issuer.pop_back();
  KEEL_ASSIGN_OR_RETURN(std::string body,
                        FetchJson(budget, p, issuer + "/.well-known/openid-configuration"));
  rapidjson::Document d;
  if (!json::ParseJson(body, d).ok() || !d.IsObject()) return Down(p, "bad discovery document");
  Discovery disc{Member(d, "issuer"), Member(d, "authorization_endpoint"),
                 Member(d, "token_endpoint"), Member(d, "jwks_uri"),
                 Member(d, "userinfo_endpoint")};
  if (!disc.userinfo_endpoint.empty() && disc.userinfo_endpoint.rfind("https://", 0) != 0) {
    disc.userinfo_endpoint.clear();
  }
  if (disc.issuer != p.issuer) return Down(p, "discovery issuer differs from the configured one");
  for (const std::string* url :
       {&disc.authorization_endpoint, &disc.token_endpoint, &disc.jwks_uri}) {
    if (url->rfind("https://", 0) != 0) return Down(p, "discovery endpoint is not https");
  }
  if (disc.jwks_uri != e.discovery.jwks_uri) e.jwks_fetched_at = 0;
  e.discovery = disc;
  e.discovered_at = now;
  return disc;
}

StatusOr<IdTokenClaims> VerifyWithProviderKeys(const Config::OidcProvider& p,
                                               const CallBudget& budget,
                                               const std::string& id_token,
                                               const IdTokenExpectations& expect) {
  KEEL_ASSIGN_OR_RETURN(Discovery disc, Discover(p, budget));
  (void)disc;
  Entry& e = Cache()[p.name];
  if (e.jwks_fetched_at == 0) KEEL_RETURN_IF_ERROR(RefreshJwks(budget, p, e));
  KEEL_ASSIGN_OR_RETURN(IdTokenResult r, VerifyIdToken(id_token, e.jwks, expect));
  if (r.unknown_kid && UnixSeconds() - e.jwks_fetched_at >= kJwksRefetchIntervalSeconds) {
    KEEL_RETURN_IF_ERROR(RefreshJwks(budget, p, e));  // a rotation at the provider
    KEEL_ASSIGN_OR_RETURN(r, VerifyIdToken(id_token, e.jwks, expect));
  }
  if (!r.claims) return Status::Unauthorized("id_token refused: no key for its kid");
  return std::move(*r.claims);
}

}  // namespace keel::oidc
