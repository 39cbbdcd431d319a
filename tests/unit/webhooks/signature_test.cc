// Standard Webhooks signature verification (RELIABILITY 42): the specification's test
// vector, the GitHub HMAC vector, wrong secret, timestamps at and beyond ±300 s, several
// signatures of which one is valid, malformed headers, a flipped bit, empty and short
// signatures.
#include "webhooks/signature.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace keel::webhooks {
namespace {

// From the Standard Webhooks reference libraries' tests.
constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kId[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr char kTimestamp[] = "1614265330";
constexpr int64_t kNow = 1614265330;
constexpr char kBody[] = R"({"test": 2432232314})";
constexpr char kSignature[] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

std::string Key() { return DecodeSecret(kSecret).value_or(""); }

Status Verify(std::string_view signature, int64_t now = kNow, std::string_view id = kId,
              std::string_view timestamp = kTimestamp, std::string_view body = kBody) {
  return VerifySignature(Key(), SignedDelivery{id, timestamp, signature, body}, now);
}

TEST(WebhookSignature, StandardWebhooksVector) {
  EXPECT_EQ("v1," + ComputeSignature(Key(), kId, kTimestamp, kBody), kSignature);
  EXPECT_TRUE(Verify(kSignature).ok());
}

TEST(WebhookSignature, GitHubHmacVector) {
  // docs.github.com "Validating webhook deliveries": the same HMAC-SHA256 primitive.
  EXPECT_EQ(crypto::HexEncode(crypto::HmacSha256("It's a Secret to Everybody", "Hello, World!")),
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
}

TEST(WebhookSignature, SecretEncoding) {
  std::string key(24, '\x07');
  std::string secret = EncodeSecret(key);
  EXPECT_TRUE(secret.starts_with("whsec_"));
  EXPECT_EQ(DecodeSecret(secret).value_or(""), key);
  EXPECT_EQ(DecodeSecret(secret.substr(6)).value_or(""), key);  // prefix optional
  EXPECT_FALSE(DecodeSecret("whsec_").has_value());
  EXPECT_FALSE(DecodeSecret("whsec_not base64!").has_value());
}

struct Case {
  const char* name;
  std::string signature;
  int64_t now;
  std::string id;
  std::string timestamp;
  std::string body;
  bool valid;
};

std::string FlipBit(std::string sig) {
  std::string mac = crypto::Base64Decode(sig.substr(3)).value_or("");
  mac[5] ^= 0x01;
  return "v1," + crypto::Base64Encode(mac);
}

TEST(WebhookSignature, Table) {
  const std::string good = kSignature;
  const std::string other_key_sig =
      "v1," + ComputeSignature(std::string(24, 'x'), kId, kTimestamp, kBody);
  const Case cases[] = {
      {"valid", good, kNow, kId, kTimestamp, kBody, true},
      {"wrong secret", other_key_sig, kNow, kId, kTimestamp, kBody, false},
      {"299 s late", good, kNow + 299, kId, kTimestamp, kBody, true},
      {"exactly 300 s late", good, kNow + 300, kId, kTimestamp, kBody, true},
      {"301 s late", good, kNow + 301, kId, kTimestamp, kBody, false},
      {"300 s early", good, kNow - 300, kId, kTimestamp, kBody, true},
      {"301 s early", good, kNow - 301, kId, kTimestamp, kBody, false},
      {"several, one valid", other_key_sig + " v1,AAAA " + good, kNow, kId, kTimestamp, kBody,
       true},
      {"several, none valid", other_key_sig + " " + FlipBit(good), kNow, kId, kTimestamp, kBody,
       false},
      {"extra spaces", "  " + good + "  ", kNow, kId, kTimestamp, kBody, true},
      {"other scheme ignored", "v1a," + good.substr(3), kNow, kId, kTimestamp, kBody, false},
      {"bit flip", FlipBit(good), kNow, kId, kTimestamp, kBody, false},
      {"body changed", good, kNow, kId, kTimestamp, R"({"test": 2432232315})", false},
      {"body re-serialised", good, kNow, kId, kTimestamp, R"({"test":2432232314})", false},
      {"id changed", good, kNow, "msg_other", kTimestamp, kBody, false},
      {"timestamp changed within tolerance", good, kNow, kId, "1614265331", kBody, false},
      {"empty signature", "", kNow, kId, kTimestamp, kBody, false},
      {"v1, only", "v1,", kNow, kId, kTimestamp, kBody, false},
      {"short signature", "v1,g0hM9SsE", kNow, kId, kTimestamp, kBody, false},
      {"truncated mac", "v1," + crypto::Base64Encode(std::string(16, 'a')), kNow, kId, kTimestamp,
       kBody, false},
      {"no version", good.substr(3), kNow, kId, kTimestamp, kBody, false},
      {"not base64", "v1,!!!!", kNow, kId, kTimestamp, kBody, false},
      {"missing id", good, kNow, "", kTimestamp, kBody, false},
      {"id with space", good, kNow, "msg 1", kTimestamp, kBody, false},
      {"missing timestamp", good, kNow, kId, "", kBody, false},
      {"timestamp not a number", good, kNow, kId, "16142653x0", kBody, false},
      {"negative timestamp", good, kNow, kId, "-1614265330", kBody, false},
      {"timestamp in milliseconds", good, kNow, kId, "1614265330000", kBody, false},
  };
  for (const Case& c : cases) {
    Status s =
        VerifySignature(Key(), SignedDelivery{c.id, c.timestamp, c.signature, c.body}, c.now);
    EXPECT_EQ(s.ok(), c.valid) << c.name << ": " << s.message();
    if (!c.valid) {
      EXPECT_EQ(s.code(), ErrorCode::kUnauthorized) << c.name;
    }
  }
}

TEST(WebhookSignature, EmptyKeyNeverVerifies) {
  std::string sig = "v1," + ComputeSignature("", kId, kTimestamp, kBody);
  EXPECT_FALSE(VerifySignature("", SignedDelivery{kId, kTimestamp, sig, kBody}, kNow).ok());
}

TEST(WebhookSignature, HugeHeaderIsRefused) {
  std::string header;
  while (header.size() < 9000) header += "v1,AAAA ";
  EXPECT_EQ(Verify(header + kSignature).code(), ErrorCode::kUnauthorized);
}

TEST(WebhookSignature, WebhookIdRules) {
  EXPECT_TRUE(ValidWebhookId("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"));
  EXPECT_FALSE(ValidWebhookId(""));
  EXPECT_FALSE(ValidWebhookId(std::string(256, 'a')));
  EXPECT_TRUE(ValidWebhookId(std::string(255, 'a')));
  EXPECT_FALSE(ValidWebhookId("a\nb"));
  EXPECT_FALSE(ValidWebhookId("caf\xC3\xA9"));
}

}  // namespace
}  // namespace keel::webhooks
