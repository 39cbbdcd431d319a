// ParseMultipartFormData: a single forward walk over delimiters and part headers
// (see multipart.h).
#include "http/multipart.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "http/content_type.h"
#include "http/percent_decode.h"

namespace keel::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHeaderEnd = "\r\n\r\n";

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status FileUpload() {
  return Status::Error(ErrorCode::kUnsupportedMedia, "file uploads are not supported");
}

// Reads `form-data; name="x"[; filename="y"]` into `out`. Parameter names are
// case-insensitive; unknown parameters are ignored.
Status ParseContentDisposition(std::string_view value, PartHeaders& out) {
  size_t pos = 0;
  const auto skip_ws = [&] {
    while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
  };
  const auto token = [&] {
    size_t start = pos;
    while (pos < value.size() && IsTokenChar(value[pos])) ++pos;
    return value.substr(start, pos - start);
  };
  skip_ws();
  if (!EqualsIgnoreCase(token(), "form-data")) {
    return Status::BadRequest("multipart part is not Content-Disposition: form-data");
  }
  std::optional<std::string> name;
  for (;;) {
    skip_ws();
    if (pos == value.size()) break;
    if (value[pos] != ';') return Status::BadRequest("malformed multipart Content-Disposition");
    ++pos;
    skip_ws();
    if (pos == value.size()) break;
    std::string_view param = token();
    skip_ws();
    if (param.empty() || pos == value.size() || value[pos] != '=') {
      return Status::BadRequest("malformed multipart Content-Disposition");
    }
    ++pos;
    skip_ws();
    std::string param_value;
    if (pos < value.size() && value[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < value.size()) {
        char c = value[pos++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && pos < value.size()) c = value[pos++];
        param_value.push_back(c);
      }
      if (!closed) return Status::BadRequest("unterminated quoted string in multipart part");
    } else {
      param_value = std::string(token());
    }
    if (EqualsIgnoreCase(param, "filename*")) {
      return Status::Error(ErrorCode::kUnsupportedMedia,
                           "multipart file names must not use filename*=");
    }
    if (EqualsIgnoreCase(param, "filename")) {
      if (out.filename) return Status::BadRequest("multipart part has two file names");
      out.filename = std::move(param_value);
      continue;
    }
    if (EqualsIgnoreCase(param, "name*")) {
      return Status::BadRequest("multipart part names must not use name*=");
    }
    if (EqualsIgnoreCase(param, "name")) {
      if (name) return Status::BadRequest("multipart part has two names");
      name = std::move(param_value);
    }
  }
  if (!name) return Status::BadRequest("multipart part without a name");
  out.name = std::move(*name);
  return Status::Ok();
}

}  // namespace

StatusOr<PartHeaders> ParsePartHeaders(std::string_view block, const FormLimits& limits) {
  PartHeaders out;
  bool disposition = false;
  while (!block.empty()) {
    size_t end = block.find(kCrlf);  // the block always ends with CRLF
    std::string_view line = block.substr(0, end);
    block.remove_prefix(end + kCrlf.size());
    for (char c : line) {
      unsigned char u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7F) {
        return Status::BadRequest("control character in multipart part headers");
      }
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return Status::BadRequest("folded header line in multipart part");
    }
    size_t colon = line.find(':');
    std::string_view header = line.substr(0, std::min(colon, line.size()));
    if (colon == std::string_view::npos || header.empty() ||
        !std::all_of(header.begin(), header.end(), IsTokenChar)) {
      return Status::BadRequest("malformed header line in multipart part");
    }
    std::string_view value = TrimWhitespace(line.substr(colon + 1));
    if (EqualsIgnoreCase(header, "content-disposition")) {
      if (disposition) {
        return Status::BadRequest("multipart part has two Content-Disposition headers");
      }
      disposition = true;
      KEEL_RETURN_IF_ERROR(ParseContentDisposition(value, out));
    } else if (EqualsIgnoreCase(header, "content-type")) {
      StatusOr<ContentType> type = ParseContentType(value);
      if (!type.ok()) return type.status();
      out.content_type = std::string(value);
      if (!type->charset.empty() && type->charset != "utf-8") {
        return Status::Error(ErrorCode::kUnsupportedMedia, "multipart part charset must be utf-8");
      }
    } else if (EqualsIgnoreCase(header, "content-transfer-encoding")) {
      if (!EqualsIgnoreCase(value, "7bit") && !EqualsIgnoreCase(value, "8bit") &&
          !EqualsIgnoreCase(value, "binary")) {
        return Status::Error(ErrorCode::kUnsupportedMedia,
                             "multipart Content-Transfer-Encoding is not supported");
      }
    }
  }
  if (!disposition) return Status::BadRequest("multipart part without Content-Disposition");
  KEEL_RETURN_IF_ERROR(CheckFieldName(out.name, limits.max_name_bytes));
  return out;
}

bool IsValidBoundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ') return false;
  for (char c : boundary) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

StatusOr<Fields> ParseMultipartFormData(std::string_view body, std::string_view boundary,
                                        const FormLimits& limits) {
  if (!IsValidBoundary(boundary)) return Status::BadRequest("invalid multipart boundary");
  const std::string delimiter = "\r\n--" + std::string(boundary);
  const std::string_view dash_boundary = std::string_view(delimiter).substr(kCrlf.size());

  // `pos` is always just past a "--boundary".
  size_t pos = 0;
  if (body.substr(0, dash_boundary.size()) == dash_boundary) {
    pos = dash_boundary.size();
  } else {
    size_t at = body.find(delimiter);
    if (at == std::string_view::npos) {
      return Status::BadRequest("multipart body has no opening boundary");
    }
    pos = at + delimiter.size();
  }

  Fields fields;
  fields.set_from_form(true);
  for (;;) {
    if (body.substr(pos, 2) == "--") return fields;  // close delimiter; epilogue ignored
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != kCrlf) {
      return Status::BadRequest("malformed multipart boundary line");
    }
    pos += kCrlf.size();

    if (fields.size() >= limits.max_fields) {
      return Status::BadRequest("too many multipart parts (at most " +
                                std::to_string(limits.max_fields) + ")");
    }
    // Search from the CRLF that ended the boundary line, so a part with no headers
    // (boundary line directly followed by the empty line) is found too.
    size_t search_from = pos - kCrlf.size();
    std::string_view window =
        body.substr(search_from, limits.max_part_header_bytes + kHeaderEnd.size());
    size_t found = window.find(kHeaderEnd);
    if (found == std::string_view::npos) {
      return Status::BadRequest(window.size() < limits.max_part_header_bytes + kHeaderEnd.size()
                                    ? "multipart part headers are not terminated"
                                    : "multipart part headers are too large");
    }
    size_t header_end = search_from + found;  // index of the CRLFCRLF
    std::string_view block = body.substr(pos, header_end + kCrlf.size() - pos);
    KEEL_ASSIGN_OR_RETURN(PartHeaders headers, ParsePartHeaders(block, limits));
    if (headers.filename) return FileUpload();
    std::string name = std::move(headers.name);

    size_t content_start = header_end + kHeaderEnd.size();
    size_t content_end = body.find(delimiter, content_start);
    if (content_end == std::string_view::npos) {
      return Status::BadRequest("multipart body is missing its final boundary");
    }
    std::string_view content = body.substr(content_start, content_end - content_start);
    KEEL_RETURN_IF_ERROR(CheckFieldValue(name, content, limits.max_value_bytes));
    if (fields.Has(name)) {
      std::string shown = SafeExcerpt(name);
      return Status::InvalidField(shown, "duplicate field \"" + shown + "\"");
    }
    FieldValue value;
    value.kind = FieldValue::Kind::kString;
    value.text = std::string(content);
    fields.Add(std::move(name), std::move(value));
    pos = content_end + delimiter.size();
  }
}

}  // namespace keel::http
