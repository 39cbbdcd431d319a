// API key format (keel_ + 43 base62 + 6-character CRC-32 checksum), CRC-32 check value
// and scope rules.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "auth/api_key_scope.h"
#include "auth/api_key_token.h"
#include "crypto/checksum.h"

namespace keel::auth {
namespace {

TEST(Crc32, StandardCheckValue) {
  EXPECT_EQ(crypto::Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crypto::Crc32(""), 0u);
}

TEST(ApiKeyToken, FormatAndChecksum) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    NewApiKeyToken t = GenerateApiKey();
    ASSERT_EQ(t.key.size(), kApiKeyChars);
    EXPECT_EQ(t.key.substr(0, 5), "keel_");
    EXPECT_EQ(t.prefix, t.key.substr(0, kApiKeyPrefixChars));
    EXPECT_EQ(t.digest_hex.size(), 64u);
    EXPECT_TRUE(ApiKeyChecksumValid(t.key)) << t.key;
    EXPECT_TRUE(seen.insert(t.key).second);
    // The checksum is the CRC-32 of the random part, in base62.
    EXPECT_EQ(t.key.substr(48), ApiKeyChecksum(t.key.substr(5, 43)));
  }
}

TEST(ApiKeyToken, RefusesAlteredKeys) {
  std::string key = GenerateApiKey().key;
  std::string flipped = key;
  flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(ApiKeyChecksumValid(flipped));
  EXPECT_FALSE(ApiKeyChecksumValid(key.substr(0, key.size() - 1)));
  EXPECT_FALSE(ApiKeyChecksumValid(key + "0"));
  EXPECT_FALSE(ApiKeyChecksumValid("kee1_" + key.substr(5)));
  std::string bad_char = key;
  bad_char[20] = '-';
  EXPECT_FALSE(ApiKeyChecksumValid(bad_char));
  EXPECT_TRUE(IsApiKeyShaped(flipped));
  EXPECT_FALSE(IsApiKeyShaped("eyJhbGciOi"));
}

TEST(ApiKeyScope, NormaliseDefaultsAndRefusesUnknown) {
  const std::vector<std::string_view> resources = {"tasks", "time-entries", "auth"};
  std::vector<std::string> none;
  EXPECT_FALSE(NormaliseScopes(none, resources).has_value());
  EXPECT_EQ(none, std::vector<std::string>{"*:read"});
  std::vector<std::string> dup = {"tasks:write", "time-entries:read", "tasks:write"};
  EXPECT_FALSE(NormaliseScopes(dup, resources).has_value());
  EXPECT_EQ(dup, (std::vector<std::string>{"tasks:write", "time-entries:read"}));
  for (std::string bad : {"tasks", "tasks:admin", ":read", "nope:read", "tasks:read:x"}) {
    std::vector<std::string> v = {bad};
    EXPECT_TRUE(NormaliseScopes(v, resources).has_value()) << bad;
  }
}

TEST(ApiKeyScope, WriteImpliesReadAndStarCoversAll) {
  const std::vector<std::string> tasks_write = {"tasks:write"};
  EXPECT_TRUE(ScopesAllow(tasks_write, "tasks", false));
  EXPECT_TRUE(ScopesAllow(tasks_write, "tasks", true));
  EXPECT_FALSE(ScopesAllow(tasks_write, "projects", false));
  const std::vector<std::string> star_read = {"*:read"};
  EXPECT_TRUE(ScopesAllow(star_read, "projects", false));
  EXPECT_FALSE(ScopesAllow(star_read, "projects", true));
  const std::vector<std::string> mixed = {"*:read", "time-entries:write"};
  EXPECT_TRUE(ScopesAllow(mixed, "time-entries", true));
  EXPECT_FALSE(ScopesAllow(mixed, "tasks", true));
  EXPECT_FALSE(ScopesAllow({}, "tasks", false));
}

}  // namespace
}  // namespace keel::auth
