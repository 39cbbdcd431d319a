// New-password rules.
#include "auth/password_policy.h"

#include <algorithm>
#include <cctype>

#include "crypto/password.h"

namespace keel::auth {
namespace {

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The email comparison ignores case and surrounding blanks, as the email itself does.
bool SameAsEmail(std::string_view password, std::string_view email) {
  size_t b = password.find_first_not_of(" \t");
  size_t e = password.find_last_not_of(" \t");
  if (b == std::string_view::npos || email.empty()) return false;
  std::string_view core = password.substr(b, e - b + 1);
  return core.size() == email.size() &&
         std::equal(core.begin(), core.end(), email.begin(), [](char a, char c) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(c));
         });
}

}  // namespace

std::optional<std::string> PasswordProblem(std::string_view password, std::string_view email,
                                           std::string_view field) {
  std::string name(field);
  // 1024 bytes is at most 1024 characters, so the byte limit is the only upper bound.
  if (password.size() > crypto::kMaxPasswordBytes) {
    return name + " must be at most " + std::to_string(crypto::kMaxPasswordBytes) + " bytes";
  }
  size_t chars = CodePoints(password);
  if (chars < kMinPasswordChars) {
    return name + " must be at least " + std::to_string(kMinPasswordChars) + " characters";
  }
  if (SameAsEmail(password, email)) return name + " must not be the email address";
  return std::nullopt;
}

}  // namespace keel::auth
