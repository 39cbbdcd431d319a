// MultipartStream: a multipart/form-data body (RFC 7578) read part by part from a
// BodyReader, with each part's content handed out in pieces, so a file part of any size
// passes through a fixed buffer (kBufferBytes) on its way to storage.
//
// The shape accepted and the header rules are those of http/multipart.h (the same
// ParsePartHeaders checks every part's headers), except that a part may carry a
// filename: the caller decides what a file part means. Every read is bounded: a part's
// header block by limits.max_part_header_bytes, the number of parts by
// limits.max_fields; the content of a part is bounded by the caller, which sees it go by.
//
// Refused with 400 (kBadRequest): an invalid boundary, a body that ends before its
// final "--boundary--" (a truncated upload), a malformed delimiter line or part headers.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "http/body_reader.h"
#include "http/form_urlencoded.h"
#include "http/multipart.h"

namespace keel::http {

class MultipartStream {
 public:
  static constexpr size_t kBufferBytes = 64 * 1024;

  // `reader` must outlive the stream; `boundary` is ContentType::boundary.
  MultipartStream(BodyReader& reader, std::string_view boundary, const FormLimits& limits = {});

  // Moves to the next part, skipping what is left of the current one. Returns true and
  // fills `headers` for a part, false after the final boundary, or the error.
  StatusOr<bool> NextPart(PartHeaders& headers);

  // Reads up to `n` bytes of the current part's content; 0 once the part has ended.
  StatusOr<size_t> ReadContent(char* buffer, size_t n);

  // The current part's whole content as text, refused (413) past `max_bytes`.
  StatusOr<std::string> ReadSmallContent(size_t max_bytes);

 private:
  enum class State { kStart, kContent, kAfterDelimiter, kHeaders, kDone };

  // Appends more of the body to buffer_; false when the body has ended.
  bool Fill();
  // After a delimiter: "--" (the end) or optional whitespace and CRLF (a part follows).
  Status ReadDelimiterLineEnd();

  BodyReader& reader_;
  const FormLimits limits_;
  const std::string delimiter_;  // "\r\n--" boundary
  const bool boundary_ok_;
  std::string buffer_;
  size_t pos_ = 0;  // next unread byte of buffer_
  State state_ = State::kStart;
  size_t parts_ = 0;
};

}  // namespace keel::http
