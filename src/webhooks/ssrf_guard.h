// SSRF guard for outbound webhooks: which URLs and addresses keel may POST to.
//
// A subscription's URL must be http(s)://host[:port]/path with no credentials, and every
// address its host resolves to must be public. Loopback, private (RFC 1918, CGNAT,
// fc00::/7), unspecified and multicast addresses are refused unless
// KEEL_WEBHOOK_ALLOW_PRIVATE=1 (tests, intranets); link-local and cloud metadata
// (169.254.0.0/16, fe80::/10, fd00:ec2::254) are refused always. IPv4-mapped IPv6
// addresses are judged by their IPv4 address. The sender checks each address again
// when it connects (outbound_sender.cc), so a DNS answer changed after the check
// cannot point a delivery inside.
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::webhooks {

// True if keel may connect to `address`.
bool AddressAllowed(const sockaddr* address, bool allow_private);

// The parsed parts of an acceptable URL, or VALIDATION_ERROR on field `url`.
struct WebhookUrl {
  std::string scheme;  // http or https
  std::string host;
};
StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url);

// ParseWebhookUrl, then resolves the host: VALIDATION_ERROR on `url` if it does not
// resolve or any address is refused.
Status CheckWebhookUrl(std::string_view url, bool allow_private);

}  // namespace keel::webhooks
