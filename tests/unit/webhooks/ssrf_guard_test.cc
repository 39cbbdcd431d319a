// The SSRF guard of outbound webhooks: which addresses may be connected to (always
// refused: link-local, cloud metadata, unspecified, multicast; refused unless private
// addresses are allowed: loopback, RFC 1918, CGNAT, unique local, also when written as
// IPv4-mapped IPv6), and which URLs are acceptable at all.
#include "webhooks/ssrf_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace keel::webhooks {
namespace {

bool Allowed(const char* text, bool allow_private) {
  sockaddr_storage storage{};
  if (inet_pton(AF_INET, text, &reinterpret_cast<sockaddr_in*>(&storage)->sin_addr) == 1) {
    storage.ss_family = AF_INET;
  } else if (inet_pton(AF_INET6, text, &reinterpret_cast<sockaddr_in6*>(&storage)->sin6_addr) ==
             1) {
    storage.ss_family = AF_INET6;
  } else {
    ADD_FAILURE() << "not an address: " << text;
    return false;
  }
  return AddressAllowed(reinterpret_cast<const sockaddr*>(&storage), allow_private);
}

TEST(SsrfGuard, PublicAddressesAreAllowed) {
  for (const char* a : {"93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946"}) {
    EXPECT_TRUE(Allowed(a, false)) << a;
  }
}

TEST(SsrfGuard, LoopbackAndPrivateNeedTheSetting) {
  for (const char* a :
       {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "100.64.0.1", "::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3"}) {
    EXPECT_FALSE(Allowed(a, false)) << a;
    EXPECT_TRUE(Allowed(a, true)) << a;
  }
  EXPECT_TRUE(Allowed("172.32.0.1", false)) << "just outside 172.16.0.0/12";
}

TEST(SsrfGuard, LinkLocalAndMetadataAreRefusedAlways) {
  for (const char* a :
       {"169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", "fd00:ec2::254",
        "::ffff:169.254.169.254", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255"}) {
    EXPECT_FALSE(Allowed(a, true)) << a;
    EXPECT_FALSE(Allowed(a, false)) << a;
  }
}

TEST(SsrfGuard, UrlsMustBeHttpWithAHostAndNoCredentials) {
  EXPECT_TRUE(ParseWebhookUrl("https://hooks.example.com/x?y=1").ok());
  EXPECT_TRUE(ParseWebhookUrl("http://127.0.0.1:8080/").ok());
  for (const char* bad : {"", "ftp://example.com/", "file:///etc/passwd", "gopher://x/",
                          "https://user:pw@example.com/", "https://example.com/a b",
                          "example.com/hook", "https://example.com/#frag", "http://"}) {
    auto parsed = ParseWebhookUrl(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), ErrorCode::kValidation) << bad;
    }
  }
}

TEST(SsrfGuard, CheckResolvesAndJudgesEveryAddress) {
  EXPECT_FALSE(CheckWebhookUrl("http://127.0.0.1/x", false).ok());
  EXPECT_TRUE(CheckWebhookUrl("http://127.0.0.1/x", true).ok());
  EXPECT_FALSE(CheckWebhookUrl("http://[::1]:9/x", false).ok());
  EXPECT_FALSE(CheckWebhookUrl("http://169.254.169.254/latest", true).ok());
  EXPECT_FALSE(CheckWebhookUrl("http://localhost/x", false).ok());
  EXPECT_FALSE(CheckWebhookUrl("http://no-such-host.invalid/x", true).ok());
}

}  // namespace
}  // namespace keel::webhooks
