// MultipartStream: delimiter search over a sliding buffer (see multipart_stream.h).
#include "http/multipart_stream.h"

#include <algorithm>
#include <cstring>

namespace keel::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHeaderEnd = "\r\n\r\n";
constexpr size_t kMaxTransportPadding = 256;

Status Truncated() { return Status::BadRequest("multipart body ended before its final boundary"); }

}  // namespace

MultipartStream::MultipartStream(BodyReader& reader, std::string_view boundary,
                                 const FormLimits& limits)
    : reader_(reader),
      limits_(limits),
      delimiter_("\r\n--" + std::string(boundary)),
      boundary_ok_(IsValidBoundary(boundary)) {
  // The body's first "--boundary" has no CRLF before it: one is supplied, so the
  // opening delimiter is found like every other.
  buffer_.reserve(2 * kBufferBytes + limits.max_part_header_bytes);
  buffer_ = kCrlf;
}

bool MultipartStream::Fill() {
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buffer_.size();
  buffer_.resize(old + kBufferBytes);
  size_t n = reader_.Read(buffer_.data() + old, kBufferBytes);
  buffer_.resize(old + n);
  return n > 0;
}

Status MultipartStream::ReadDelimiterLineEnd() {
  auto have = [&](size_t k) {
    while (buffer_.size() - pos_ < k) {
      if (!Fill()) return false;
    }
    return true;
  };
  if (!have(2)) return Truncated();
  if (buffer_.compare(pos_, 2, "--") == 0) {
    pos_ += 2;
    state_ = State::kDone;  // the epilogue, if any, is ignored
    return Status::Ok();
  }
  for (size_t spaces = 0;; ++spaces) {
    if (!have(1)) return Truncated();
    if (buffer_[pos_] != ' ' && buffer_[pos_] != '\t') break;
    if (spaces >= kMaxTransportPadding)
      return Status::BadRequest("malformed multipart boundary line");
    ++pos_;
  }
  if (!have(2)) return Truncated();
  if (buffer_.compare(pos_, 2, kCrlf) != 0) {
    return Status::BadRequest("malformed multipart boundary line");
  }
  pos_ += 2;
  state_ = State::kHeaders;
  return Status::Ok();
}

StatusOr<size_t> MultipartStream::ReadContent(char* out, size_t n) {
  if (state_ != State::kStart && state_ != State::kContent) return size_t{0};
  if (!boundary_ok_) return Status::BadRequest("invalid multipart boundary");
  for (;;) {
    size_t at = buffer_.find(delimiter_, pos_);
    if (at == pos_) {
      pos_ += delimiter_.size();
      KEEL_RETURN_IF_ERROR(ReadDelimiterLineEnd());
      return size_t{0};
    }
    // Bytes that cannot be the start of a delimiter may be handed out.
    size_t safe = at != std::string::npos ? at - pos_
                  : buffer_.size() - pos_ >= delimiter_.size()
                      ? buffer_.size() - pos_ - (delimiter_.size() - 1)
                      : 0;
    if (safe > 0) {
      size_t k = std::min(n, safe);
      std::memcpy(out, buffer_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    if (!Fill())
      return state_ == State::kStart ? Status::BadRequest("multipart body has no opening boundary")
                                     : Truncated();
  }
}

StatusOr<bool> MultipartStream::NextPart(PartHeaders& headers) {
  if (!boundary_ok_) return Status::BadRequest("invalid multipart boundary");
  char sink[4096];
  while (state_ == State::kStart || state_ == State::kContent) {
    KEEL_ASSIGN_OR_RETURN(size_t skipped, ReadContent(sink, sizeof sink));
    (void)skipped;
  }
  if (state_ == State::kDone) return false;
  if (parts_ >= limits_.max_fields) {
    return Status::BadRequest("too many multipart parts (at most " +
                              std::to_string(limits_.max_fields) + ")");
  }
  ++parts_;
  std::string block;
  for (;;) {
    if (buffer_.size() - pos_ >= 2 && buffer_.compare(pos_, 2, kCrlf) == 0) {
      pos_ += 2;  // no header lines at all
      break;
    }
    size_t found = buffer_.find(kHeaderEnd, pos_);
    if (found != std::string::npos && found - pos_ <= limits_.max_part_header_bytes) {
      block = buffer_.substr(pos_, found + kCrlf.size() - pos_);
      pos_ = found + kHeaderEnd.size();
      break;
    }
    if (buffer_.size() - pos_ > limits_.max_part_header_bytes + kHeaderEnd.size()) {
      return Status::BadRequest("multipart part headers are too large");
    }
    if (!Fill()) return Status::BadRequest("multipart part headers are not terminated");
  }
  KEEL_ASSIGN_OR_RETURN(headers, ParsePartHeaders(block, limits_));
  state_ = State::kContent;
  return true;
}

StatusOr<std::string> MultipartStream::ReadSmallContent(size_t max_bytes) {
  std::string text;
  char chunk[4096];
  for (;;) {
    KEEL_ASSIGN_OR_RETURN(size_t k, ReadContent(chunk, sizeof chunk));
    if (k == 0) return text;
    if (text.size() + k > max_bytes) {
      return Status::Error(ErrorCode::kPayloadTooLarge,
                           "multipart field over " + std::to_string(max_bytes) + " bytes");
    }
    text.append(chunk, k);
  }
}

}  // namespace keel::http
