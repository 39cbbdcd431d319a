// VerifiedTokenCache: a worker's memory of the access tokens it has already verified.
//
// A browser or script sends the same access token with every request for its 15-minute
// life, and verifying it (three base64url segments, HMAC-SHA256, two JSON documents) was
// a fifth of the instructions of a whole task-list request. A token this worker has
// verified maps to its claims here; a request bearing exactly the same bytes (compared
// in constant time, never by hash alone) gets them without the MAC being computed again,
// which proves nothing more than the first verification did. The time-dependent claims
// are still checked on every use: an entry serves only from the moment it was verified
// until `exp` plus the leeway. The live-session check (revocation) is not cached: it
// still runs against PostgreSQL on every request.
//
// Bounded: a fixed number of slots in sets of two chosen by the token's hash; a newer
// token takes an empty or expired slot of its set, else the one verified longer ago. With
// one slot per hash and 1,024 slots, 1,000 users' tokens (the bench's W1) left 62 % of
// them sharing a slot with another and evicting each other on every request; two ways of
// 4,096 slots keep nearly all of them. Per process, so each worker (and each SIGHUP
// generation) starts empty, and a key rotation, which restarts the workers, cannot leave
// stale entries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jwt.h"

namespace keel::auth {

class VerifiedTokenCache {
 public:
  static constexpr size_t kSlots = 4096;
  static constexpr size_t kWays = 2;

  VerifiedTokenCache();

  // The claims of `token` when this cache verified it at or before `now` and it is still
  // inside its validity (now < valid_until); otherwise nullptr. The pointer stays valid
  // until the next Remember.
  const JwtClaims* Find(std::string_view token, int64_t now) const;

  // Records a token that passed every check at `verified_at`, valid until `valid_until`
  // (exclusive; exp plus the leeway). Returns the claims as kept (see Find).
  const JwtClaims* Remember(std::string_view token, JwtClaims claims, int64_t verified_at,
                            int64_t valid_until);

 private:
  struct Slot {
    std::string token;
    JwtClaims claims;
    int64_t verified_at = 0;
    int64_t valid_until = 0;
  };
  // The first slot of the token's set (the set is kWays slots from there).
  size_t SetOf(std::string_view token) const;

  std::vector<Slot> slots_;
};

}  // namespace keel::auth
