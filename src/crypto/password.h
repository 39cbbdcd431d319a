// Password hashing: Argon2id for everything keel stores, bcrypt only to accept hashes
// imported from the seeds' Node apps (CONTRACT §4.1).
//
// New hashes are Argon2id (libargon2) in the standard encoded form
// `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>` with a 16-byte random
// salt and a 32-byte hash, so the parameters travel with each hash and can be raised
// later: NeedsRehash tells the login code to re-hash with the current parameters once it
// holds the plain password. Existing `$2a$`/`$2b$`/`$2y$` bcrypt hashes are verified
// with libxcrypt's thread-safe crypt_rn and always need a re-hash.
//
// Passwords longer than kMaxPasswordBytes are refused outright, never truncated. bcrypt
// itself reads only the first 72 bytes of a password, so a longer password verifies
// against a bcrypt hash of its first 72 bytes. That is a property of bcrypt, acceptable
// only because a bcrypt hash is replaced by an Argon2id hash of the whole password at
// the first successful login; Argon2id uses every byte.
//
// Cost: one Argon2id hash or verification at the defaults (19 MiB, t=2, p=1) takes about
// 19 ms of one core and 19 MiB on the 2-core build machine (median of 30, measured
// 2026-11); callers must budget for it (at most one per login). bcrypt verification
// costs 49 ms at cost 10, 198 ms at 12, about 3 s at kMaxBcryptCost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::crypto {

// Argon2id cost parameters. The defaults are the OWASP Password Storage minimum and
// also the floor HashPassword enforces.
struct Argon2Params {
  uint32_t memory_kib = 19456;  // m: 19 MiB
  uint32_t time = 2;            // t: passes over memory
  uint32_t parallelism = 1;     // p: lanes (and threads)
};

inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kArgon2SaltBytes = 16;
inline constexpr size_t kArgon2HashBytes = 32;
// Upper bounds on parameters accepted from configuration or from a stored hash, so that
// a bad value cannot pin a worker for minutes.
inline constexpr uint32_t kMaxArgon2MemoryKib = 4u << 20;  // 4 GiB
inline constexpr uint32_t kMaxArgon2Time = 64;
inline constexpr uint32_t kMaxArgon2Parallelism = 16;
// Highest bcrypt cost verified (2^16 rounds, about 3 s); higher is kMalformed.
inline constexpr int kMaxBcryptCost = 16;

// Hashes `password` (any bytes, at most kMaxPasswordBytes) with Argon2id, a fresh random
// salt and `params`. Errors: kValidation (field "password") for a password over
// kMaxPasswordBytes; kInternal for parameters below the defaults or above the maxima
// (a configuration mistake) or a libargon2 failure such as out of memory.
StatusOr<std::string> HashPassword(std::string_view password, const Argon2Params& params);

enum class PasswordCheck {
  kMatch,
  kMismatch,  // wrong password (also: a password over kMaxPasswordBytes, or a NUL byte
              // within the part of the password bcrypt would read)
  kMalformed  // the stored hash could not be checked: not a well-formed $argon2id$ v=19
              // or $2a$/$2b$/$2y$ hash, parameters beyond the maxima, or libargon2 could
              // not run (out of memory). A server-side problem: log it, never treat it
              // as a match, and answer as for a wrong password.
};

// Checks `password` against a stored `encoded` hash (Argon2id or bcrypt), comparing in
// constant time. Takes as long as one hash at the stored hash's parameters.
PasswordCheck VerifyPassword(std::string_view password, std::string_view encoded);

// True when `encoded` should be replaced after a successful login: it is bcrypt, is not
// a well-formed Argon2id v=19 hash, has m, t or p below `params`, or has a salt shorter
// than kArgon2SaltBytes or a hash shorter than kArgon2HashBytes. Cheap (parsing only).
bool NeedsRehash(std::string_view encoded, const Argon2Params& params);

// Performs one Argon2id verification with `params` against a dummy hash, discarding
// the result, so that a login for an unknown email costs the same time as one for a
// real account. The dummy hash is created on the first call for a given `params` and
// kept for the life of the process (thread-safe); call DummyVerify once at startup
// (before forking workers) so that the first unknown-email login is not slower.
void DummyVerify(const Argon2Params& params);

}  // namespace keel::crypto
