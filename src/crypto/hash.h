// SHA-256, HMAC-SHA256 and constant-time comparison: the hashing primitives keel uses
// for token digests (refresh tokens are stored only as SHA-256), JWT and CSRF MACs and
// webhook signatures.
//
// Two Crypto++ traps are closed here, and tests/unit/crypto/hash_test.cc demonstrates
// both: `HMAC<SHA256>(key)` built from a pointer alone silently uses only the first 16
// bytes of the key, so HmacSha256 always passes the length; and
// `VerifyBufsEqual(a, b, 0)` returns true, so ConstantTimeEquals refuses empty input.
// Code outside src/crypto/ must use these wrappers, never Crypto++ directly.
//
// None of these functions fails for in-memory input; they only allocate.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace keel::crypto {

inline constexpr size_t kSha256Bytes = 32;

// The raw 32-byte SHA-256 digest of `data`.
std::string Sha256(std::string_view data);

// The SHA-256 digest of `data` as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);

// SHA-256 computed piece by piece, for data that never sits in memory at once (an
// upload streamed to storage).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  // The digest of everything passed to Update, as 64 lowercase hex characters; the
  // stream starts afresh afterwards.
  std::string FinalHex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The raw 32-byte HMAC-SHA256 (RFC 2104) of `message` under the whole of `key` (any
// length, including empty; keys longer than 64 bytes are hashed first, as the RFC says).
std::string HmacSha256(std::string_view key, std::string_view message);

// True only when `a` and `b` are non-empty, of equal length and equal byte for byte.
// The comparison of the contents takes time independent of where they differ; the
// lengths are not secret and are compared first. Empty input is always false so that
// a missing signature or MAC can never "match" an empty expected value.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace keel::crypto
