// JsonWriter: RapidJSON's Writer into a StringBuffer, with one shortcut on the hot path.
//
// RapidJSON writes a string byte by byte through its escape table. Most strings keel
// writes have nothing to escape: ids, timestamps, enum values, keys and most titles. This
// writer first looks for a byte that needs escaping ('"', '\\' or a control character,
// 16 bytes at a time with SSE2 where the CPU has it) and, finding none, copies the string
// into the buffer in one piece; any other string goes through RapidJSON's own escaping.
// The output is byte for byte what RapidJSON writes (bytes >= 0x80 are copied as they are
// in both paths: keel's strings come from PostgreSQL or from validated UTF-8 input).
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>
#include <string>
#include <string_view>

namespace keel::http {

// The length of the longest prefix of s with no byte that JSON must escape.
size_t PlainJsonPrefix(std::string_view s);

// A member name made once and written many times (JsonWriter::AppendKey): `,"name":`,
// padded to a fixed size so that it goes into the buffer as one fixed-size copy.
struct JsonKey {
  static constexpr size_t kBytes = 32;
  char bytes[kBytes] = {};
  size_t length = 0;      // of `,"name":`; 0 for a name too long to pad (kept in `name`)
  std::string_view name;  // must outlive the key
  explicit JsonKey(std::string_view member_name);
};

class JsonWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Writer::Writer;

  bool String(const char* s, rapidjson::SizeType length, bool copy = false) {
    (void)copy;
    if (PlainJsonPrefix(std::string_view(s, length)) != length) return Writer::String(s, length);
    Prefix(rapidjson::kStringType);
    char* out = os_->Push(length + 2);
    out[0] = '"';
    std::memcpy(out + 1, s, length);
    out[length + 1] = '"';
    return EndValue(true);
  }
  bool String(const char* s) { return String(s, static_cast<rapidjson::SizeType>(std::strlen(s))); }
  bool String(const std::string& s) {
    return String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  bool Key(const char* s, rapidjson::SizeType length, bool copy = false) {
    return String(s, length, copy);
  }
  bool Key(const char* s) { return String(s); }

  // A whole object written member by member straight into the buffer, for code that
  // writes many objects of one known shape (api/resource_json.h: a page of rows):
  // BeginObjectBytes(), then per member AppendKey() and one Append*() value, then
  // EndObjectBytes(). The writer places the object like any other value (the comma before
  // it in an array). Keys must need no escaping (they are declared names, not data).
  void BeginObjectBytes() {
    Prefix(rapidjson::kObjectType);
    first_member_ = true;
  }
  void AppendKey(std::string_view key) {
    char* out = os_->Push(key.size() + 4);
    out[0] = first_member_ ? '{' : ',';
    out[1] = '"';
    std::memcpy(out + 2, key.data(), key.size());
    out[key.size() + 2] = '"';
    out[key.size() + 3] = ':';
    first_member_ = false;
  }
  void AppendKey(const JsonKey& key) {
    if (key.length == 0) return AppendKey(key.name);
    char* out = os_->Push(JsonKey::kBytes);
    std::memcpy(out, key.bytes, JsonKey::kBytes);  // a fixed size: two 16-byte moves
    if (first_member_) out[0] = '{';
    os_->Pop(JsonKey::kBytes - key.length);
    first_member_ = false;
  }
  // A value already in JSON form: a number as PostgreSQL prints an integer, true, null.
  void AppendJson(std::string_view json) {
    std::memcpy(os_->Push(json.size()), json.data(), json.size());
  }
  // A string value, escaped where JSON needs it.
  void AppendString(std::string_view s);
  // A string value known to hold nothing JSON escapes (a UUID, a timestamp or date as
  // PostgreSQL formats them, a declared enum value): copied without looking.
  void AppendPlainString(std::string_view s) {
    char* out = os_->Push(s.size() + 2);
    out[0] = '"';
    std::memcpy(out + 1, s.data(), s.size());
    out[s.size() + 1] = '"';
  }
  // A number value (a non-finite one, which JSON cannot hold, as null).
  void AppendDouble(double d);
  void EndObjectBytes() {
    if (first_member_) os_->Put('{');
    os_->Put('}');
    EndValue(true);
  }

 private:
  bool first_member_ = true;
};

}  // namespace keel::http
