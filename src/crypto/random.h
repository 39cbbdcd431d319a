// Randomness for tokens, salts and keys: every byte comes straight from the kernel.
//
// keel runs as a prefork pool. A user-space generator object seeded in the master and
// then fork()ed is cloned into every worker with the same internal state. A DRBG then
// gives every worker the same bytes (tests/unit/crypto/random_test.cc shows it);
// Crypto++'s AutoSeededRandomPool copies differ only by the gettimeofday() microsecond
// mixed into each block, so two workers drawing in the same microsecond hand out the
// same token (measured: a few in 200 forked pairs). Instead, each call here asks the
// operating system afresh through CryptoPP::OS_GenerateRandomBlock (non-blocking:
// /dev/urandom), which leaves no state of ours to clone.
#pragma once

#include <cstddef>
#include <string>

namespace keel::crypto {

// Bytes in a RandomToken() before encoding: 256 bits.
inline constexpr size_t kRandomTokenBytes = 32;

// Returns `n` bytes from the operating system's CSPRNG. Safe to call from any thread
// and in any process after fork(). If the OS cannot supply randomness (no
// /dev/urandom), the process aborts with a message on stderr: carrying on with weak or
// zeroed bytes would be far worse than a respawned worker.
std::string RandomBytes(size_t n);

// Returns kRandomTokenBytes random bytes as base64url without padding (43 characters):
// refresh tokens, session ids, CSRF secrets, idempotency nonces.
std::string RandomToken();

}  // namespace keel::crypto
