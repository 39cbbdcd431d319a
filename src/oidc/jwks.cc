// ParseJwks and key lookup (see jwks.h).
#include "oidc/jwks.h"

#include <rapidjson/document.h>

#include "crypto/encoding.h"
#include "json/safe_parse.h"

namespace keel::oidc {
namespace {

std::string Member(const rapidjson::Value& o, const char* name) {
  auto it = o.FindMember(name);
  if (it == o.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

// A base64url member decoded, or nullopt.
std::optional<std::string> Bytes(const rapidjson::Value& o, const char* name) {
  return crypto::Base64UrlDecode(Member(o, name));
}

}  // namespace

const crypto::JwsPublicKey* Jwks::Find(crypto::JwsAlg alg, std::string_view kid) const {
  const crypto::JwsPublicKey* only = nullptr;
  int count = 0;
  for (const Jwk& k : keys) {
    if (k.key->alg() != alg) continue;
    if (!kid.empty() && k.kid == kid) return k.key.get();
    ++count;
    only = k.key.get();
  }
  return kid.empty() && count == 1 ? only : nullptr;
}

StatusOr<Jwks> ParseJwks(std::string_view json) {
  rapidjson::Document doc;
  KEEL_RETURN_IF_ERROR(json::ParseJson(json, doc));
  if (!doc.IsObject() || !doc.HasMember("keys") || !doc["keys"].IsArray()) {
    return Status::BadRequest("not a JWKS document");
  }
  Jwks out;
  for (const auto& k : doc["keys"].GetArray()) {
    if (!k.IsObject()) continue;
    std::string use = Member(k, "use");
    if (!use.empty() && use != "sig") continue;
    std::string kty = Member(k, "kty");
    std::string alg = Member(k, "alg");
    StatusOr<std::unique_ptr<crypto::JwsPublicKey>> key = Status::BadRequest("skipped");
    if (kty == "RSA" && (alg.empty() || alg == "RS256")) {
      auto n = Bytes(k, "n");
      auto e = Bytes(k, "e");
      if (n && e) key = crypto::RsaPublicKey(*n, *e);
    } else if (kty == "EC" && Member(k, "crv") == "P-256" && (alg.empty() || alg == "ES256")) {
      auto x = Bytes(k, "x");
      auto y = Bytes(k, "y");
      if (x && y) key = crypto::P256PublicKey(*x, *y);
    }
    if (!key.ok()) continue;
    out.keys.push_back(
        Jwk{Member(k, "kid"), std::shared_ptr<const crypto::JwsPublicKey>(std::move(key).value())});
  }
  return out;
}

}  // namespace keel::oidc
