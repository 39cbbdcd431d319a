// Known-answer tests for SHA-256 (FIPS 180-2 examples) and HMAC-SHA256 (RFC 4231), and
// the two Crypto++ traps hash.h closes: HMAC keyed from a pointer alone, and
// VerifyBufsEqual on zero bytes.
#include "crypto/hash.h"

#include <cryptopp/hmac.h>
#include <cryptopp/misc.h>
#include <cryptopp/sha.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "crypto/encoding.h"

namespace keel::crypto {
namespace {

std::string Hex(std::string_view hex) {
  std::optional<std::string> bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return bytes.value_or("");
}

struct Sha256Case {
  std::string message;
  const char* digest_hex;
};

TEST(CryptoSha256Test, KnownAnswers) {
  const Sha256Case cases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const Sha256Case& c : cases) {
    EXPECT_EQ(Sha256Hex(c.message), c.digest_hex) << c.message.substr(0, 20);
    EXPECT_EQ(Sha256(c.message), Hex(c.digest_hex));
    EXPECT_EQ(Sha256(c.message).size(), kSha256Bytes);
  }
}

struct HmacCase {
  const char* name;
  std::string key;
  std::string data;
  const char* mac_hex;  // RFC 4231 HMAC-SHA-256 (case 5: truncated to 128 bits)
};

std::vector<HmacCase> Rfc4231Cases() {
  return {
      {"1", std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"2", "Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"3", std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"4", Hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {"5", std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b"},
      {"6", std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"7", std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

TEST(HmacSha256Test, Rfc4231TestCases) {
  for (const HmacCase& c : Rfc4231Cases()) {
    SCOPED_TRACE(std::string("RFC 4231 test case ") + c.name);
    const std::string expected = Hex(c.mac_hex);
    const std::string mac = HmacSha256(c.key, c.data);
    ASSERT_EQ(mac.size(), 32u);
    // Case 5 publishes only the first 128 bits; the others the full 256.
    EXPECT_EQ(HexEncode(mac.substr(0, expected.size())), c.mac_hex);
  }
}

// THE TRAP: Crypto++'s HMAC(const byte* key, size_t length = DEFAULT_KEYLENGTH) takes
// a default length of 16, so `HMAC<SHA256> mac(key.data())` compiles and silently keys
// with the first 16 bytes only: two 32-byte secrets sharing their first half give the
// same MACs. HmacSha256 always passes key.size(). Never write the first form outside
// this test.
std::string HmacBuiltWithoutLength(const std::string& key, const std::string& message) {
  CryptoPP::HMAC<CryptoPP::SHA256> hmac(reinterpret_cast<const CryptoPP::byte*>(key.data()));
  hmac.Update(reinterpret_cast<const CryptoPP::byte*>(message.data()), message.size());
  std::string mac(32, '\0');
  hmac.Final(reinterpret_cast<CryptoPP::byte*>(mac.data()));
  return mac;
}

TEST(HmacSha256Test, PointerOnlyConstructorUsesSixteenKeyBytes) {
  const std::string key = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const std::string message = "header.payload";
  const std::string bad = HmacBuiltWithoutLength(key, message);
  EXPECT_NE(bad, HmacSha256(key, message));
  EXPECT_EQ(bad, HmacSha256(key.substr(0, 16), message));  // the second half was ignored

  // And against a published value: RFC 4231 case 1 (20-byte key) comes out wrong.
  const HmacCase c = Rfc4231Cases()[0];
  EXPECT_NE(HexEncode(HmacBuiltWithoutLength(c.key, c.data)), c.mac_hex);
  EXPECT_EQ(HexEncode(HmacSha256(c.key, c.data)), c.mac_hex);
}

TEST(HmacSha256Test, EveryKeyByteMatters) {
  std::string key(32, 'k');
  const std::string base = HmacSha256(key, "m");
  for (size_t i = 0; i < key.size(); ++i) {
    std::string changed = key;
    changed[i] ^= 1;
    EXPECT_NE(HmacSha256(changed, "m"), base) << "key byte " << i;
  }
  EXPECT_EQ(HmacSha256("", "").size(), 32u);  // empty key and message are defined
}

// THE TRAP: VerifyBufsEqual compares `count` bytes, and with count 0 it returns true for
// any buffers, so a naive compare of an empty (stripped) signature "verifies".
TEST(CryptoConstantTimeEqualsTest, VerifyBufsEqualOfZeroBytesIsTrue) {
  const CryptoPP::byte x[] = {1, 2, 3};
  const CryptoPP::byte y[] = {9, 8, 7};
  EXPECT_TRUE(CryptoPP::VerifyBufsEqual(x, y, 0));
  EXPECT_FALSE(CryptoPP::VerifyBufsEqual(x, y, 3));
}

TEST(CryptoConstantTimeEqualsTest, Cases) {
  struct Case {
    std::string a, b;
    bool equal;
  };
  const Case cases[] = {
      {"", "", false},
      {"", "a", false},
      {"a", "", false},
      {"a", "a", true},
      {"a", "b", false},
      {"ab", "a", false},
      {"a", "ab", false},
      {std::string(32, 'x'), std::string(32, 'x'), true},
      {std::string(31, 'x') + "y", std::string(32, 'x'), false},
      {"y" + std::string(31, 'x'), std::string(32, 'x'), false},
      {std::string("a\0b", 3), std::string("a\0c", 3), false},
      {std::string("a\0b", 3), std::string("a\0b", 3), true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ConstantTimeEquals(c.a, c.b), c.equal)
        << "\"" << HexEncode(c.a) << "\" vs \"" << HexEncode(c.b) << "\"";
  }
}

}  // namespace
}  // namespace keel::crypto
