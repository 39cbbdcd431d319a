// Standard Webhooks signature verification on top of crypto:: primitives.
#include "webhooks/signature.h"

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace keel::webhooks {
namespace {

constexpr size_t kMaxSignatureHeader = 8192;
constexpr int kMaxSignatures = 32;

std::string SignedContent(std::string_view id, std::string_view timestamp, std::string_view body) {
  std::string content;
  content.reserve(id.size() + timestamp.size() + body.size() + 2);
  content.append(id).append(".").append(timestamp).append(".").append(body);
  return content;
}

// Decimal seconds, 1–12 digits (no sign, no spaces).
std::optional<int64_t> ParseSeconds(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::string EncodeSecret(std::string_view key) {
  return std::string(kSecretPrefix) + crypto::Base64Encode(key);
}

std::optional<std::string> DecodeSecret(std::string_view secret) {
  if (secret.starts_with(kSecretPrefix)) secret.remove_prefix(kSecretPrefix.size());
  std::optional<std::string> key = crypto::Base64Decode(secret);
  if (!key || key->empty()) return std::nullopt;
  return key;
}

bool ValidWebhookId(std::string_view id) {
  if (id.empty() || id.size() > 255) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string ComputeSignature(std::string_view key, std::string_view id, std::string_view timestamp,
                             std::string_view body) {
  return crypto::Base64Encode(crypto::HmacSha256(key, SignedContent(id, timestamp, body)));
}

Status VerifySignature(std::string_view key, const SignedDelivery& d, int64_t now_seconds,
                       int64_t tolerance_seconds) {
  if (d.id.empty() || d.timestamp.empty() || d.signature.empty()) {
    return Status::Unauthorized("missing webhook-id, webhook-timestamp or webhook-signature");
  }
  if (!ValidWebhookId(d.id)) return Status::Unauthorized("malformed webhook-id");
  std::optional<int64_t> sent = ParseSeconds(d.timestamp);
  if (!sent) return Status::Unauthorized("malformed webhook-timestamp");
  int64_t skew = *sent > now_seconds ? *sent - now_seconds : now_seconds - *sent;
  if (skew > tolerance_seconds) {
    return Status::Unauthorized("webhook-timestamp is too far from the current time");
  }
  if (key.empty() || d.signature.size() > kMaxSignatureHeader) {
    return Status::Unauthorized("invalid webhook signature");
  }
  const std::string expected = crypto::HmacSha256(key, SignedContent(d.id, d.timestamp, d.body));
  bool matched = false;
  int seen = 0;
  std::string_view rest = d.signature;
  while (!rest.empty() && seen < kMaxSignatures) {
    size_t space = rest.find(' ');
    std::string_view entry = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (entry.empty()) continue;
    ++seen;
    if (!entry.starts_with("v1,")) continue;  // other schemes (v1a, ...) are not ours
    std::optional<std::string> mac = crypto::Base64Decode(entry.substr(3));
    // Every entry is compared (no early exit), each in constant time.
    if (mac && crypto::ConstantTimeEquals(*mac, expected)) matched = true;
  }
  if (!matched) return Status::Unauthorized("invalid webhook signature");
  return Status::Ok();
}

}  // namespace keel::webhooks
