// Tests for VerifiedTokenCache: only the exact token, only inside its validity.
#include "auth/verified_token_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace keel::auth {
namespace {

JwtClaims Claims(std::string sub) {
  JwtClaims c;
  c.sub = std::move(sub);
  c.sid = "s";
  c.exp = 1000;
  return c;
}

TEST(VerifiedTokenCacheTest, HitOnlyForTheSameBytesInsideValidity) {
  VerifiedTokenCache cache;
  const std::string token = "header.payload.signature";
  EXPECT_EQ(cache.Find(token, 100), nullptr);
  cache.Remember(token, Claims("u1"), 100, 1030);

  const JwtClaims* hit = cache.Find(token, 100);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->sub, "u1");
  EXPECT_NE(cache.Find(token, 1029), nullptr);
  EXPECT_EQ(cache.Find(token, 1030), nullptr) << "past exp + leeway";
  EXPECT_EQ(cache.Find(token, 99), nullptr) << "before it was verified (clock went back)";
  EXPECT_EQ(cache.Find("header.payload.signaturf", 100), nullptr);
  EXPECT_EQ(cache.Find("header.payload.signature.", 100), nullptr);
  EXPECT_EQ(cache.Find("", 100), nullptr);
}

TEST(VerifiedTokenCacheTest, BoundedAndANewerTokenReplacesItsSlot) {
  VerifiedTokenCache cache;
  // More tokens than slots: every lookup still answers with its own token's claims or
  // nothing, never another token's.
  const size_t n = VerifiedTokenCache::kSlots * 3;
  for (size_t i = 0; i < n; ++i) {
    cache.Remember("t" + std::to_string(i), Claims("u" + std::to_string(i)), 0, 10);
  }
  size_t hits = 0;
  for (size_t i = 0; i < n; ++i) {
    if (const JwtClaims* c = cache.Find("t" + std::to_string(i), 5)) {
      EXPECT_EQ(c->sub, "u" + std::to_string(i));
      ++hits;
    }
  }
  EXPECT_GT(hits, 0u);
  EXPECT_LE(hits, VerifiedTokenCache::kSlots);
}

// 1,000 tokens (the bench's users) nearly all stay: a set of two ways holds both of a
// colliding pair, where one slot per hash of 1,024 kept about two thirds of them.
TEST(VerifiedTokenCacheTest, AThousandTokensStay) {
  VerifiedTokenCache cache;
  for (int i = 0; i < 1000; ++i) {
    cache.Remember("token-" + std::to_string(i), Claims("u" + std::to_string(i)), 0, 10);
  }
  int hits = 0;
  for (int i = 0; i < 1000; ++i) hits += cache.Find("token-" + std::to_string(i), 5) != nullptr;
  EXPECT_GE(hits, 950);
}

// A token remembered again takes its own slot, not the other way of its set.
TEST(VerifiedTokenCacheTest, RememberingAgainKeepsOneSlot) {
  VerifiedTokenCache cache;
  cache.Remember("same", Claims("u1"), 0, 10);
  cache.Remember("same", Claims("u2"), 1, 10);
  const JwtClaims* c = cache.Find("same", 5);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->sub, "u2");
}

}  // namespace
}  // namespace keel::auth
