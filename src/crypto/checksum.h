// CRC-32 (IEEE 802.3, the zlib/PNG polynomial): a checksum, not a MAC. keel uses it
// only to make its API keys self-checking (auth/api_key_token.h), so a typo or a
// truncated paste is refused without a database lookup and secret scanners can tell a
// real key from random text — the same scheme as GitHub's token format.
#pragma once

#include <cstdint>
#include <string_view>

namespace keel::crypto {

// The CRC-32 of `data` (Crc32("123456789") == 0xCBF43926).
uint32_t Crc32(std::string_view data);

}  // namespace keel::crypto
