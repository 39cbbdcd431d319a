// BodyReader: a request body read in pieces instead of held in memory. The upload
// routes (Route::streams_body) get one in place of Request::body, so a worker's memory
// does not grow with the size of what is uploaded; nginx has buffered the body to its
// own disk first, so the reads run at local speed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace keel::http {

class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Reads up to `n` bytes into `buffer`; returns how many (0: the body has ended, or
  // the client sent fewer bytes than it announced — see complete()).
  virtual size_t Read(char* buffer, size_t n) = 0;
  // True once every announced byte has been read.
  virtual bool complete() const = 0;
};

// A body already in memory (CGI mode, tests).
class StringBodyReader : public BodyReader {
 public:
  explicit StringBodyReader(std::string_view body) : body_(body) {}
  size_t Read(char* buffer, size_t n) override {
    size_t k = std::min(n, body_.size());
    if (k > 0) std::memcpy(buffer, body_.data(), k);
    body_.remove_prefix(k);
    return k;
  }
  bool complete() const override { return body_.empty(); }

 private:
  std::string_view body_;
};

}  // namespace keel::http
