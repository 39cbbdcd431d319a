// VerifyIdToken (see id_token.h).
#include "oidc/id_token.h"

#include <rapidjson/document.h>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "json/safe_parse.h"

namespace keel::oidc {
namespace {

Status Refuse(const std::string& why) { return Status::Unauthorized("id_token refused: " + why); }

std::string Str(const rapidjson::Value& o, const char* name) {
  auto it = o.FindMember(name);
  if (it == o.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<int64_t> Seconds(const rapidjson::Value& o, const char* name) {
  auto it = o.FindMember(name);
  if (it == o.MemberEnd()) return std::nullopt;
  if (it->value.IsInt64()) return it->value.GetInt64();
  if (it->value.IsDouble()) {
    // A time beyond int64 (or NaN) is no time: converting it would be undefined.
    const double d = it->value.GetDouble();
    if (!(d > -9.0e18 && d < 9.0e18)) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

// `email_verified` is a boolean, but some providers (Apple) send "true"/"false".
bool Verified(const rapidjson::Value& o) {
  auto it = o.FindMember("email_verified");
  if (it == o.MemberEnd()) return false;
  if (it->value.IsBool()) return it->value.GetBool();
  return it->value.IsString() && std::string_view(it->value.GetString()) == "true";
}

}  // namespace

StatusOr<IdTokenResult> VerifyIdToken(std::string_view token, const Jwks& jwks,
                                      const IdTokenExpectations& expect) {
  if (token.size() > kMaxIdTokenBytes) return Refuse("too large");
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Refuse("not a compact JWS");
  }
  std::optional<std::string> header_json = crypto::Base64UrlDecode(token.substr(0, dot1));
  std::optional<std::string> payload_json =
      crypto::Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  std::optional<std::string> signature = crypto::Base64UrlDecode(token.substr(dot2 + 1));
  if (!header_json || !payload_json || !signature) return Refuse("bad base64url");

  rapidjson::Document header;
  if (!json::ParseJson(*header_json, header).ok() || !header.IsObject()) {
    return Refuse("bad header");
  }
  std::string alg = Str(header, "alg");
  crypto::JwsAlg jws_alg;
  if (alg == "RS256") {
    jws_alg = crypto::JwsAlg::kRs256;
  } else if (alg == "ES256") {
    jws_alg = crypto::JwsAlg::kEs256;
  } else {
    return Refuse("alg must be RS256 or ES256");
  }
  if (header.HasMember("crit")) return Refuse("crit is not supported");
  const crypto::JwsPublicKey* key = jwks.Find(jws_alg, Str(header, "kid"));
  if (key == nullptr) return IdTokenResult{std::nullopt, true};
  if (!key->Verify(token.substr(0, dot2), *signature)) return Refuse("bad signature");

  rapidjson::Document claims;
  if (!json::ParseJson(*payload_json, claims).ok() || !claims.IsObject()) {
    return Refuse("bad claims");
  }
  if (Str(claims, "iss") != expect.issuer) return Refuse("wrong iss");
  auto aud = claims.FindMember("aud");
  bool aud_ok = false;
  size_t audiences = 0;
  if (aud != claims.MemberEnd() && aud->value.IsString()) {
    audiences = 1;
    aud_ok = expect.client_id == aud->value.GetString();
  } else if (aud != claims.MemberEnd() && aud->value.IsArray()) {
    for (const auto& a : aud->value.GetArray()) {
      ++audiences;
      if (a.IsString() && expect.client_id == a.GetString()) aud_ok = true;
    }
  }
  if (!aud_ok) return Refuse("wrong aud");
  std::string azp = Str(claims, "azp");
  if (claims.HasMember("azp") && azp != expect.client_id) return Refuse("wrong azp");
  if (audiences > 1 && azp.empty()) return Refuse("azp required with several audiences");
  std::optional<int64_t> exp = Seconds(claims, "exp");
  std::optional<int64_t> iat = Seconds(claims, "iat");
  if (!exp || *exp + expect.leeway_seconds <= expect.now) return Refuse("expired");
  if (!iat || *iat > expect.now + expect.leeway_seconds) return Refuse("bad iat");
  if (expect.nonce.empty() || !crypto::ConstantTimeEquals(Str(claims, "nonce"), expect.nonce)) {
    return Refuse("wrong nonce");
  }
  IdTokenClaims out;
  out.sub = Str(claims, "sub");
  if (out.sub.empty() || out.sub.size() > 255) return Refuse("bad sub");
  out.email = Str(claims, "email");
  out.email_verified = Verified(claims);
  out.name = Str(claims, "name");
  return IdTokenResult{std::move(out), false};
}

}  // namespace keel::oidc
