// SHA-256, HMAC-SHA256 and ConstantTimeEquals over Crypto++ (see hash.h).
#include "crypto/hash.h"

#include <cryptopp/hmac.h>
#include <cryptopp/misc.h>
#include <cryptopp/sha.h>

#include "crypto/encoding.h"

namespace keel::crypto {
namespace {

// A byte pointer for `s` that is never null, even for an empty view: Crypto++ passes it
// to memcpy, where a null pointer is undefined behaviour even with length 0.
const CryptoPP::byte* Bytes(std::string_view s) {
  static const CryptoPP::byte kEmpty[1] = {0};
  return s.data() != nullptr ? reinterpret_cast<const CryptoPP::byte*>(s.data()) : kEmpty;
}

}  // namespace

std::string Sha256(std::string_view data) {
  std::string digest(CryptoPP::SHA256::DIGESTSIZE, '\0');
  CryptoPP::SHA256 hash;
  hash.Update(Bytes(data), data.size());
  hash.Final(reinterpret_cast<CryptoPP::byte*>(digest.data()));
  return digest;
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

struct Sha256Stream::Impl {
  CryptoPP::SHA256 hash;
};

Sha256Stream::Sha256Stream() : impl_(std::make_unique<Impl>()) {}
Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::Update(std::string_view data) { impl_->hash.Update(Bytes(data), data.size()); }

std::string Sha256Stream::FinalHex() {
  std::string digest(CryptoPP::SHA256::DIGESTSIZE, '\0');
  impl_->hash.Final(reinterpret_cast<CryptoPP::byte*>(digest.data()));
  return HexEncode(digest);
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  // The length argument is essential: HMAC(const byte*) alone keys with 16 bytes.
  CryptoPP::HMAC<CryptoPP::SHA256> hmac(Bytes(key), key.size());
  hmac.Update(Bytes(message), message.size());
  std::string mac(CryptoPP::HMAC<CryptoPP::SHA256>::DIGESTSIZE, '\0');
  hmac.Final(reinterpret_cast<CryptoPP::byte*>(mac.data()));
  return mac;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // VerifyBufsEqual(a, b, 0) is true: never let it see a zero length.
  if (a.empty() || b.empty() || a.size() != b.size()) return false;
  return CryptoPP::VerifyBufsEqual(Bytes(a), Bytes(b), a.size());
}

}  // namespace keel::crypto
