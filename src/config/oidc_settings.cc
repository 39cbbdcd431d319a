// KEEL_OIDC_<NAME>_* (see oidc_settings.h).
#include "config/oidc_settings.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace keel {
namespace {

Status KeyError(const std::string& key, const std::string& why) {
  return Status::BadRequest(key + ": " + why);
}

std::vector<std::string> SplitNames(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t b = item.find_first_not_of(" \t");
    size_t e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  for (char ch : name) {
    if (!(std::islower(static_cast<unsigned char>(ch)) ||
          std::isdigit(static_cast<unsigned char>(ch)) || ch == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status LoadOidcProviders(const std::map<std::string, std::string>& values, Config& c,
                         std::set<std::string>& consumed) {
  for (const std::string& name : SplitNames(c.oidc_provider_names)) {
    if (!ValidName(name)) {
      return KeyError("KEEL_OIDC_PROVIDERS",
                      "\"" + name.substr(0, 40) + "\": names are 1-32 of a-z 0-9 -");
    }
    std::string prefix = "KEEL_OIDC_";
    for (char ch : name) prefix += ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
    prefix += "_";
    auto get = [&](const char* suffix) -> std::string {
      const std::string key = prefix + suffix;
      auto it = values.find(key);
      if (it == values.end()) return {};
      consumed.insert(key);
      return it->second;
    };
    Config::OidcProvider p;
    p.name = name;
    p.label = get("LABEL");
    if (p.label.empty()) {
      p.label = std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1);
    }
    p.issuer = get("ISSUER");
    p.client_id = get("CLIENT_ID");
    p.client_secret = get("CLIENT_SECRET");
    p.apple_team_id = get("APPLE_TEAM_ID");
    p.apple_key_id = get("APPLE_KEY_ID");
    if (std::string scopes = get("SCOPES"); !scopes.empty()) p.scopes = scopes;
    p.response_mode = get("RESPONSE_MODE");
    if (p.issuer.rfind("https://", 0) != 0)
      return KeyError(prefix + "ISSUER", "must be an https URL");
    if (p.client_id.empty()) return KeyError(prefix + "CLIENT_ID", "is required");
    if (p.scopes.find("openid") == std::string::npos) {
      return KeyError(prefix + "SCOPES", "must include openid");
    }
    if (!p.response_mode.empty() && p.response_mode != "form_post" && p.response_mode != "query") {
      return KeyError(prefix + "RESPONSE_MODE", "must be query or form_post");
    }
    if (std::string file = get("APPLE_PRIVATE_KEY_FILE"); !file.empty()) {
      std::ifstream in(file);
      if (!in) return KeyError(prefix + "APPLE_PRIVATE_KEY_FILE", "cannot read " + file);
      std::stringstream pem;
      pem << in.rdbuf();
      p.apple_private_key = pem.str();
      if (p.apple_team_id.empty() || p.apple_key_id.empty()) {
        return KeyError(prefix + "APPLE_TEAM_ID", "and _APPLE_KEY_ID are required with a key file");
      }
    } else if (p.client_secret.empty()) {
      return KeyError(prefix + "CLIENT_SECRET", "is required (or _APPLE_PRIVATE_KEY_FILE)");
    }
    c.oidc_providers.push_back(std::move(p));
  }
  if (!c.oidc_providers.empty() && c.public_origin.empty()) {
    return KeyError("KEEL_PUBLIC_ORIGIN", "is required with KEEL_OIDC_PROVIDERS (redirect URIs)");
  }
  return Status::Ok();
}

}  // namespace keel
