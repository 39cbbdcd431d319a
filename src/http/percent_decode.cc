// Percent-decoding, UTF-8 validation and the field text rules (see percent_decode.h).
#include "http/percent_decode.h"

#include "base/utf8.h"

#include <algorithm>
#include <cstdint>

namespace keel::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsC0OrDel(uint32_t cp) { return cp < 0x20 || cp == 0x7F; }
bool IsC1(uint32_t cp) { return cp >= 0x80 && cp <= 0x9F; }

// Characters that must never reach an error message even though they are valid text:
// controls, line/paragraph separators and bidirectional overrides.
bool IsUnsafeInMessage(uint32_t cp) {
  return IsC0OrDel(cp) || IsC1(cp) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

enum class TextRule { kName, kValue };

// Returns nullptr when `text` obeys the rule, else what is wrong with it.
const char* TextProblem(std::string_view text, TextRule rule) {
  size_t pos = 0;
  while (pos < text.size()) {
    uint32_t cp = 0;
    size_t length = keel::DecodeUtf8(text, pos, cp);
    if (length == 0) return "is not valid UTF-8";
    if (cp == 0) return "contains a NUL character";
    if (rule == TextRule::kName) {
      if (IsC0OrDel(cp) || IsC1(cp)) return "contains a control character";
    } else if (IsC0OrDel(cp) && cp != '\t' && cp != '\n' && cp != '\r') {
      return "contains a control character";
    }
    pos += length;
  }
  return nullptr;
}

}  // namespace

StatusOr<std::string> PercentDecode(std::string_view encoded, PlusMode plus) {
  std::string out;
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c == '%') {
      int high = i + 1 < encoded.size() ? HexValue(encoded[i + 1]) : -1;
      int low = i + 2 < encoded.size() ? HexValue(encoded[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Status::BadRequest("malformed percent-escape (expected %XX with two hex digits)");
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus == PlusMode::kSpace) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view text) { return keel::IsValidUtf8(text); }

Status CheckFieldName(std::string_view name, size_t max_bytes) {
  if (name.empty()) return Status::BadRequest("a field has an empty name");
  if (name.size() > max_bytes) {
    return Status::BadRequest("field name \"" + SafeExcerpt(name) + "\" is longer than " +
                              std::to_string(max_bytes) + " bytes");
  }
  if (const char* problem = TextProblem(name, TextRule::kName)) {
    return Status::BadRequest("field name \"" + SafeExcerpt(name) + "\" " + problem);
  }
  return Status::Ok();
}

Status CheckFieldValue(std::string_view name, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return Status::Error(ErrorCode::kPayloadTooLarge, "value of field \"" + SafeExcerpt(name) +
                                                          "\" is longer than " +
                                                          std::to_string(max_bytes) + " bytes");
  }
  if (const char* problem = TextProblem(value, TextRule::kValue)) {
    return Status::BadRequest("value of field \"" + SafeExcerpt(name) + "\" " + problem);
  }
  return Status::Ok();
}

StatusOr<std::string> DecodeFieldName(std::string_view encoded, PlusMode plus, size_t max_bytes) {
  StatusOr<std::string> name = PercentDecode(encoded, plus);
  if (!name.ok()) {
    return Status::BadRequest("field name \"" + SafeExcerpt(encoded) +
                              "\" has a malformed percent-escape");
  }
  KEEL_RETURN_IF_ERROR(CheckFieldName(*name, max_bytes));
  return name;
}

StatusOr<std::string> DecodeFieldValue(std::string_view name, std::string_view encoded,
                                       PlusMode plus, size_t max_bytes) {
  StatusOr<std::string> value = PercentDecode(encoded, plus);
  if (!value.ok()) {
    return Status::BadRequest("value of field \"" + SafeExcerpt(name) +
                              "\" has a malformed percent-escape");
  }
  KEEL_RETURN_IF_ERROR(CheckFieldValue(name, *value, max_bytes));
  return value;
}

std::string SafeExcerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 3);
  size_t pos = 0;
  while (pos < text.size()) {
    uint32_t cp = 0;
    size_t length = keel::DecodeUtf8(text, pos, cp);
    bool safe = length != 0 && !IsUnsafeInMessage(cp);
    size_t out_length = safe ? length : 1;
    if (out.size() + out_length > max_bytes) {
      out += "...";
      return out;
    }
    if (safe) {
      out.append(text.substr(pos, length));
    } else {
      out.push_back('?');
    }
    pos += length == 0 ? 1 : length;
  }
  return out;
}

}  // namespace keel::http
