// VerifiedTokenCache (see the header for why it is safe).
#include "auth/verified_token_cache.h"

#include <functional>
#include <utility>

#include "crypto/hash.h"

namespace keel::auth {

VerifiedTokenCache::VerifiedTokenCache() : slots_(kSlots) {}

size_t VerifiedTokenCache::SetOf(std::string_view token) const {
  return std::hash<std::string_view>{}(token) % (kSlots / kWays) * kWays;
}

const JwtClaims* VerifiedTokenCache::Find(std::string_view token, int64_t now) const {
  const size_t set = SetOf(token);
  for (size_t way = 0; way < kWays; ++way) {
    const Slot& slot = slots_[set + way];
    if (slot.token.empty() || now < slot.verified_at || now >= slot.valid_until) continue;
    if (crypto::ConstantTimeEquals(slot.token, token)) return &slot.claims;
  }
  return nullptr;
}

const JwtClaims* VerifiedTokenCache::Remember(std::string_view token, JwtClaims claims,
                                              int64_t verified_at, int64_t valid_until) {
  const size_t set = SetOf(token);
  // The same token's slot, else an empty or expired one, else the one verified earliest.
  Slot* slot = &slots_[set];
  for (size_t way = 0; way < kWays; ++way) {
    Slot& candidate = slots_[set + way];
    if (crypto::ConstantTimeEquals(candidate.token, token)) {
      slot = &candidate;
      break;
    }
    if (candidate.token.empty() || candidate.valid_until <= verified_at ||
        candidate.verified_at < slot->verified_at) {
      slot = &candidate;
    }
  }
  Slot& chosen = *slot;
  chosen.token.assign(token);
  chosen.claims = std::move(claims);
  chosen.verified_at = verified_at;
  chosen.valid_until = valid_until;
  return &chosen.claims;
}

}  // namespace keel::auth
