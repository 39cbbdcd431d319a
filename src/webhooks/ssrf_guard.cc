// SSRF guard (see ssrf_guard.h).
#include "webhooks/ssrf_guard.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>
#include <memory>

namespace keel::webhooks {
namespace {

// Judges an IPv4 address (host byte order).
bool V4Allowed(uint32_t a, bool allow_private) {
  auto in = [&](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == (net & mask);
  };
  if (in(0xA9FE0000, 16)) return false;  // 169.254.0.0/16 link-local, cloud metadata
  if (in(0x00000000, 8)) return false;   // 0.0.0.0/8 "this network"
  if (in(0xE0000000, 4)) return false;   // multicast
  if (in(0xF0000000, 4)) return false;   // reserved, broadcast
  bool internal = in(0x7F000000, 8) ||   // loopback
                  in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||
                  in(0x64400000, 10) ||  // CGNAT
                  in(0xC6120000, 15);    // 198.18.0.0/15 benchmarking
  return allow_private || !internal;
}

}  // namespace

bool AddressAllowed(const sockaddr* address, bool allow_private) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return V4Allowed(ntohl(v4->sin_addr.s_addr), allow_private);
  }
  if (address->sa_family != AF_INET6) return false;
  const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
  const uint8_t* b = v6->sin6_addr.s6_addr;
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0) {
    uint32_t a = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return V4Allowed(a, allow_private);
  }
  static const uint8_t kMetadata[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0,    0,
                                        0,    0,    0,    0,    0, 0, 0x02, 0x54};
  if (std::memcmp(b, kMetadata, 16) == 0) return false;     // fd00:ec2::254
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (b[0] == 0xff) return false;                           // multicast
  bool all_zero = true;
  for (int i = 0; i < 15; ++i) all_zero = all_zero && b[i] == 0;
  if (all_zero && b[15] == 0) return false;                 // ::
  bool internal = (all_zero && b[15] == 1) ||               // ::1
                  (b[0] & 0xfe) == 0xfc ||                  // fc00::/7 unique local
                  (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0);  // fec0::/10 site-local
  return allow_private || !internal;
}

StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  auto invalid = [](const char* why) { return Status::InvalidField("url", why); };
  if (url.empty() || url.size() > 2048) return invalid("url must be 1-2048 characters");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return invalid("url must not contain spaces or control characters");
    }
  }
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), curl_url_cleanup);
  if (!h) return Status::Internal("out of memory");
  std::string text(url);
  if (curl_url_set(h.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return invalid("url must be an absolute http:// or https:// URL");
  }
  auto part = [&](CURLUPart which) -> std::string {
    char* value = nullptr;
    if (curl_url_get(h.get(), which, &value, 0) != CURLUE_OK || value == nullptr) return "";
    std::string out(value);
    curl_free(value);
    return out;
  };
  WebhookUrl parsed{.scheme = part(CURLUPART_SCHEME), .host = part(CURLUPART_HOST)};
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    return invalid("url must be an absolute http:// or https:// URL");
  }
  if (parsed.host.empty()) return invalid("url must name a host");
  if (!part(CURLUPART_USER).empty() || !part(CURLUPART_PASSWORD).empty()) {
    return invalid("url must not contain credentials");
  }
  if (text.find('#') != std::string::npos) return invalid("url must not contain a fragment");
  return parsed;
}

Status CheckWebhookUrl(std::string_view url, bool allow_private) {
  KEEL_ASSIGN_OR_RETURN(WebhookUrl parsed, ParseWebhookUrl(url));
  std::string host = parsed.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return Status::InvalidField("url", "url's host does not resolve");
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (!AddressAllowed(a->ai_addr, allow_private)) {
      return Status::InvalidField(
          "url", "url resolves to a loopback, private, link-local or metadata address");
    }
  }
  return Status::Ok();
}

}  // namespace keel::webhooks
