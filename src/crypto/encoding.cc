// Base64, base64url and hex over Crypto++, with strict validation before decoding
// (see encoding.h for why).
#include "crypto/encoding.h"

#include <cryptopp/base64.h>
#include <cryptopp/filters.h>
#include <cryptopp/hex.h>

#include <cstdint>

namespace keel::crypto {
namespace {

enum class Alphabet { kStandard, kUrl };

// The 6-bit value of `c` in `alphabet`, or -1 when it is not part of it.
int SextetOf(char c, Alphabet alphabet) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (alphabet == Alphabet::kStandard) {
    if (c == '+') return 62;
    if (c == '/') return 63;
  } else {
    if (c == '-') return 62;
    if (c == '_') return 63;
  }
  return -1;
}

// True when `data` (the text without padding) holds only alphabet characters, has a
// length that can end an encoding (not 1 modulo 4) and its last character carries no
// set bits beyond the final byte.
bool IsCanonicalData(std::string_view data, Alphabet alphabet) {
  for (char c : data) {
    if (SextetOf(c, alphabet) < 0) return false;
  }
  const size_t tail = data.size() % 4;
  if (tail == 1) return false;
  if (tail == 0) return true;
  const int last = SextetOf(data.back(), alphabet);
  // 2 characters carry 12 bits for 1 byte (4 spare); 3 carry 18 bits for 2 (2 spare).
  const int spare_mask = tail == 2 ? 0x0F : 0x03;
  return (last & spare_mask) == 0;
}

template <typename Decoder>
std::string DecodeValidated(std::string_view text) {
  if (text.empty()) return {};
  // One decoder per thread and alphabet, reused: a fresh StringSource → decoder →
  // StringSink chain for every token cost several times the decoding itself. MessageEnd
  // flushes the last partial group and leaves the decoder ready for the next input.
  thread_local std::string decoded;
  thread_local Decoder decoder(new CryptoPP::StringSink(decoded));
  decoded.clear();
  decoder.Put(reinterpret_cast<const CryptoPP::byte*>(text.data()), text.size());
  decoder.MessageEnd();
  return decoded;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  if (bytes.empty()) return out;
  CryptoPP::StringSource source(
      reinterpret_cast<const CryptoPP::byte*>(bytes.data()), bytes.size(), true,
      new CryptoPP::Base64Encoder(new CryptoPP::StringSink(out), /*insertLineBreaks=*/false));
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  if (bytes.empty()) return out;
  // Base64URLEncoder never pads and never breaks lines.
  CryptoPP::StringSource source(reinterpret_cast<const CryptoPP::byte*>(bytes.data()), bytes.size(),
                                true,
                                new CryptoPP::Base64URLEncoder(new CryptoPP::StringSink(out)));
  return out;
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  if (bytes.empty()) return out;
  CryptoPP::StringSource source(
      reinterpret_cast<const CryptoPP::byte*>(bytes.data()), bytes.size(), true,
      new CryptoPP::HexEncoder(new CryptoPP::StringSink(out), /*uppercase=*/false));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  std::string_view data = text.substr(0, text.size() - padding);
  // A third '=' (or one in the middle) is not in the alphabet and fails here.
  if (!IsCanonicalData(data, Alphabet::kStandard)) return std::nullopt;
  // Padding must be exactly what completes the last group: "xx==" or "xxx=".
  if (padding != (4 - data.size() % 4) % 4) return std::nullopt;
  std::string out = DecodeValidated<CryptoPP::Base64Decoder>(text);
  if (out.size() != data.size() * 3 / 4) return std::nullopt;  // cannot happen; be sure
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  if (!IsCanonicalData(text, Alphabet::kUrl)) return std::nullopt;
  std::string out = DecodeValidated<CryptoPP::Base64URLDecoder>(text);
  if (out.size() != text.size() * 3 / 4) return std::nullopt;  // cannot happen; be sure
  return out;
}

std::optional<std::string> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  for (char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return std::nullopt;
  }
  std::string out;
  if (text.empty()) return out;
  out.reserve(text.size() / 2);
  CryptoPP::StringSource source(reinterpret_cast<const CryptoPP::byte*>(text.data()), text.size(),
                                true, new CryptoPP::HexDecoder(new CryptoPP::StringSink(out)));
  if (out.size() != text.size() / 2) return std::nullopt;
  return out;
}

}  // namespace keel::crypto
