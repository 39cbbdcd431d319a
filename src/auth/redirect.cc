// Relative-redirect validation for the no-JavaScript form login.
#include "auth/redirect.h"

namespace keel::auth {

bool IsSafeRedirectPath(std::string_view target) {
  if (target.empty() || target.size() > kMaxRedirectBytes) return false;
  if (target[0] != '/') return false;
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return false;
  for (unsigned char c : target) {
    if (c <= 0x20 || c == 0x7f || c == '\\') return false;
  }
  return true;
}

std::string WithQueryParam(std::string_view target, std::string_view name, std::string_view value) {
  size_t hash = target.find('#');
  std::string_view base = target.substr(0, hash);
  std::string_view fragment = hash == std::string_view::npos ? "" : target.substr(hash);
  std::string out(base);
  out += base.find('?') == std::string_view::npos ? '?' : '&';
  out += name;
  out += '=';
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : value) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += fragment;
  return out;
}

}  // namespace keel::auth
