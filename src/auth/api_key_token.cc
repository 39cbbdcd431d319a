// Generation and format check of API keys (see api_key_token.h).
#include "auth/api_key_token.h"

#include <cstdint>

#include "crypto/checksum.h"
#include "crypto/hash.h"
#include "crypto/random.h"

namespace keel::auth {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(char c) { return kBase62.find(c) != std::string_view::npos; }

// n uniformly random base62 characters: bytes >= 248 (= 4 * 62) are rejected so that
// every character is equally likely.
std::string RandomBase62(size_t n) {
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    for (unsigned char b : crypto::RandomBytes(n)) {
      if (b >= 248) continue;
      out += kBase62[b % 62];
      if (out.size() == n) break;
    }
  }
  return out;
}

}  // namespace

std::string ApiKeyChecksum(std::string_view random_part) {
  uint32_t crc = crypto::Crc32(random_part);
  std::string out(kApiKeyChecksumChars, '0');  // 62^6 > 2^32: six digits always suffice
  for (size_t i = kApiKeyChecksumChars; i-- > 0 && crc != 0;) {
    out[i] = kBase62[crc % 62];
    crc /= 62;
  }
  return out;
}

NewApiKeyToken GenerateApiKey() {
  std::string random = RandomBase62(kApiKeyRandomChars);
  std::string key = std::string(kApiKeyMarker) + random + ApiKeyChecksum(random);
  return NewApiKeyToken{key, key.substr(0, kApiKeyPrefixChars), ApiKeyDigestHex(key)};
}

bool IsApiKeyShaped(std::string_view token) { return token.substr(0, 5) == kApiKeyMarker; }

bool ApiKeyChecksumValid(std::string_view key) {
  if (key.size() != kApiKeyChars || !IsApiKeyShaped(key)) return false;
  std::string_view body = key.substr(kApiKeyMarker.size());
  for (char c : body) {
    if (!IsBase62(c)) return false;
  }
  std::string_view random = body.substr(0, kApiKeyRandomChars);
  return ApiKeyChecksum(random) == body.substr(kApiKeyRandomChars);
}

std::string ApiKeyDigestHex(std::string_view key) { return crypto::Sha256Hex(key); }

}  // namespace keel::auth
