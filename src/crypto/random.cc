// RandomBytes and RandomToken over CryptoPP::OS_GenerateRandomBlock (see random.h).
#include "crypto/random.h"

#include <cryptopp/osrng.h>

#include <cstdio>
#include <cstdlib>

#include "crypto/encoding.h"

namespace keel::crypto {

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n == 0) return out;
  try {
    // blocking=false: /dev/urandom, which never blocks once the kernel pool is
    // initialised (always true by the time a server runs).
    CryptoPP::OS_GenerateRandomBlock(false, reinterpret_cast<CryptoPP::byte*>(out.data()),
                                     out.size());
  } catch (const CryptoPP::Exception& e) {
    std::fprintf(stderr, "keel: fatal: operating system randomness unavailable: %s\n", e.what());
    std::abort();
  }
  return out;
}

std::string RandomToken() { return Base64UrlEncode(RandomBytes(kRandomTokenBytes)); }

}  // namespace keel::crypto
