// Cookies: reading the Cookie request header and writing Set-Cookie headers (RFC 6265).
//
// Reading is tolerant, because the cookie jar is shared with whatever else runs on the
// site: a malformed pair set by some other script is skipped, not a reason to refuse
// every request. Values are taken as sent (surrounding double quotes removed), never
// decoded. When a name occurs twice the first one wins: browsers send the cookie with
// the longest matching Path first, then the oldest, so the first is the most specific.
//
// Writing is strict, because a Set-Cookie line is built from keel's own values: a name
// or value holding a character outside RFC 6265's grammar (';', ',', space, quotes,
// controls...) is refused, so a value can never inject an attribute, and the
// __Host- and __Secure- prefix rules browsers enforce are checked before sending.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace keel::http {

inline constexpr size_t kMaxCookieHeaderBytes = 8192;
inline constexpr size_t kMaxCookies = 64;

// The cookies of one request, in the order sent, names unique (first kept).
class Cookies {
 public:
  // The value of cookie `name` (case-sensitive), or nullptr.
  const std::string* Find(std::string_view name) const;
  size_t size() const { return cookies_.size(); }
  const std::vector<std::pair<std::string, std::string>>& all() const { return cookies_; }

 private:
  friend StatusOr<Cookies> ParseCookieHeader(std::string_view header);
  std::vector<std::pair<std::string, std::string>> cookies_;
};

// Parses a Cookie header value: `name=value` pairs separated by ';' and optional
// whitespace. A pair whose name is not an RFC 7230 token, that has no '=', or whose
// value (quotes removed) holds a character outside RFC 6265 cookie-octets is skipped.
// An empty header gives no cookies. Refused with 400 (kBadRequest): a header over
// kMaxCookieHeaderBytes, more than kMaxCookies well-formed cookies.
StatusOr<Cookies> ParseCookieHeader(std::string_view header);

enum class SameSite { kStrict, kLax, kNone };

// A cookie to set. There is deliberately no Domain: keel's cookies are host-only, which
// is what the __Host- prefix demands and keeps them from leaking to sibling subdomains.
struct SetCookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::optional<int64_t> max_age;  // absent: session cookie; 0: delete now
  bool http_only = true;
  bool secure = true;
  SameSite same_site = SameSite::kLax;
};

// Checks a cookie before it is sent. Refused (kInternal, the reason in log_detail(),
// since a bad cookie is a bug in keel, not the client's fault): a name that is not a
// non-empty token; a value with a character outside cookie-octets; name and value
// together over 4096 bytes; a path not starting with '/' or holding ';' or a control
// character; a negative max_age; SameSite=None without Secure; a `__Secure-` name
// without Secure; a `__Host-` name without Secure or with a Path other than "/".
Status CheckSetCookie(const SetCookie& cookie);

// The Set-Cookie header value for `cookie` after CheckSetCookie, attributes in this
// order: `name=value; Path=/; Max-Age=N; Secure; HttpOnly; SameSite=Lax` (Max-Age only
// when set, Secure and HttpOnly only when true).
StatusOr<std::string> FormatSetCookie(const SetCookie& cookie);

}  // namespace keel::http
