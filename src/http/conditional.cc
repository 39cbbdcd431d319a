// Entity tags and If-None-Match / If-Match list matching.
#include "http/conditional.h"

#include <functional>

#define XXH_INLINE_ALL  // header-only: nothing to link
#include <xxhash.h>

namespace keel::http {
namespace {

// Calls `visit(tag)` for each entity tag of a comma list, the W/ prefix removed; stops
// and returns true as soon as `visit` does. "*" is reported as "*".
template <typename Visit>
bool AnyTag(std::string_view header, Visit&& visit) {
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t' || header[i] == ',')) ++i;
    if (i >= header.size()) break;
    if (header[i] == '*') {
      if (visit(std::string_view("*"))) return true;
      ++i;
      continue;
    }
    if (header.substr(i, 2) == "W/") i += 2;
    if (i >= header.size() || header[i] != '"') return false;  // malformed: no match
    size_t close = header.find('"', i + 1);
    if (close == std::string_view::npos) return false;
    if (visit(header.substr(i, close - i + 1))) return true;
    i = close + 1;
  }
  return false;
}

}  // namespace

std::string EntityTag(std::string_view body) {
  static constexpr char kHex[] = "0123456789abcdef";
  // XXH3: a 20-task page is 5.5 KB, which std::hash took ~11,000 instructions to read.
  uint64_t h = XXH3_64bits(body.data(), body.size());
  std::string tag(18, '"');
  for (int i = 16; i >= 1; --i) {
    tag[static_cast<size_t>(i)] = kHex[h & 0xf];
    h >>= 4;
  }
  return tag;
}

bool TagListNames(std::string_view header, std::string_view etag) {
  return AnyTag(header, [&](std::string_view tag) { return tag == "*" || tag == etag; });
}

}  // namespace keel::http
