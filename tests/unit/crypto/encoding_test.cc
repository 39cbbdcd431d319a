// Base64 (RFC 4648 §10 vectors), base64url and hex: round trips, and the strict
// decoders' refusals of everything Crypto++'s own decoders would quietly accept.
#include "crypto/encoding.h"

#include <cryptopp/base64.h>
#include <cryptopp/filters.h>
#include <gtest/gtest.h>

#include <string>

#include "crypto/random.h"

namespace keel::crypto {
namespace {

struct Vector {
  std::string bytes;
  const char* base64;
  const char* base64url;
};

const Vector kVectors[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
    {"\xfb\xff", "+/8=", "-_8"},
    {"\xfb\xef\xbe", "++++", "----"},
    {std::string("\0\0\0", 3), "AAAA", "AAAA"},
};

TEST(Base64Test, Rfc4648Vectors) {
  for (const Vector& v : kVectors) {
    EXPECT_EQ(Base64Encode(v.bytes), v.base64);
    EXPECT_EQ(Base64UrlEncode(v.bytes), v.base64url);
    EXPECT_EQ(Base64Decode(v.base64), v.bytes) << v.base64;
    EXPECT_EQ(Base64UrlDecode(v.base64url), v.bytes) << v.base64url;
  }
}

TEST(Base64Test, RoundTripsEveryLengthAndByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t n = 0; n <= 100; ++n) {
    const std::string bytes = n < 90 ? all.substr(n, n) : RandomBytes(n * 7);
    const std::string std_text = Base64Encode(bytes);
    const std::string url_text = Base64UrlEncode(bytes);
    EXPECT_EQ(std_text.find('\n'), std::string::npos);  // no line breaks, even when long
    EXPECT_EQ(url_text.find_first_of("=+/\n"), std::string::npos);
    EXPECT_EQ(Base64Decode(std_text), bytes);
    EXPECT_EQ(Base64UrlDecode(url_text), bytes);
  }
}

// Crypto++'s decoder skips characters outside its alphabet: the reason for validating.
TEST(Base64Test, CryptoppDecoderSkipsForeignCharacters) {
  std::string out;
  CryptoPP::StringSource source(std::string("Zm!9v\n"), true,
                                new CryptoPP::Base64Decoder(new CryptoPP::StringSink(out)));
  EXPECT_EQ(out, "foo");
  EXPECT_FALSE(Base64Decode("Zm!9v\n").has_value());
}

TEST(Base64Test, StrictStandardDecodeRefuses) {
  const char* refused[] = {
      "Zg",        // padding missing
      "Zg=",       // padding short
      "Zg===",     // padding long
      "Z===",      // three pad characters
      "====",      // only padding
      "=Zm9",      // padding first
      "Zg==Zg==",  // padding in the middle
      "Zm9v====",  // a whole group of padding
      "Zh==",      // non-zero trailing bits (canonical: Zg==)
      "Zm9=",      // non-zero trailing bits (canonical: Zm8=)
      "Zm9v\n",    // newline
      " Zm9v",     // space
      "Zm 9v",     // inner space
      "Zm9v!",     // foreign character
      "-_8=",      // base64url characters
      "Zm9vYg",    // unpadded
      "Zm9vY",     // impossible length
  };
  for (const char* text : refused) EXPECT_FALSE(Base64Decode(text).has_value()) << text;
  EXPECT_FALSE(Base64Decode(std::string("Zm9v\0Zm9v", 9)).has_value());
}

TEST(Base64Test, StrictUrlDecodeRefuses) {
  const char* refused[] = {
      "Zg==",   // padding is not used in base64url
      "Zg=",    //
      "Z",      // 1 modulo 4: no bytes end there
      "Zm9vY",  //
      "Zh",     // non-zero trailing bits
      "Zm9",    // non-zero trailing bits
      "+/8",    // standard-alphabet characters
      "Zm9v\n", "Zm9v.", " Zm9v", "Zm9v%3D",
  };
  for (const char* text : refused) EXPECT_FALSE(Base64UrlDecode(text).has_value()) << text;
  EXPECT_FALSE(Base64UrlDecode(std::string("Zm\0v", 4)).has_value());
}

TEST(CryptoHexTest, EncodeAndStrictDecode) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(HexDecode("0001abff"), std::string("\x00\x01\xab\xff", 4));
  EXPECT_EQ(HexDecode("ABFF"), "\xab\xff");
  EXPECT_EQ(HexDecode(""), "");
  for (const char* text : {"0", "abc", "zz", "0g", " 00", "00 ", "0x00", "+1"}) {
    EXPECT_FALSE(HexDecode(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace keel::crypto
