// KEEL_OIDC_*: providers by name with their settings, and one clear error per bad key.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.h"

namespace keel {
namespace {

StatusOr<Config> Load(std::vector<std::string> vars) {
  vars.push_back("DATABASE_URL=postgresql://keel@/keel");
  vars.push_back("JWT_SECRET=0123456789abcdef0123456789abcdef");
  std::vector<char*> env;
  for (std::string& s : vars) env.push_back(s.data());
  env.push_back(nullptr);
  return LoadConfig("", env.data());
}

const std::vector<std::string> kGoogle = {"KEEL_PUBLIC_ORIGIN=https://app.example",
                                          "KEEL_OIDC_PROVIDERS=google, my-idp",
                                          "KEEL_OIDC_GOOGLE_ISSUER=https://accounts.google.com",
                                          "KEEL_OIDC_GOOGLE_CLIENT_ID=g-id",
                                          "KEEL_OIDC_GOOGLE_CLIENT_SECRET=g-secret",
                                          "KEEL_OIDC_MY_IDP_ISSUER=https://id.example/realm",
                                          "KEEL_OIDC_MY_IDP_CLIENT_ID=m",
                                          "KEEL_OIDC_MY_IDP_CLIENT_SECRET=s",
                                          "KEEL_OIDC_MY_IDP_SCOPES=openid email",
                                          "KEEL_OIDC_MY_IDP_LABEL=My ID",
                                          "KEEL_OIDC_MY_IDP_RESPONSE_MODE=form_post"};

TEST(OidcConfig, ProvidersByName) {
  auto c = Load(kGoogle);
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->oidc_providers.size(), 2u);
  const auto& g = c->oidc_providers[0];
  EXPECT_EQ(g.name, "google");
  EXPECT_EQ(g.label, "Google");
  EXPECT_EQ(g.client_secret, "g-secret");
  EXPECT_EQ(g.scopes, "openid email profile");
  const auto& m = c->oidc_providers[1];
  EXPECT_EQ(m.name, "my-idp");
  EXPECT_EQ(m.label, "My ID");
  EXPECT_EQ(m.scopes, "openid email");
  EXPECT_EQ(m.response_mode, "form_post");
  EXPECT_EQ(c->oidc_timeout_ms, 5000);
  auto none = Load({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->oidc_providers.empty());
}

TEST(OidcConfig, EachBadSettingNamesItsKey) {
  struct Case {
    std::string change;
    std::string key;
  };
  const Case cases[] = {
      {"KEEL_OIDC_GOOGLE_ISSUER=http://accounts.google.com", "KEEL_OIDC_GOOGLE_ISSUER"},
      {"KEEL_OIDC_GOOGLE_CLIENT_ID=", "KEEL_OIDC_GOOGLE_CLIENT_ID"},
      {"KEEL_OIDC_GOOGLE_CLIENT_SECRET=", "KEEL_OIDC_GOOGLE_CLIENT_SECRET"},
      {"KEEL_OIDC_GOOGLE_SCOPES=email", "KEEL_OIDC_GOOGLE_SCOPES"},
      {"KEEL_OIDC_GOOGLE_RESPONSE_MODE=fragment", "KEEL_OIDC_GOOGLE_RESPONSE_MODE"},
      {"KEEL_OIDC_PROVIDERS=Google", "KEEL_OIDC_PROVIDERS"},
      {"KEEL_OIDC_TIMEOUT_MS=10", "KEEL_OIDC_TIMEOUT_MS"},
      {"KEEL_PUBLIC_ORIGIN=", "KEEL_PUBLIC_ORIGIN"},
      {"KEEL_OIDC_GOOGLE_APPLE_PRIVATE_KEY_FILE=/nonexistent/key.p8",
       "KEEL_OIDC_GOOGLE_APPLE_PRIVATE_KEY_FILE"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> vars = kGoogle;
    std::string name = c.change.substr(0, c.change.find('='));
    std::erase_if(vars, [&](const std::string& v) { return v.rfind(name + "=", 0) == 0; });
    vars.push_back(c.change);
    auto r = Load(vars);
    ASSERT_FALSE(r.ok()) << c.change;
    EXPECT_EQ(r.status().message().rfind(c.key + ":", 0), 0u) << r.status().message();
  }
}

}  // namespace
}  // namespace keel
