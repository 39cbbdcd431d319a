// Password hashing: libargon2 against the RFC 9106 and reference-implementation
// vectors, our encoded-form round trip and its refusals, NeedsRehash, the dummy
// verification, and bcrypt verification against vectors published by the Openwall,
// OpenBSD, PHP and Spring Security test suites.
#include "crypto/password.h"

#include <argon2.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "crypto/encoding.h"

namespace keel::crypto {
namespace {

// RFC 9106 §5.3: Argon2id, version 0x13, m=32 KiB, t=3, p=4, 32-byte tag, password 32 ×
// 0x01, salt 16 × 0x02, secret 8 × 0x03, associated data 12 × 0x04. Checks that the
// libargon2 we link computes Argon2id correctly (needs argon2_ctx for secret and ad).
TEST(PasswordArgon2Test, Rfc9106Argon2idKnownAnswer) {
  std::vector<uint8_t> pwd(32, 0x01), salt(16, 0x02), secret(8, 0x03), ad(12, 0x04);
  uint8_t tag[32] = {};
  argon2_context ctx{};
  ctx.out = tag;
  ctx.outlen = sizeof tag;
  ctx.pwd = pwd.data();
  ctx.pwdlen = static_cast<uint32_t>(pwd.size());
  ctx.salt = salt.data();
  ctx.saltlen = static_cast<uint32_t>(salt.size());
  ctx.secret = secret.data();
  ctx.secretlen = static_cast<uint32_t>(secret.size());
  ctx.ad = ad.data();
  ctx.adlen = static_cast<uint32_t>(ad.size());
  ctx.t_cost = 3;
  ctx.m_cost = 32;
  ctx.lanes = 4;
  ctx.threads = 4;
  ctx.version = ARGON2_VERSION_13;
  ctx.flags = ARGON2_DEFAULT_FLAGS;
  ASSERT_EQ(argon2_ctx(&ctx, Argon2_id), ARGON2_OK);
  EXPECT_EQ(HexEncode(std::string(reinterpret_cast<char*>(tag), sizeof tag)),
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
}

// Encoded-form vectors from the reference implementation's test.c (password
// "password", salt "somesalt"): VerifyPassword reads hashes written by other tools.
TEST(PasswordArgon2Test, VerifiesReferenceEncodedHashes) {
  struct Case {
    const char* password;
    const char* encoded;
  };
  const Case cases[] = {
      {"password",
       "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"},
      {"password",
       "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"},
      {"password",
       "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(VerifyPassword(c.password, c.encoded), PasswordCheck::kMatch) << c.encoded;
    EXPECT_EQ(VerifyPassword("Password", c.encoded), PasswordCheck::kMismatch) << c.encoded;
    EXPECT_TRUE(NeedsRehash(c.encoded, Argon2Params{}));  // weak params, 8-byte salt
  }
}

TEST(PasswordArgon2Test, HashHasStandardEncodedFormAndRoundTrips) {
  StatusOr<std::string> hash = HashPassword("correct horse battery staple", Argon2Params{});
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  // 16-byte salt = 22 base64 characters, 32-byte hash = 43.
  const std::string prefix = "$argon2id$v=19$m=19456,t=2,p=1$";
  ASSERT_EQ(hash->substr(0, prefix.size()), prefix) << *hash;
  const std::string rest = hash->substr(prefix.size());
  ASSERT_EQ(rest.size(), 22u + 1 + 43u) << *hash;
  EXPECT_EQ(rest[22], '$');

  EXPECT_EQ(VerifyPassword("correct horse battery staple", *hash), PasswordCheck::kMatch);
  EXPECT_EQ(VerifyPassword("correct horse battery stapl", *hash), PasswordCheck::kMismatch);
  EXPECT_EQ(VerifyPassword("correct horse battery staple ", *hash), PasswordCheck::kMismatch);
  EXPECT_EQ(VerifyPassword("", *hash), PasswordCheck::kMismatch);
  EXPECT_FALSE(NeedsRehash(*hash, Argon2Params{}));

  // The same hash with its salt padded ("...==") is not the form libargon2 writes.
  std::string padded = *hash;
  padded.insert(prefix.size() + 22, "==");
  EXPECT_TRUE(NeedsRehash(padded, Argon2Params{}));
  EXPECT_EQ(VerifyPassword("correct horse battery staple", padded), PasswordCheck::kMalformed);

  // Same password, fresh salt: a different hash.
  StatusOr<std::string> again = HashPassword("correct horse battery staple", Argon2Params{});
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *hash);
}

TEST(PasswordArgon2Test, EveryByteOfALongPasswordCounts) {
  std::string password(kMaxPasswordBytes, 'p');
  password[3] = '\0';  // Argon2 takes a length: NUL is an ordinary byte
  StatusOr<std::string> hash = HashPassword(password, Argon2Params{});
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(VerifyPassword(password, *hash), PasswordCheck::kMatch);
  std::string last_changed = password;
  last_changed.back() = 'q';
  EXPECT_EQ(VerifyPassword(last_changed, *hash), PasswordCheck::kMismatch);
  EXPECT_EQ(VerifyPassword(password.substr(0, 3), *hash), PasswordCheck::kMismatch);
}

TEST(PasswordArgon2Test, PasswordOver1024BytesIsRefusedNotTruncated) {
  const std::string too_long(kMaxPasswordBytes + 1, 'x');
  StatusOr<std::string> hash = HashPassword(too_long, Argon2Params{});
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(hash.status().field(), "password");

  StatusOr<std::string> of_prefix = HashPassword(too_long.substr(0, kMaxPasswordBytes), {});
  ASSERT_TRUE(of_prefix.ok());
  EXPECT_EQ(VerifyPassword(too_long, *of_prefix), PasswordCheck::kMismatch);
}

TEST(PasswordArgon2Test, ParametersOutsideTheAllowedRangeAreRefused) {
  const Argon2Params bad[] = {
      {8192, 2, 1},
      {19456, 1, 1},
      {19456, 2, 0},
      {kMaxArgon2MemoryKib + 1, 2, 1},
      {19456, kMaxArgon2Time + 1, 1},
      {19456, 2, kMaxArgon2Parallelism + 1},
  };
  for (const Argon2Params& p : bad) {
    StatusOr<std::string> hash = HashPassword("password", p);
    EXPECT_FALSE(hash.ok()) << p.memory_kib << "," << p.time << "," << p.parallelism;
    if (!hash.ok()) {
      EXPECT_EQ(hash.status().code(), ErrorCode::kInternal);
    }
  }
}

TEST(PasswordArgon2Test, MalformedStoredHashes) {
  const std::string good =
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
  const std::string malformed[] = {
      "",
      "password",
      "$argon2id$",
      "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8",
      "$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=0256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=2$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ",
      "$argon2id$v=19$m=256,t=2,p=1$c29t!XNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=2,p=1$$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$",
      good + "$",
      good.substr(0, good.size() - 1) + "\n",
      "$argon2id$v=19$m=4294967296,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      // Parameters beyond the maxima are refused before any memory is allocated.
      "$argon2id$v=19$m=4194305,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=65,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=2,p=17$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$argon2id$v=19$m=256,t=2,p=1$c29t$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      std::string("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ") + '\0' +
          "$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
      "$2z$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
      "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",
  };
  ASSERT_EQ(VerifyPassword("password", good), PasswordCheck::kMatch);
  for (const std::string& encoded : malformed) {
    EXPECT_EQ(VerifyPassword("password", encoded), PasswordCheck::kMalformed) << encoded;
    EXPECT_TRUE(NeedsRehash(encoded, Argon2Params{})) << encoded;
  }
}

TEST(PasswordArgon2Test, NeedsRehashWhenBelowCurrentParameters) {
  StatusOr<std::string> hash = HashPassword("password", Argon2Params{});
  ASSERT_TRUE(hash.ok());
  struct Case {
    Argon2Params current;
    bool rehash;
  };
  const Case cases[] = {
      {{19456, 2, 1}, false},
      {{19455, 1, 1}, false},  // stored parameters above the current ones:
                               // keep
      {{19457, 2, 1}, true},
      {{65536, 3, 1}, true},
      {{19456, 3, 1}, true},
      {{19456, 2, 2}, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NeedsRehash(*hash, c.current), c.rehash)
        << c.current.memory_kib << "," << c.current.time << "," << c.current.parallelism;
  }
  // A hash made with lower parameters (by an older configuration) needs a re-hash even
  // though it still verifies.
  const char* salt = "0123456789abcdef";
  char old[256];
  ASSERT_EQ(argon2id_hash_encoded(1, 8192, 1, "password", 8, salt, 16, 32, old, sizeof old),
            ARGON2_OK);
  EXPECT_EQ(VerifyPassword("password", old), PasswordCheck::kMatch);
  EXPECT_TRUE(NeedsRehash(old, Argon2Params{}));
  // ... and so does one with a 16-byte tag.
  ASSERT_EQ(argon2id_hash_encoded(2, 19456, 1, "password", 8, salt, 16, 16, old, sizeof old),
            ARGON2_OK);
  EXPECT_EQ(VerifyPassword("password", old), PasswordCheck::kMatch);
  EXPECT_TRUE(NeedsRehash(old, Argon2Params{}));
}

double MedianMillis(const std::function<void()>& f) {
  std::vector<double> ms;
  for (int i = 0; i < 5; ++i) {
    auto start = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[2];
}

// An unknown email must cost what a wrong password costs (CONTRACT §4.1).
TEST(PasswordArgon2Test, DummyVerifyCostsAsMuchAsARealVerification) {
  const Argon2Params params;
  StatusOr<std::string> hash = HashPassword("real password", params);
  ASSERT_TRUE(hash.ok());
  DummyVerify(params);  // creates the dummy hash (once per process)
  const double real = MedianMillis([&] { (void)VerifyPassword("wrong password", *hash); });
  const double dummy = MedianMillis([&] { DummyVerify(params); });
  std::printf("[ argon2id m=19456 t=2 p=1 ] verify %.1f ms, dummy %.1f ms\n", real, dummy);
  EXPECT_GT(dummy, real * 0.5);
  EXPECT_LT(dummy, real * 2.0);
}

struct BcryptCase {
  std::string password;
  const char* hash;
};

// Published vectors: Openwall crypt_blowfish (U*U...), OpenBSD ($2b$, 72 zeros, 8-bit),
// PHP password_hash ($2y$), Spring Security ($2b$06$).
std::vector<BcryptCase> BcryptVectors() {
  return {
      {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
      {"U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"},
      {"U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"},
      {"", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"},
      {"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
       "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"},
      {std::string(72, '0'), "$2b$05$CCCCCCCCCCCCCCCCCCCCC.6.O1dLNbjod2uo0DVcW.jHucKbPDdHS"},
      {"\xff\xff\xa3", "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"},
      {"\xff\xff\xa3", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"},
      {"\xa3", "$2b$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"},
      {"rasmuslerdorf", "$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi"},
      {"", "$2b$06$8eVN9RiU8Yki430X.wBvN.LWaqh2962emLVSVXVZIXJvDYLsV0oFu"},
  };
}

TEST(PasswordBcryptTest, PublishedVectorsVerify) {
  for (const BcryptCase& c : BcryptVectors()) {
    EXPECT_EQ(VerifyPassword(c.password, c.hash), PasswordCheck::kMatch) << c.hash;
    EXPECT_EQ(VerifyPassword("x" + c.password, c.hash), PasswordCheck::kMismatch) << c.hash;
    EXPECT_TRUE(NeedsRehash(c.hash, Argon2Params{})) << c.hash;  // always re-hashed
  }
}

TEST(PasswordBcryptTest, WrongPasswordAndDamagedHash) {
  const std::string hash = "$2b$05$CCCCCCCCCCCCCCCCCCCCC.6.O1dLNbjod2uo0DVcW.jHucKbPDdHS";
  EXPECT_EQ(VerifyPassword("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
            PasswordCheck::kMismatch);
  EXPECT_EQ(VerifyPassword(std::string(71, '0'), hash), PasswordCheck::kMismatch);
  std::string flipped = hash;
  flipped.back() = flipped.back() == 'S' ? 'T' : 'S';
  EXPECT_EQ(VerifyPassword(std::string(72, '0'), flipped), PasswordCheck::kMismatch);

  const std::string malformed[] = {
      hash.substr(0, 59),                                              // short
      hash + "A",                                                      // long
      "$2b$5$CCCCCCCCCCCCCCCCCCCCC.6.O1dLNbjod2uo0DVcW.jHucKbPDdHSx",  // one-digit cost
      "$2b$03$CCCCCCCCCCCCCCCCCCCCC.6.O1dLNbjod2uo0DVcW.jHucKbPDdHS",  // cost too low
      "$2b$17$CCCCCCCCCCCCCCCCCCCCC.6.O1dLNbjod2uo0DVcW.jHucKbPDdHS",  // beyond kMaxBcryptCost
      "$2b$05$CCCCCCCCCCCCCCCCCCCCC!6.O1dLNbjod2uo0DVcW.jHucKbPDdHS",  // foreign character
      "$2x$05$CCCCCCCCCCCCCCCCCCCCC.6.O1dLNbjod2uo0DVcW.jHucKbPDdHS",  // $2x$ not accepted
  };
  for (const std::string& m : malformed) {
    EXPECT_EQ(VerifyPassword(std::string(72, '0'), m), PasswordCheck::kMalformed) << m;
  }
}

// bcrypt reads only 72 bytes: a longer password verifies against the hash of its first
// 72. A property of bcrypt, tolerated because the login re-hashes it with Argon2id,
// which reads every byte. Up to 1024 bytes, as everywhere; never beyond.
TEST(PasswordBcryptTest, OnlyTheFirst72BytesCount) {
  const std::string first72 =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const char* hash = "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui";
  ASSERT_EQ(first72.size(), 72u);
  EXPECT_EQ(VerifyPassword(first72 + "chars after 72 are ignored", hash), PasswordCheck::kMatch);
  // Beyond libxcrypt's own 512-byte phrase limit: still the bcrypt answer, not an error.
  EXPECT_EQ(VerifyPassword(first72 + std::string(kMaxPasswordBytes - 72, 'x'), hash),
            PasswordCheck::kMatch);
  EXPECT_EQ(VerifyPassword(first72 + std::string(kMaxPasswordBytes - 71, 'x'), hash),
            PasswordCheck::kMismatch);  // 1025 bytes: refused
  EXPECT_EQ(VerifyPassword(first72.substr(0, 71), hash), PasswordCheck::kMismatch);
}

TEST(PasswordBcryptTest, NulByteDoesNotShortenThePassword) {
  // "U*U" matches this hash; "U*U\0junk" must not, though C would see only "U*U".
  const char* hash = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
  EXPECT_EQ(VerifyPassword(std::string("U*U\0junk", 8), hash), PasswordCheck::kMismatch);
  EXPECT_EQ(VerifyPassword("U*U", hash), PasswordCheck::kMatch);
}

}  // namespace
}  // namespace keel::crypto
