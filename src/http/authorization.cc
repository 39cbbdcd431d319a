// ParseBearerToken (see authorization.h).
#include "http/authorization.h"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Whether every byte of s is a token byte: 16 at a time with SSE2 where the CPU has it
// (the same answer as the table; the token is ~300 bytes on every request).
bool AllTokenChars(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
#if defined(__SSE2__)
  // Bytes >= 0x80 are negative as signed bytes: below every range, so refused.
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const __m128i before_a = _mm_set1_epi8('a' - 1), after_z = _mm_set1_epi8('z' + 1);
  const __m128i before_0 = _mm_set1_epi8('0' - 1), after_9 = _mm_set1_epi8('9' + 1);
  const __m128i dash = _mm_set1_epi8('-'), underscore = _mm_set1_epi8('_'),
                dot = _mm_set1_epi8('.');
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i folded = _mm_or_si128(v, case_bit);  // 'A'..'Z' -> 'a'..'z'
    const __m128i letter =
        _mm_and_si128(_mm_cmpgt_epi8(folded, before_a), _mm_cmplt_epi8(folded, after_z));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, before_0), _mm_cmplt_epi8(v, after_9));
    const __m128i punct =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dash), _mm_cmpeq_epi8(v, dot)),
                     _mm_cmpeq_epi8(v, underscore));
    const __m128i ok = _mm_or_si128(_mm_or_si128(letter, digit), punct);
    if (_mm_movemask_epi8(ok) != 0xffff) return false;
  }
#endif
  for (; i < s.size(); ++i) {
    if (!kTokenChars[p[i]]) return false;
  }
  return true;
}

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
  if (end == 0 || !AllTokenChars(token.substr(0, end))) return std::nullopt;
  return token;
}

}  // namespace keel::http
