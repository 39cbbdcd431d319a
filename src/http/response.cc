// Response buffering and the success envelope.
#include "http/response.h"

namespace keel::http {

void Response::AddHeader(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [n, v] : headers_) {
    if (n == name) return v;
  }
  return {};
}

std::string_view Response::body() const {
  if (use_text_) return text_body_;
  return std::string_view(buffer_.GetString(), buffer_.GetSize());
}

void Response::Reset() {
  status_ = 200;
  headers_.clear();
  content_type_.clear();
  buffer_.Clear();
  writer_.Reset(buffer_);
  text_body_.clear();
  use_text_ = false;
  page_cursor_ = PageCursor{};
}

void Response::ClearBody() {
  buffer_.Clear();
  writer_.Reset(buffer_);
  text_body_.clear();
  use_text_ = false;
}

void Response::BeginEnvelope(int status) {
  // Keep headers a handler added (Location, Set-Cookie) but drop any earlier body.
  ClearBody();
  status_ = status;
  content_type_ = "application/json";
  writer_.StartObject();
  writer_.Key("success");
  writer_.Bool(true);
  writer_.Key("data");
}

void Response::EndEnvelope(const Pagination* p) {
  if (p != nullptr) {
    writer_.Key("pagination");
    writer_.StartObject();
    writer_.Key("page");
    writer_.Int64(p->page);
    writer_.Key("limit");
    writer_.Int64(p->limit);
    if (!page_cursor_.total_skipped) {
      writer_.Key("total");
      writer_.Int64(p->total);
      writer_.Key("pages");
      writer_.Int64(p->limit > 0 ? (p->total + p->limit - 1) / p->limit : 0);
    }
    if (!page_cursor_.next.empty()) {
      writer_.Key("next");
      WriteString(writer_, page_cursor_.next);
    }
    writer_.EndObject();
  }
  writer_.EndObject();
}

void Response::Text(int status, std::string content_type, std::string body) {
  status_ = status;
  content_type_ = std::move(content_type);
  text_body_ = std::move(body);
  use_text_ = true;
}

void Response::NoContent() {
  status_ = 204;
  content_type_.clear();
  text_body_.clear();
  use_text_ = true;
}

void Response::NotModified() {
  status_ = 304;
  content_type_.clear();
  text_body_.clear();
  use_text_ = true;
}

void Response::Redirect(int status, std::string location) {
  status_ = status;
  AddHeader("Location", std::move(location));
  content_type_.clear();
  text_body_.clear();
  use_text_ = true;
}

}  // namespace keel::http
