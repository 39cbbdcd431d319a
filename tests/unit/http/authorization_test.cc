// Tests for ParseBearerToken.
#include "http/authorization.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace keel::http {
namespace {

TEST(AuthorizationTest, Table) {
  const std::string kJwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl_-";
  const struct {
    const char* name;
    std::string header;
    std::optional<std::string> token;
  } cases[] = {
      {"bearer", "Bearer " + kJwt, kJwt},
      {"lower-case scheme", "bearer abc", "abc"},
      {"upper-case scheme", "BEARER abc", "abc"},
      {"several spaces", "Bearer   abc", "abc"},
      {"surrounding whitespace", " \tBearer abc \t", "abc"},
      {"padding", "Bearer YWJj==", "YWJj=="},
      {"max length", "Bearer " + std::string(4096, 'a'), std::string(4096, 'a')},
      // No token.
      {"empty", "", std::nullopt},
      {"scheme only", "Bearer", std::nullopt},
      {"scheme and space", "Bearer ", std::nullopt},
      {"basic", "Basic dXNlcjpwdw==", std::nullopt},
      {"no space", "Bearerabc", std::nullopt},
      {"tab separator", "Bearer\tabc", std::nullopt},
      {"two tokens", "Bearer abc def", std::nullopt},
      {"comma", "Bearer abc,def", std::nullopt},
      {"plus", "Bearer a+b", std::nullopt},
      {"slash", "Bearer a/b", std::nullopt},
      {"quoted", "Bearer \"abc\"", std::nullopt},
      {"only padding", "Bearer ==", std::nullopt},
      {"padding in the middle", "Bearer a=b", std::nullopt},
      {"control", "Bearer abc\r\n", std::nullopt},
      {"nul", std::string("Bearer ab\0c", 11), std::nullopt},
      {"non-ascii", "Bearer \xC3\xA9", std::nullopt},
      {"too long", "Bearer " + std::string(4097, 'a'), std::nullopt},
      {"16 KB", "Bearer " + std::string(16 * 1024, 'a'), std::nullopt},
      {"other scheme prefix", "Bearers abc", std::nullopt},
  };
  for (const auto& c : cases) {
    std::optional<std::string_view> got = ParseBearerToken(c.header);
    ASSERT_EQ(got.has_value(), c.token.has_value()) << c.name;
    if (got) {
      EXPECT_EQ(std::string(*got), *c.token) << c.name;
    }
  }
}

// Every byte value at positions on both sides of the 16-byte chunks the check reads at
// once: accepted exactly when it is a base64url letter, a digit, '-', '_' or '.'.
TEST(AuthorizationTest, EveryByteAtEveryChunkPosition) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool token_byte = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    for (size_t at : {1u, 14u, 15u, 16u, 17u, 31u, 32u, 33u, 38u}) {
      std::string token(40, 'a');
      token[at] = c;
      EXPECT_EQ(ParseBearerToken("Bearer " + token).has_value(), token_byte)
          << "byte " << b << " at " << at;
    }
  }
}

}  // namespace
}  // namespace keel::http
