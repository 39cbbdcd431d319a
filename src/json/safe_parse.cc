// ParseJson: a checking SAX handler between RapidJSON's iterative reader and a Document.
#include "json/safe_parse.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/utf8.h"

namespace keel::json {
namespace {

constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                            rapidjson::kParseNumbersAsStringsFlag |
                            rapidjson::kParseStopWhenDoneFlag;

// A short, printable rendering of a key for an error message (shown to clients).
std::string Printable(const char* str, size_t len) {
  std::string out = "\"";
  for (size_t i = 0; i < len && i < 64; ++i) {
    unsigned char c = static_cast<unsigned char>(str[i]);
    out += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? static_cast<char>(c) : '?';
  }
  return out + "\"";
}

// Forwards SAX events to the Document while enforcing depth, key uniqueness, number
// range and NUL-free strings. Returning false stops the reader at once.
class CheckingHandler {
 public:
  explicit CheckingHandler(rapidjson::Document& doc) : doc_(doc) {}

  const std::string& problem() const { return problem_; }

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }

  bool RawNumber(const char* str, rapidjson::SizeType len, bool) {
    std::string_view text(str, len);
    bool is_integer = text.find_first_of(".eE") == std::string_view::npos;
    if (is_integer) {
      int64_t value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return Fail("integer out of range");
      }
      return doc_.Int64(value);
    }
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
      return Fail("number out of range");
    }
    return doc_.Double(value);
  }

  bool String(const char* str, rapidjson::SizeType len, bool copy) {
    if (std::memchr(str, '\0', len) != nullptr) return Fail("NUL character in string");
    // RapidJSON accepts a lone surrogate escape ("\uDDDD") even when validating, and
    // stores bytes that are not UTF-8; refuse them here.
    if (!IsValidUtf8(std::string_view(str, len))) return Fail("invalid UTF-8 in string");
    return doc_.String(str, len, copy);
  }

  bool StartObject() {
    if (!Enter()) return false;
    keys_.emplace_back();
    return doc_.StartObject();
  }
  bool Key(const char* str, rapidjson::SizeType len, bool copy) {
    if (std::memchr(str, '\0', len) != nullptr) return Fail("NUL character in key");
    if (!IsValidUtf8(std::string_view(str, len))) return Fail("invalid UTF-8 in key");
    if (!keys_.back().emplace(str, len).second) return Fail("duplicate key " + Printable(str, len));
    return doc_.Key(str, len, copy);
  }
  bool EndObject(rapidjson::SizeType count) {
    keys_.pop_back();
    --depth_;
    return doc_.EndObject(count);
  }
  bool StartArray() {
    if (!Enter()) return false;
    return doc_.StartArray();
  }
  bool EndArray(rapidjson::SizeType count) {
    --depth_;
    return doc_.EndArray(count);
  }

 private:
  bool Enter() {
    if (++depth_ > kMaxJsonDepth) return Fail("nesting deeper than 32 levels");
    return true;
  }
  bool Fail(std::string why) {
    problem_ = std::move(why);
    return false;
  }

  rapidjson::Document& doc_;
  int depth_ = 0;
  std::vector<std::unordered_set<std::string>> keys_;
  std::string problem_;
};

// Generator for Document::Populate, which finalises the document only on success.
struct Generator {
  std::string_view text;
  std::string problem;
  rapidjson::ParseResult result;
  size_t consumed = 0;

  bool operator()(rapidjson::Document& doc) {
    CheckingHandler handler(doc);
    rapidjson::MemoryStream stream(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
    rapidjson::Reader reader;
    result = reader.Parse<kFlags>(input, handler);
    consumed = input.Tell();
    problem = handler.problem();
    return !result.IsError();
  }
};

bool OnlyWhitespace(std::string_view rest) {
  for (char c : rest) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

Status ParseJson(std::string_view text, rapidjson::Document& doc) {
  Generator generator{text, {}, {}, 0};
  doc.Populate(generator);
  if (generator.result.IsError()) {
    std::string why = generator.problem.empty()
                          ? rapidjson::GetParseError_En(generator.result.Code())
                          : generator.problem;
    return Status::BadRequest("malformed JSON at offset " +
                              std::to_string(generator.result.Offset()) + ": " + why);
  }
  // kParseStopWhenDoneFlag stops after the root value; anything but whitespace after it
  // is an error (and, unlike RapidJSON's own check, cannot be skipped by a NUL byte).
  if (!OnlyWhitespace(text.substr(std::min(text.size(), generator.consumed)))) {
    return Status::BadRequest("malformed JSON: trailing data after the value");
  }
  return Status::Ok();
}

}  // namespace keel::json
