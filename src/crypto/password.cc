// Argon2id hashing (libargon2) and Argon2id/bcrypt verification (libargon2, libxcrypt);
// see password.h for the scheme.
#include "crypto/password.h"

#include <argon2.h>
#include <crypt.h>
#include <string.h>  // explicit_bzero

#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"

namespace keel::crypto {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$v=19$";

// What NeedsRehash and VerifyPassword need to know about a stored Argon2id hash.
struct Argon2idHash {
  Argon2Params params;
  size_t salt_bytes = 0;
  size_t hash_bytes = 0;
};

// Consumes `prefix` from the front of `text`.
bool Consume(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return false;
  text.remove_prefix(prefix.size());
  return true;
}

// Consumes a canonical decimal uint32 (no sign, no leading zeros) from `text`.
bool ConsumeDecimal(std::string_view& text, uint32_t& value) {
  if (text.empty() || (text[0] == '0' && text.size() > 1 && text[1] >= '0' && text[1] <= '9')) {
    return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return false;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return true;
}

// Length in bytes of an unpadded standard-base64 field, or nullopt if it is not one.
std::optional<size_t> UnpaddedBase64Bytes(std::string_view field) {
  if (field.empty() || field.find('=') != std::string_view::npos) return std::nullopt;
  std::string padded(field);
  padded.append((4 - field.size() % 4) % 4, '=');
  std::optional<std::string> bytes = Base64Decode(padded);
  if (!bytes) return std::nullopt;
  return bytes->size();
}

// Parses `$argon2id$v=19$m=M,t=T,p=P$SALT$HASH` strictly (the form libargon2 writes).
std::optional<Argon2idHash> ParseArgon2id(std::string_view text) {
  Argon2idHash out;
  if (!Consume(text, kArgon2idPrefix) || !Consume(text, "m=") ||
      !ConsumeDecimal(text, out.params.memory_kib) || !Consume(text, ",t=") ||
      !ConsumeDecimal(text, out.params.time) || !Consume(text, ",p=") ||
      !ConsumeDecimal(text, out.params.parallelism) || !Consume(text, "$")) {
    return std::nullopt;
  }
  const size_t dollar = text.find('$');
  if (dollar == std::string_view::npos) return std::nullopt;
  std::optional<size_t> salt = UnpaddedBase64Bytes(text.substr(0, dollar));
  std::optional<size_t> hash = UnpaddedBase64Bytes(text.substr(dollar + 1));
  if (!salt || !hash) return std::nullopt;
  out.salt_bytes = *salt;
  out.hash_bytes = *hash;
  return out;
}

bool WithinMaxima(const Argon2Params& p) {
  return p.memory_kib <= kMaxArgon2MemoryKib && p.time <= kMaxArgon2Time && p.parallelism >= 1 &&
         p.parallelism <= kMaxArgon2Parallelism;
}

bool IsBcrypt(std::string_view encoded) {
  return encoded.starts_with("$2a$") || encoded.starts_with("$2b$") || encoded.starts_with("$2y$");
}

// `$2?$NN$` + 22 salt + 31 hash characters from bcrypt's alphabet, NN in 04..max.
bool IsWellFormedBcrypt(std::string_view encoded) {
  if (encoded.size() != 60 || !IsBcrypt(encoded) || encoded[6] != '$') return false;
  const char tens = encoded[4], ones = encoded[5];
  if (tens < '0' || tens > '9' || ones < '0' || ones > '9') return false;
  const int cost = (tens - '0') * 10 + (ones - '0');
  if (cost < 4 || cost > kMaxBcryptCost) return false;
  for (char c : encoded.substr(7)) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}

PasswordCheck VerifyArgon2id(std::string_view password, std::string_view encoded) {
  std::optional<Argon2idHash> parsed = ParseArgon2id(encoded);
  if (!parsed || !WithinMaxima(parsed->params)) return PasswordCheck::kMalformed;
  const std::string encoded_z(encoded);  // libargon2 wants a NUL-terminated string
  static const char kEmpty[1] = {0};
  const char* pwd = password.empty() ? kEmpty : password.data();
  // argon2id_verify recomputes the hash and compares in constant time.
  switch (argon2id_verify(encoded_z.c_str(), pwd, password.size())) {
    case ARGON2_OK:
      return PasswordCheck::kMatch;
    case ARGON2_VERIFY_MISMATCH:
      return PasswordCheck::kMismatch;
    default:
      return PasswordCheck::kMalformed;
  }
}

// bcrypt keys with at most this many bytes of the password (see password.h).
constexpr size_t kBcryptKeyBytes = 72;

PasswordCheck VerifyBcrypt(std::string_view password, std::string_view encoded) {
  if (!IsWellFormedBcrypt(encoded)) return PasswordCheck::kMalformed;
  // bcrypt reads only the first 72 bytes; passing exactly those gives the same result
  // and keeps under libxcrypt's 512-byte phrase limit (CRYPT_MAX_PASSPHRASE_SIZE).
  const std::string phrase(password.substr(0, kBcryptKeyBytes));
  // A NUL would end the C string early: bcrypt would then check a shorter password.
  if (phrase.find('\0') != std::string::npos) return PasswordCheck::kMismatch;
  const std::string setting(encoded);
  // crypt_rn is thread-safe with a private crypt_data (32 KiB: on the heap, zeroed).
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  PasswordCheck result = PasswordCheck::kMalformed;
  if (out != nullptr && out[0] != '*') {
    result = ConstantTimeEquals(out, encoded) ? PasswordCheck::kMatch : PasswordCheck::kMismatch;
  }
  explicit_bzero(data.get(), sizeof(crypt_data));
  return result;
}

}  // namespace

StatusOr<std::string> HashPassword(std::string_view password, const Argon2Params& params) {
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidField("password", "must be at most 1024 bytes");
  }
  const Argon2Params floor;
  if (params.memory_kib < floor.memory_kib || params.time < floor.time ||
      params.parallelism < floor.parallelism || !WithinMaxima(params)) {
    return Status::Internal().WithLogDetail("argon2 parameters outside the allowed range");
  }
  const std::string salt = RandomBytes(kArgon2SaltBytes);
  std::string encoded(argon2_encodedlen(params.time, params.memory_kib, params.parallelism,
                                        kArgon2SaltBytes, kArgon2HashBytes, Argon2_id),
                      '\0');
  static const char kEmpty[1] = {0};
  const int rc = argon2id_hash_encoded(params.time, params.memory_kib, params.parallelism,
                                       password.empty() ? kEmpty : password.data(), password.size(),
                                       salt.data(), salt.size(), kArgon2HashBytes, encoded.data(),
                                       encoded.size());
  if (rc != ARGON2_OK) {
    return Status::Internal().WithLogDetail(std::string("argon2id_hash_encoded: ") +
                                            argon2_error_message(rc));
  }
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

PasswordCheck VerifyPassword(std::string_view password, std::string_view encoded) {
  if (password.size() > kMaxPasswordBytes) return PasswordCheck::kMismatch;
  if (encoded.starts_with("$argon2id$")) return VerifyArgon2id(password, encoded);
  if (IsBcrypt(encoded)) return VerifyBcrypt(password, encoded);
  return PasswordCheck::kMalformed;
}

bool NeedsRehash(std::string_view encoded, const Argon2Params& params) {
  std::optional<Argon2idHash> parsed = ParseArgon2id(encoded);
  if (!parsed) return true;  // bcrypt, another Argon2 variant or version, or garbage
  const Argon2Params& have = parsed->params;
  return have.memory_kib < params.memory_kib || have.time < params.time ||
         have.parallelism < params.parallelism || parsed->salt_bytes < kArgon2SaltBytes ||
         parsed->hash_bytes < kArgon2HashBytes;
}

void DummyVerify(const Argon2Params& params) {
  static std::mutex mutex;
  // One dummy hash per distinct parameter set; in practice there is one.
  static std::vector<std::pair<Argon2Params, std::string>> dummies;
  std::string dummy;
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& [p, hash] : dummies) {
      if (p.memory_kib == params.memory_kib && p.time == params.time &&
          p.parallelism == params.parallelism) {
        dummy = hash;
        break;
      }
    }
    if (dummy.empty()) {
      StatusOr<std::string> made = HashPassword(RandomToken(), params);
      // Bad parameters: real hashing fails the same way, so there is no time to match.
      if (!made.ok()) return;
      dummy = *made;
      dummies.emplace_back(params, dummy);
    }
  }
  (void)VerifyPassword("keel-dummy-password", dummy);
}

}  // namespace keel::crypto
