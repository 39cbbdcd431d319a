// File name sanitising and Content-Disposition (see file_name.h).
#include "files/file_name.h"

#include <cstdint>

#include "base/utf8.h"

namespace keel::files {
namespace {

// Characters never kept: C0/C1 controls, DEL, and the Unicode formatting characters
// that can make a name display differently from what it is (bidi overrides and
// isolates, zero-width characters, the BOM).
bool Dropped(uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
  if (cp >= 0x200B && cp <= 0x200F) return true;
  if (cp >= 0x202A && cp <= 0x202E) return true;
  if (cp >= 0x2066 && cp <= 0x2069) return true;
  return cp == 0xFEFF;
}

}  // namespace

std::string SanitizeFileName(std::string_view name) {
  // The last path component, for either separator.
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  out.reserve(std::min(name.size(), kMaxFileNameBytes));
  for (size_t pos = 0; pos < name.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(name, pos, cp);
    if (len == 0) {  // not UTF-8: the byte is dropped
      ++pos;
      continue;
    }
    std::string_view ch = name.substr(pos, len);
    pos += len;
    if (Dropped(cp)) continue;
    if (out.empty() && (cp == '.' || cp == ' ')) continue;  // no hidden or "..", names
    if (out.size() + ch.size() > kMaxFileNameBytes) break;
    out.append(ch);
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  if (out.empty()) out = "file";
  return out;
}

std::string ExtensionOf(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

std::string ContentDisposition(std::string_view name, bool as_attachment) {
  std::string value = as_attachment ? "attachment" : "inline";
  std::string fallback;
  bool ascii = true;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80) ascii = false;
    if (u >= 0x80 && u < 0xC0) continue;  // one '_' per character, not per byte
    fallback.push_back(u < 0x20 || u >= 0x7F || c == '"' || c == '\\' || c == '%' ? '_' : c);
  }
  value += "; filename=\"" + fallback + "\"";
  if (!ascii || fallback != name) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    value += "; filename*=UTF-8''";
    for (char c : name) {
      unsigned char u = static_cast<unsigned char>(c);
      // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
      bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                   std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
      if (plain) {
        value.push_back(c);
      } else {
        value.push_back('%');
        value.push_back(kHex[u >> 4]);
        value.push_back(kHex[u & 0xF]);
      }
    }
  }
  return value;
}

}  // namespace keel::files
