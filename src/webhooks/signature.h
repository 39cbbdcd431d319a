// Standard Webhooks signatures (https://www.standardwebhooks.com, RELIABILITY 42).
//
// A sender signs `webhook-id + "." + webhook-timestamp + "." + raw body` with
// HMAC-SHA256 under the endpoint's secret and sends `webhook-signature: v1,<base64>`;
// the header may carry several space-separated signatures (during a secret rotation),
// and any one valid v1 signature is enough. The secret is shown to users as
// "whsec_" + base64(key bytes); the key is the decoded bytes.
//
// Verification refuses, with 401 UNAUTHORIZED: a missing header; a webhook-id that is
// not 1–255 printable ASCII characters; a timestamp that is not a decimal number of
// seconds or is more than kToleranceSeconds away from now (either way, which bounds
// replays of a captured delivery); a signature header with no well-formed v1 entry;
// and no v1 entry matching. The comparison is constant-time (crypto::ConstantTimeEquals)
// and works on the raw body bytes exactly as received — never on re-serialised JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::webhooks {

inline constexpr int64_t kToleranceSeconds = 300;
inline constexpr size_t kSecretBytes = 24;
inline constexpr std::string_view kSecretPrefix = "whsec_";

// "whsec_" + base64(key).
std::string EncodeSecret(std::string_view key);
// The key bytes of "whsec_<base64>" (the prefix is optional); nullopt if the rest is
// not canonical base64 or is empty.
std::optional<std::string> DecodeSecret(std::string_view secret);

// The three Standard Webhooks headers and the raw body of one delivery.
struct SignedDelivery {
  std::string_view id;         // webhook-id
  std::string_view timestamp;  // webhook-timestamp (seconds since the epoch)
  std::string_view signature;  // webhook-signature ("v1,<base64> v1,<base64> ...")
  std::string_view body;       // raw request body
};

// base64(HMAC-SHA256(key, id.timestamp.body)) — what a sender puts after "v1,".
std::string ComputeSignature(std::string_view key, std::string_view id, std::string_view timestamp,
                             std::string_view body);

// Ok if `delivery` is signed with `key` and its timestamp is within `tolerance_seconds`
// of `now_seconds`; otherwise UNAUTHORIZED with a message saying which check failed
// (never anything about the expected signature).
Status VerifySignature(std::string_view key, const SignedDelivery& delivery, int64_t now_seconds,
                       int64_t tolerance_seconds = kToleranceSeconds);

// True for a usable webhook-id: 1–255 printable ASCII characters, no spaces.
bool ValidWebhookId(std::string_view id);

}  // namespace keel::webhooks
