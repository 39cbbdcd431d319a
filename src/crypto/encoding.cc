// Base64, base64url and hex: base64 encoded and (strictly: see encoding.h for why)
// decoded here in one pass each, hex over Crypto++.
#include "crypto/encoding.h"

#include <cryptopp/filters.h>
#include <cryptopp/hex.h>

#include <array>
#include <cstdint>

namespace keel::crypto {
namespace {

constexpr char kStandardAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Three bytes to four characters at a time: tokens, cursors and signatures are encoded on
// the hot path, where Crypto++'s filter chain (a source, an encoder and a sink built for
// each call) cost ten times the encoding. Checked against Crypto++'s encoders by
// tests/fuzz/fuzz_base64.cc and the unit tests.
std::string EncodeBase64(std::string_view bytes, const char* alphabet, bool pad) {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (const size_t rest = n - i; rest > 0) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (rest == 2 ? uint32_t{in[i + 1]} << 8 : 0);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (rest == 2) out += alphabet[(v >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

// The 6-bit value of every byte in one alphabet, -1 for bytes outside it.
using SextetTable = std::array<int8_t, 256>;

constexpr SextetTable MakeTable(char c62, char c63) {
  SextetTable t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 26; ++i) {
    t['A' + i] = static_cast<int8_t>(i);
    t['a' + i] = static_cast<int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<int8_t>(52 + i);
  t[static_cast<unsigned char>(c62)] = 62;
  t[static_cast<unsigned char>(c63)] = 63;
  return t;
}

constexpr SextetTable kStandard = MakeTable('+', '/');
constexpr SextetTable kUrl = MakeTable('-', '_');

// Decodes `data` (the text without padding) when it is canonical: only alphabet
// characters, a length that can end an encoding (not 1 modulo 4), and no set bits in
// the last character beyond the final byte. The validation has to read every
// character's value anyway, so the decoding (four shifts per group) happens in the same
// pass instead of handing the text to Crypto++'s decoder afterwards.
std::optional<std::string> DecodeCanonical(std::string_view data, const SextetTable& table) {
  const size_t tail = data.size() % 4;
  if (tail == 1) return std::nullopt;
  std::string out(data.size() / 4 * 3 + (tail == 0 ? 0 : tail - 1), '\0');
  uint32_t bits = 0;
  int pending = 0;  // bits held in `bits` and not yet written
  size_t o = 0;
  for (char c : data) {
    const int v = table[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      out[o++] = static_cast<char>((bits >> pending) & 0xFF);
    }
  }
  // 2 characters carry 12 bits for 1 byte (4 spare); 3 carry 18 bits for 2 (2 spare).
  if ((bits & ((1u << pending) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  return EncodeBase64(bytes, kStandardAlphabet, /*pad=*/true);
}

std::string Base64UrlEncode(std::string_view bytes) {
  return EncodeBase64(bytes, kUrlAlphabet, /*pad=*/false);
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
  // Padding must be exactly what completes the last group: "xx==" or "xxx=". A third
  // '=' (or one in the middle) is not in the alphabet and fails in the decoding.
  if (padding != (4 - data.size() % 4) % 4) return std::nullopt;
  return DecodeCanonical(data, kStandard);
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  return DecodeCanonical(text, kUrl);
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
