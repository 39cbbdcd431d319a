// Encoding and decoding of list cursors.
#include "db/list_cursor.h"

#include <charconv>

#include "crypto/encoding.h"

namespace keel::db {
namespace {

constexpr size_t kMaxCursorBytes = 4096;

void AppendPart(std::string& out, const std::optional<std::string>& part) {
  if (!part) {
    out += '~';
    return;
  }
  out += std::to_string(part->size());
  out += ':';
  out += *part;
}

// Reads one part at `pos`; false if malformed.
bool ReadPart(std::string_view in, size_t& pos, std::optional<std::string>& part) {
  if (pos >= in.size()) return false;
  if (in[pos] == '~') {
    ++pos;
    part.reset();
    return true;
  }
  size_t colon = in.find(':', pos);
  if (colon == std::string_view::npos || colon == pos || colon - pos > 5) return false;
  size_t length = 0;
  auto [ptr, ec] = std::from_chars(in.data() + pos, in.data() + colon, length);
  if (ec != std::errc() || ptr != in.data() + colon) return false;
  if (length > in.size() - colon - 1) return false;
  part = std::string(in.substr(colon + 1, length));
  pos = colon + 1 + length;
  return true;
}

}  // namespace

std::string SortSignature(const ListQuery& query) {
  std::string out;
  for (const SortKey& k : query.sort) {
    if (!out.empty()) out += ',';
    if (k.descending) out += '-';
    out += k.field->name;
  }
  return out;
}

std::string EncodeCursor(std::string_view signature, const CursorValues& values) {
  std::string raw;
  AppendPart(raw, std::string(signature));
  for (const auto& v : values) AppendPart(raw, v);
  return crypto::Base64UrlEncode(raw);
}

std::optional<CursorValues> DecodeCursor(std::string_view cursor, std::string_view signature,
                                         size_t count) {
  if (cursor.size() > kMaxCursorBytes) return std::nullopt;
  std::optional<std::string> raw = crypto::Base64UrlDecode(cursor);
  if (!raw) return std::nullopt;
  size_t pos = 0;
  std::optional<std::string> sig;
  if (!ReadPart(*raw, pos, sig) || !sig || *sig != signature) return std::nullopt;
  CursorValues values(count);
  for (auto& v : values) {
    if (!ReadPart(*raw, pos, v)) return std::nullopt;
  }
  if (pos != raw->size() || !values.back()) return std::nullopt;  // the id is never NULL
  return values;
}

}  // namespace keel::db
