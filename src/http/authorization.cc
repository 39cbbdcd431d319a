// ParseBearerToken (see authorization.h).
#include "http/authorization.h"

#include <array>

namespace keel::http {
namespace {

// The bytes of a token (base64url and the JWT's dots), as a table: checked for each of a
// token's ~300 bytes on every request.
constexpr std::array<bool, 256> MakeTokenChars() {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  t['-'] = t['_'] = t['.'] = true;
  return t;
}
constexpr std::array<bool, 256> kTokenChars = MakeTokenChars();

bool IsTokenChar(char c) { return kTokenChars[static_cast<unsigned char>(c)]; }

bool IsBearerScheme(std::string_view s) {
  constexpr std::string_view kBearer = "bearer";
  if (s.size() != kBearer.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kBearer[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> ParseBearerToken(std::string_view header) {
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t')) {
    header.remove_prefix(1);
  }
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t')) {
    header.remove_suffix(1);
  }
  size_t space = header.find(' ');
  if (space == std::string_view::npos || !IsBearerScheme(header.substr(0, space))) {
    return std::nullopt;
  }
  std::string_view token = header.substr(space);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty() || token.size() > kMaxBearerTokenBytes) return std::nullopt;

  size_t end = token.size();
  while (end > 0 && token[end - 1] == '=') --end;
  if (end == 0) return std::nullopt;
  for (size_t i = 0; i < end; ++i) {
    if (!IsTokenChar(token[i])) return std::nullopt;
  }
  return token;
}

}  // namespace keel::http
