// Response: a fully buffered HTTP response. The fcgi adapter sends it in one piece
// with a Content-Length, so a worker that dies half-way can never produce something
// that looks like a complete answer.
//
// Success bodies are written with JsonWriter (RapidJSON's Writer into a buffer that
// the worker reuses from request to request); the envelope {"success":true,"data":…}
// is produced here and nowhere else. Errors go through http/error_response.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/page_cursor.h"
#include "http/json_writer.h"

namespace keel::http {

struct Pagination {
  int64_t page = 1;
  int64_t limit = 20;
  int64_t total = 0;
};

class Response {
 public:
  int status() const { return status_; }
  void set_status(int status) { status_ = status; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  void AddHeader(std::string name, std::string value);
  // The value of the first header named `name` (case-sensitive as added), or "".
  std::string_view Header(std::string_view name) const;
  const std::string& content_type() const { return content_type_; }
  std::string_view body() const;

  // {"success":true,"data":<written by write_data>} with the given status.
  template <typename WriteData>
  void Json(int status, WriteData&& write_data) {
    BeginEnvelope(status);
    write_data(writer_);
    EndEnvelope(nullptr);
  }
  // A list: data is an array written by write_items, plus "pagination".
  template <typename WriteItems>
  void JsonList(const Pagination& pagination, WriteItems&& write_items) {
    BeginEnvelope(200);
    writer_.StartArray();
    write_items(writer_);
    writer_.EndArray();
    EndEnvelope(&pagination);
  }
  // A list's next cursor and skipped total (filled by db::RunList through the query),
  // written into the next JsonList's pagination.
  PageCursor& page_cursor() { return page_cursor_; }

  // A raw JSON document (no envelope), e.g. /health or an error. Headers already
  // added are kept.
  template <typename WriteDocument>
  void RawJson(int status, WriteDocument&& write_document) {
    ClearBody();
    status_ = status;
    content_type_ = "application/json";
    write_document(writer_);
  }
  void Text(int status, std::string content_type, std::string body);
  void NoContent();  // 204, empty body
  // 304 for a conditional GET: the body goes, the headers (ETag) stay.
  void NotModified();
  void Redirect(int status, std::string location);

  // Clears everything for the next request, keeping the buffer's capacity.
  void Reset();

 private:
  void ClearBody();
  void BeginEnvelope(int status);
  void EndEnvelope(const Pagination* pagination);

  int status_ = 200;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string content_type_;
  rapidjson::StringBuffer buffer_;
  JsonWriter writer_{buffer_};
  std::string text_body_;
  bool use_text_ = false;
  PageCursor page_cursor_;
};

// Writes a std::string / string_view as a JSON string.
inline void WriteString(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
inline void WriteKey(JsonWriter& w, std::string_view s) {
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace keel::http
