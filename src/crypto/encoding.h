// Binary-to-text encodings: base64 (RFC 4648 §4), base64url (§5) and hex.
//
// Hex goes through Crypto++; base64 is done here, checked against Crypto++'s encoders
// (tests/fuzz/fuzz_base64.cc). Decoding is strict because Crypto++'s
// decoders are not: they silently skip characters outside the alphabet, accept missing
// or misplaced padding and ignore non-zero trailing bits, so "abc!d", "ab cd" and
// "abcd" could all decode to the same bytes. For tokens and signatures every value must
// have exactly one spelling, so the decoders here return std::nullopt for anything that
// is not the canonical encoding of some bytes. Base64 is decoded here in the pass that
// validates it (a JWT's three segments are decoded on every request); hex still goes
// through Crypto++'s decoder after validation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace keel::crypto {

// Standard alphabet (A–Z a–z 0–9 + /), padded with '=' to a multiple of 4, no line
// breaks.
std::string Base64Encode(std::string_view bytes);

// URL-safe alphabet (A–Z a–z 0–9 - _), no padding, no line breaks: JWT segments and
// tokens.
std::string Base64UrlEncode(std::string_view bytes);

// Lowercase hex, two characters per byte.
std::string HexEncode(std::string_view bytes);

// Decodes padded standard base64. nullopt unless `text` is exactly what Base64Encode
// would produce for some bytes: length a multiple of 4, only alphabet characters, at
// most two '=' and only at the end, and the unused bits of the last character zero.
// The empty string decodes to empty bytes.
std::optional<std::string> Base64Decode(std::string_view text);

// Decodes unpadded base64url. nullopt unless `text` is exactly what Base64UrlEncode
// would produce: only alphabet characters (no '=', no '+' or '/', no whitespace),
// length not 1 modulo 4, unused trailing bits zero. The empty string decodes to empty.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Decodes hex (either case). nullopt for odd length or any non-hex character.
std::optional<std::string> HexDecode(std::string_view text);

}  // namespace keel::crypto
