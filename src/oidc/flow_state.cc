// Sealing and opening the sign-in flow cookie (see flow_state.h).
#include "oidc/flow_state.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "json/safe_parse.h"

namespace keel::oidc {
namespace {

void Put(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key, const std::string& v) {
  w.Key(key);
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}

std::string Get(const rapidjson::Document& d, const char* key) {
  auto it = d.FindMember(key);
  if (it == d.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

FlowState NewFlowState(std::string provider, std::string next, std::string link_user_id,
                       int64_t now) {
  return FlowState{std::move(provider),       crypto::RandomToken(), crypto::RandomToken(),
                   crypto::RandomToken(),     std::move(next),       std::move(link_user_id),
                   now + kFlowLifetimeSeconds};
}

std::string SealFlowState(const FlowState& f, std::string_view key) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  Put(w, "p", f.provider);
  Put(w, "s", f.state);
  Put(w, "n", f.nonce);
  Put(w, "v", f.code_verifier);
  Put(w, "x", f.next);
  Put(w, "l", f.link_user_id);
  w.Key("e");
  w.Int64(f.expires_at);
  w.EndObject();
  std::string body = crypto::Base64UrlEncode(std::string_view(buf.GetString(), buf.GetSize()));
  return body + "." + crypto::Base64UrlEncode(crypto::HmacSha256(key, body));
}

std::optional<FlowState> OpenFlowState(std::string_view sealed, std::string_view key, int64_t now) {
  if (sealed.size() > 4096) return std::nullopt;
  size_t dot = sealed.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view body = sealed.substr(0, dot);
  std::optional<std::string> mac = crypto::Base64UrlDecode(sealed.substr(dot + 1));
  if (!mac || !crypto::ConstantTimeEquals(*mac, crypto::HmacSha256(key, body))) {
    return std::nullopt;
  }
  std::optional<std::string> json = crypto::Base64UrlDecode(body);
  rapidjson::Document d;
  if (!json || !json::ParseJson(*json, d).ok() || !d.IsObject()) return std::nullopt;
  auto e = d.FindMember("e");
  if (e == d.MemberEnd() || !e->value.IsInt64()) return std::nullopt;
  FlowState f{Get(d, "p"), Get(d, "s"), Get(d, "n"),        Get(d, "v"),
              Get(d, "x"), Get(d, "l"), e->value.GetInt64()};
  if (f.expires_at <= now || f.state.empty() || f.nonce.empty()) return std::nullopt;
  return f;
}

std::string PkceChallenge(std::string_view verifier) {
  return crypto::Base64UrlEncode(crypto::Sha256(verifier));
}

}  // namespace keel::oidc
