// The personal API key's text: `keel_` + 43 base62 characters of randomness (256 bits)
// + 6 base62 characters of the CRC-32 of those 43, e.g. `keel_3Xk…9Qa0b1Zc`.
//
// The fixed prefix and the checksum let leaked-secret scanners recognise a keel key
// with few false positives, and let keel refuse a mistyped or truncated key before any
// database lookup. Only the key's SHA-256 is stored; a 256-bit random value needs no
// slow hash. The first kApiKeyPrefixChars characters are kept in clear so a user can
// tell their keys apart.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keel::auth {

inline constexpr std::string_view kApiKeyMarker = "keel_";
inline constexpr size_t kApiKeyRandomChars = 43;
inline constexpr size_t kApiKeyChecksumChars = 6;
inline constexpr size_t kApiKeyChars =
    kApiKeyMarker.size() + kApiKeyRandomChars + kApiKeyChecksumChars;  // 54
inline constexpr size_t kApiKeyPrefixChars = 12;                       // "keel_" + 7

struct NewApiKeyToken {
  std::string key;         // shown to the user once
  std::string prefix;      // its first kApiKeyPrefixChars characters
  std::string digest_hex;  // SHA-256 of the key, what is stored
};

NewApiKeyToken GenerateApiKey();

// True when a bearer token claims to be an API key (starts with `keel_`).
bool IsApiKeyShaped(std::string_view token);

// True when `key` has the exact format and its checksum matches.
bool ApiKeyChecksumValid(std::string_view key);

// The 6-character base62 checksum of a key's random part.
std::string ApiKeyChecksum(std::string_view random_part);

// SHA-256 hex of the whole key text (what PostgreSQL holds).
std::string ApiKeyDigestHex(std::string_view key);

}  // namespace keel::auth
