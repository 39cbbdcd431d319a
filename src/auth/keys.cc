// Key derivation from JWT_SECRET, cached per thread.
#include "auth/keys.h"

#include "crypto/hash.h"

namespace keel::auth {
namespace {

constexpr char kChainLabel[] = "keel/v1/refresh-token-chain";
constexpr char kCsrfLabel[] = "keel/v1/csrf";

AuthKeys Derive(const std::string& secret, const std::string& previous) {
  AuthKeys keys;
  keys.jwt.current = JwtKey{secret, JwtKeyId(secret)};
  keys.chain = DeriveKey(secret, kChainLabel);
  keys.csrf = DeriveKey(secret, kCsrfLabel);
  if (!previous.empty()) {
    keys.jwt.previous = JwtKey{previous, JwtKeyId(previous)};
    keys.chain_previous = DeriveKey(previous, kChainLabel);
    keys.csrf_previous = DeriveKey(previous, kCsrfLabel);
  }
  return keys;
}

}  // namespace

std::string DeriveKey(const std::string& secret, const char* label) {
  return crypto::HmacSha256(secret, label);
}

const AuthKeys& KeysFor(const Config& config) {
  struct Cache {
    std::string secret;
    std::string previous;
    AuthKeys keys;
    bool filled = false;
  };
  thread_local Cache cache;
  if (!cache.filled || cache.secret != config.jwt_secret ||
      cache.previous != config.jwt_secret_previous) {
    cache.secret = config.jwt_secret;
    cache.previous = config.jwt_secret_previous;
    cache.keys = Derive(config.jwt_secret, config.jwt_secret_previous);
    cache.filled = true;
  }
  return cache.keys;
}

}  // namespace keel::auth
