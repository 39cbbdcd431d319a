// Crc32 over Crypto++'s CRC32 (see checksum.h).
#include "crypto/checksum.h"

#include <cryptopp/crc.h>

namespace keel::crypto {

uint32_t Crc32(std::string_view data) {
  CryptoPP::CRC32 crc;
  crc.Update(reinterpret_cast<const CryptoPP::byte*>(data.data()), data.size());
  CryptoPP::byte out[CryptoPP::CRC32::DIGESTSIZE];
  crc.Final(out);
  // Crypto++ writes the register in the machine's byte order (little-endian on the
  // platforms keel runs on); the unit test pins the standard check value.
  return static_cast<uint32_t>(out[0]) | static_cast<uint32_t>(out[1]) << 8 |
         static_cast<uint32_t>(out[2]) << 16 | static_cast<uint32_t>(out[3]) << 24;
}

}  // namespace keel::crypto
