// VerifiedTokenCache (see the header for why it is safe).
#include "auth/verified_token_cache.h"

#include <functional>
#include <utility>

#include "crypto/hash.h"

namespace keel::auth {

VerifiedTokenCache::VerifiedTokenCache() : slots_(kSlots) {}

size_t VerifiedTokenCache::SlotOf(std::string_view token) const {
  return std::hash<std::string_view>{}(token) % kSlots;
}

const JwtClaims* VerifiedTokenCache::Find(std::string_view token, int64_t now) const {
  const Slot& slot = slots_[SlotOf(token)];
  if (slot.token.empty() || now < slot.verified_at || now >= slot.valid_until) return nullptr;
  if (!crypto::ConstantTimeEquals(slot.token, token)) return nullptr;
  return &slot.claims;
}

const JwtClaims* VerifiedTokenCache::Remember(std::string_view token, JwtClaims claims,
                                              int64_t verified_at, int64_t valid_until) {
  Slot& slot = slots_[SlotOf(token)];
  slot.token.assign(token);
  slot.claims = std::move(claims);
  slot.verified_at = verified_at;
  slot.valid_until = valid_until;
  return &slot.claims;
}

}  // namespace keel::auth
