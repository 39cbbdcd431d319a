// The new-password rules: 8–1024 characters, at most 1024 bytes (refused, never
// truncated), not the email; no composition rules (CONTRACT §4.1).
#include "auth/password_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace keel::auth {
namespace {

TEST(PasswordPolicyTest, Table) {
  const std::string email = "alice@example.com";
  const std::string e_acute = "\xC3\xA9";  // one character, two bytes
  const struct {
    const char* name;
    std::string password;
    const char* problem;  // nullptr: acceptable
  } cases[] = {
      {"8 characters", "abcdefgh", nullptr},
      {"7 characters", "abcdefg", "password must be at least 8 characters"},
      {"empty", "", "password must be at least 8 characters"},
      {"8 characters, 16 bytes",
       [&] {
         std::string s;
         for (int i = 0; i < 8; ++i) s += e_acute;
         return s;
       }(),
       nullptr},
      {"7 characters, 14 bytes",
       [&] {
         std::string s;
         for (int i = 0; i < 7; ++i) s += e_acute;
         return s;
       }(),
       "password must be at least 8 characters"},
      {"1024 bytes", std::string(1024, 'x'), nullptr},
      {"1025 bytes", std::string(1025, 'x'), "password must be at most 1024 bytes"},
      {"600 characters, 1200 bytes",
       [&] {
         std::string s;
         for (int i = 0; i < 600; ++i) s += e_acute;
         return s;
       }(),
       "password must be at most 1024 bytes"},
      {"spaces count", "        ", nullptr},
      {"no composition rules", "aaaaaaaaaa", nullptr},
      {"the email", email, "password must not be the email address"},
      {"the email, other case", "Alice@Example.COM", "password must not be the email address"},
      {"the email with blanks", "  alice@example.com ", "password must not be the email address"},
      {"the email plus more", "alice@example.com1", nullptr},
      {"newline allowed", "line one\nline two", nullptr},
  };
  for (const auto& c : cases) {
    std::optional<std::string> got = PasswordProblem(c.password, email, "password");
    if (c.problem == nullptr) {
      EXPECT_FALSE(got.has_value()) << c.name << ": " << got.value_or("");
    } else {
      EXPECT_EQ(got.value_or("(accepted)"), c.problem) << c.name;
    }
  }
}

TEST(PasswordPolicyTest, MessagesNameTheField) {
  EXPECT_EQ(PasswordProblem("short", "a@b.co", "new_password").value_or(""),
            "new_password must be at least 8 characters");
}

}  // namespace
}  // namespace keel::auth
