// HS256 JWT signing and verification over the crypto wrappers and json/safe_parse
// (see jwt.h for the rules and their order).
#include "auth/jwt.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "json/safe_parse.h"

namespace keel::auth {
namespace {

constexpr size_t kHs256MacBytes = 32;

// Header members that would let the token choose its own key or impose extensions.
constexpr std::array<const char*, 5> kForbiddenHeaderMembers = {"jwk", "jku", "x5u", "x5c", "crit"};

Status Invalid(std::string detail) {
  return Status::Unauthorized("invalid token").WithLogDetail(std::move(detail));
}

std::string_view StringOf(const rapidjson::Value& v) {
  return std::string_view(v.GetString(), v.GetStringLength());
}

// The member `name` of object `obj`, or nullptr.
const rapidjson::Value* Find(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

// Reads a required string member into `out`.
bool GetString(const rapidjson::Value& obj, const char* name, std::string& out) {
  const rapidjson::Value* v = Find(obj, name);
  if (v == nullptr || !v->IsString()) return false;
  out.assign(StringOf(*v));
  return true;
}

// Reads a required integer member into `out`.
bool GetInt64(const rapidjson::Value& obj, const char* name, int64_t& out) {
  const rapidjson::Value* v = Find(obj, name);
  if (v == nullptr || !v->IsInt64()) return false;
  out = v->GetInt64();
  return true;
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? INT64_MAX : INT64_MIN;
  return sum;
}

Status CheckHeader(std::string_view header_json) {
  rapidjson::Document header;
  if (!json::ParseJson(header_json, header).ok() || !header.IsObject()) {
    return Invalid("header is not a JSON object");
  }
  const rapidjson::Value* alg = Find(header, "alg");
  if (alg == nullptr || !alg->IsString() || StringOf(*alg) != "HS256") {
    return Invalid("alg is not HS256");
  }
  const rapidjson::Value* typ = Find(header, "typ");
  if (typ != nullptr && (!typ->IsString() || StringOf(*typ) != "JWT")) {
    return Invalid("typ is not JWT");
  }
  const rapidjson::Value* kid = Find(header, "kid");
  if (kid != nullptr && !kid->IsString()) return Invalid("kid is not a string");
  for (const char* name : kForbiddenHeaderMembers) {
    if (header.HasMember(name)) return Invalid(std::string("header has ") + name);
  }
  return Status::Ok();
}

bool AudienceMatches(const rapidjson::Value& aud, std::string_view expected) {
  if (aud.IsString()) return StringOf(aud) == expected;
  if (!aud.IsArray()) return false;
  for (const rapidjson::Value& item : aud.GetArray()) {
    if (item.IsString() && StringOf(item) == expected) return true;
  }
  return false;
}

StatusOr<JwtClaims> CheckClaims(std::string_view payload_json, const JwtExpectations& expect,
                                int64_t now) {
  rapidjson::Document payload;
  if (!json::ParseJson(payload_json, payload).ok() || !payload.IsObject()) {
    return Invalid("payload is not a JSON object");
  }
  JwtClaims claims;
  if (!GetString(payload, "sub", claims.sub) || claims.sub.empty()) return Invalid("bad sub");
  if (!GetString(payload, "sid", claims.sid) || claims.sid.empty()) return Invalid("bad sid");
  if (!GetString(payload, "role", claims.role)) return Invalid("bad role");
  if (!GetInt64(payload, "iat", claims.iat)) return Invalid("bad iat");
  if (!GetInt64(payload, "exp", claims.exp)) return Invalid("bad exp");
  int64_t nbf = 0;
  const bool has_nbf = payload.HasMember("nbf");
  if (has_nbf && !GetInt64(payload, "nbf", nbf)) return Invalid("bad nbf");

  if (!GetString(payload, "iss", claims.iss) || claims.iss != expect.iss) {
    return Invalid("wrong iss");
  }
  const rapidjson::Value* aud = Find(payload, "aud");
  if (aud == nullptr || !AudienceMatches(*aud, expect.aud)) return Invalid("wrong aud");
  claims.aud = expect.aud;

  const int64_t leeway = std::max<int64_t>(0, expect.leeway_seconds);
  const int64_t latest = SaturatingAdd(now, leeway);
  if (has_nbf && nbf > latest) return Invalid("nbf in the future");
  if (claims.iat > latest) return Invalid("iat in the future");
  // Checked last: "token expired" means everything else about the token was right.
  if (claims.exp <= SaturatingAdd(now, -leeway)) {
    return Status::Unauthorized("token expired").WithLogDetail("exp passed");
  }
  return claims;
}

}  // namespace

Status ValidateJwtKey(std::string_view key) {
  if (key.size() < kMinJwtKeyBytes) {
    return Status::Internal().WithLogDetail("JWT key shorter than 32 bytes");
  }
  return Status::Ok();
}

std::string JwtKeyId(std::string_view key) { return crypto::Sha256Hex(key).substr(0, 8); }

std::string SignJwt(const JwtClaims& claims, std::string_view key, std::string_view kid) {
  rapidjson::StringBuffer header;
  {
    rapidjson::Writer<rapidjson::StringBuffer> w(header);
    w.StartObject();
    w.Key("alg");
    w.String("HS256");
    w.Key("typ");
    w.String("JWT");
    if (!kid.empty()) {
      w.Key("kid");
      w.String(kid.data(), static_cast<rapidjson::SizeType>(kid.size()));
    }
    w.EndObject();
  }
  rapidjson::StringBuffer payload;
  {
    rapidjson::Writer<rapidjson::StringBuffer> w(payload);
    auto string_member = [&w](const char* name, const std::string& value) {
      w.Key(name);
      w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    };
    w.StartObject();
    string_member("sub", claims.sub);
    string_member("sid", claims.sid);
    string_member("role", claims.role);
    string_member("iss", claims.iss);
    string_member("aud", claims.aud);
    w.Key("iat");
    w.Int64(claims.iat);
    w.Key("exp");
    w.Int64(claims.exp);
    w.EndObject();
  }
  std::string token = crypto::Base64UrlEncode({header.GetString(), header.GetSize()});
  token += '.';
  token += crypto::Base64UrlEncode({payload.GetString(), payload.GetSize()});
  const std::string mac = crypto::HmacSha256(key, token);
  token += '.';
  token += crypto::Base64UrlEncode(mac);
  return token;
}

StatusOr<VerifiedJws> VerifyJwtSignature(std::string_view token, const JwtKeys& keys) {
  if (token.size() > kMaxJwtBytes) return Invalid("token longer than 8 KiB");
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Invalid("not three segments");
  }
  const std::string_view header_b64 = token.substr(0, dot1);
  const std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_b64 = token.substr(dot2 + 1);
  if (header_b64.empty() || payload_b64.empty() || signature_b64.empty()) {
    return Invalid("empty segment");
  }
  // A short or empty signature must fail here, never reach a comparison.
  std::optional<std::string> signature = crypto::Base64UrlDecode(signature_b64);
  if (!signature || signature->size() != kHs256MacBytes) {
    return Invalid("signature is not 32 base64url bytes");
  }

  const std::string_view signing_input = token.substr(0, dot2);
  bool match = false;
  // Every usable key is tried (no early exit, no choice by `kid`): the header is not
  // trusted before the MAC is.
  for (const JwtKey* key : {&keys.current, keys.previous ? &*keys.previous : nullptr}) {
    if (key == nullptr || !ValidateJwtKey(key->secret).ok()) continue;
    match |= crypto::ConstantTimeEquals(crypto::HmacSha256(key->secret, signing_input), *signature);
  }
  if (!match) return Invalid("signature mismatch");

  std::optional<std::string> header = crypto::Base64UrlDecode(header_b64);
  std::optional<std::string> payload = crypto::Base64UrlDecode(payload_b64);
  if (!header || !payload) return Invalid("segment is not base64url");
  return VerifiedJws{std::move(*header), std::move(*payload)};
}

StatusOr<JwtClaims> VerifyJwt(std::string_view token, const JwtKeys& keys,
                              const JwtExpectations& expect, int64_t now) {
  KEEL_ASSIGN_OR_RETURN(VerifiedJws jws, VerifyJwtSignature(token, keys));
  KEEL_RETURN_IF_ERROR(CheckHeader(jws.header_json));
  return CheckClaims(jws.payload_json, expect, now);
}

}  // namespace keel::auth
