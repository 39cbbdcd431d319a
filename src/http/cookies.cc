// Cookie header parsing and Set-Cookie formatting (see cookies.h).
#include "http/cookies.h"

#include <string>

namespace keel::http {
namespace {

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// RFC 6265 §4.1.1 cookie-octet: visible ASCII except '"', ',', ';' and '\'.
bool IsCookieOctet(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
}

bool AllCookieOctets(std::string_view s) {
  for (char c : s) {
    if (!IsCookieOctet(c)) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Status Bug(std::string detail) {
  return Status::Internal().WithLogDetail("Set-Cookie refused: " + std::move(detail));
}

}  // namespace

const std::string* Cookies::Find(std::string_view name) const {
  for (const auto& [n, v] : cookies_) {
    if (n == name) return &v;
  }
  return nullptr;
}

StatusOr<Cookies> ParseCookieHeader(std::string_view header) {
  if (header.size() > kMaxCookieHeaderBytes) {
    return Status::BadRequest("Cookie header is larger than " +
                              std::to_string(kMaxCookieHeaderBytes) + " bytes");
  }
  Cookies cookies;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = Trim(header.substr(pos, end - pos));
    pos = end + 1;
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = Trim(pair.substr(0, eq));
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!IsToken(name) || !AllCookieOctets(value)) continue;
    if (cookies.Find(name) != nullptr) continue;  // the first, most specific, wins
    if (cookies.cookies_.size() >= kMaxCookies) {
      return Status::BadRequest("too many cookies (at most " + std::to_string(kMaxCookies) + ")");
    }
    cookies.cookies_.emplace_back(std::string(name), std::string(value));
  }
  return cookies;
}

Status CheckSetCookie(const SetCookie& c) {
  if (!IsToken(c.name)) return Bug("name is not a token");
  if (!AllCookieOctets(c.value)) return Bug("value has a character outside cookie-octets");
  if (c.name.size() + c.value.size() > 4096) return Bug("cookie larger than 4096 bytes");
  if (c.path.empty() || c.path.front() != '/') return Bug("path must start with '/'");
  for (char ch : c.path) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u >= 0x7F || ch == ';') return Bug("path has a forbidden character");
  }
  if (c.max_age && *c.max_age < 0) return Bug("negative Max-Age (use 0 to delete)");
  if (c.same_site == SameSite::kNone && !c.secure) return Bug("SameSite=None needs Secure");
  if (StartsWith(c.name, "__Secure-") && !c.secure) return Bug("__Secure- cookie needs Secure");
  if (StartsWith(c.name, "__Host-")) {
    if (!c.secure) return Bug("__Host- cookie needs Secure");
    if (c.path != "/") return Bug("__Host- cookie needs Path=/");
  }
  return Status::Ok();
}

StatusOr<std::string> FormatSetCookie(const SetCookie& c) {
  KEEL_RETURN_IF_ERROR(CheckSetCookie(c));
  std::string out = c.name + "=" + c.value + "; Path=" + c.path;
  if (c.max_age) out += "; Max-Age=" + std::to_string(*c.max_age);
  if (c.secure) out += "; Secure";
  if (c.http_only) out += "; HttpOnly";
  switch (c.same_site) {
    case SameSite::kStrict:
      out += "; SameSite=Strict";
      break;
    case SameSite::kLax:
      out += "; SameSite=Lax";
      break;
    case SameSite::kNone:
      out += "; SameSite=None";
      break;
  }
  return out;
}

}  // namespace keel::http
