// ParseContentType: a small cursor over the header's bytes (see content_type.h).
#include "http/content_type.h"

#include <string>

namespace keel::http {
namespace {

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ToLower(c);
  return out;
}

Status Malformed(std::string_view why) {
  return Status::Error(ErrorCode::kUnsupportedMedia, "malformed content type: " + std::string(why));
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  void SkipWhitespace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t')) ++pos_;
  }
  bool Consume(char c) {
    if (AtEnd() || Peek() != c) return false;
    ++pos_;
    return true;
  }
  std::string_view Token() {
    size_t start = pos_;
    while (!AtEnd() && IsTokenChar(Peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // A quoted-string after its opening quote; false if unterminated or holding a
  // character a quoted-string may not.
  bool QuotedRest(std::string& out) {
    while (!AtEnd()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (AtEnd()) return false;
        c = text_[pos_++];
      }
      if (c != '\t' && (c < 0x20 || c == 0x7F)) return false;
      out.push_back(c);
    }
    return false;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

StatusOr<ContentType> ParseContentType(std::string_view header) {
  if (header.size() > kMaxContentTypeBytes) return Malformed("header too long");
  for (char c : header) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u >= 0x7F) return Malformed("unexpected character");
  }
  Cursor in(header);
  in.SkipWhitespace();
  std::string_view type = in.Token();
  if (type.empty() || !in.Consume('/')) return Malformed("expected type/subtype");
  std::string_view subtype = in.Token();
  if (subtype.empty()) return Malformed("expected type/subtype");

  ContentType result;
  result.type = Lower(type);
  result.subtype = Lower(subtype);
  bool have_charset = false;
  bool have_boundary = false;
  size_t parameters = 0;
  for (;;) {
    in.SkipWhitespace();
    if (in.AtEnd()) break;
    if (!in.Consume(';')) return Malformed("expected ';' between parameters");
    in.SkipWhitespace();
    if (in.AtEnd()) break;           // a trailing ';' is harmless
    if (in.Peek() == ';') continue;  // and so is an empty parameter
    if (++parameters > kMaxContentTypeParameters) return Malformed("too many parameters");
    std::string name = Lower(in.Token());
    if (name.empty()) return Malformed("expected a parameter name");
    in.SkipWhitespace();
    if (!in.Consume('=')) return Malformed("parameter without a value");
    in.SkipWhitespace();
    std::string value;
    if (in.Consume('"')) {
      if (!in.QuotedRest(value)) return Malformed("unterminated quoted value");
    } else {
      value = std::string(in.Token());
    }
    if (value.empty()) return Malformed("empty parameter value");
    if (name == "charset") {
      if (have_charset) return Malformed("charset given twice");
      have_charset = true;
      result.charset = Lower(value);
    } else if (name == "boundary") {
      if (have_boundary) return Malformed("boundary given twice");
      have_boundary = true;
      result.boundary = std::move(value);
    }
  }
  return result;
}

}  // namespace keel::http
