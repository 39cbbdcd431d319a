// fuzz-sources: src/http/multipart_stream.cc src/http/multipart.cc src/http/content_type.cc
// fuzz-sources: src/http/percent_decode.cc src/files/file_name.cc
// fuzz-sources: src/base/status.cc src/base/utf8.cc
//
// libFuzzer harness for the upload path's parsers: MultipartStream (the body read in
// pieces) and SanitizeFileName / ContentDisposition (every file part's name). The
// input's first byte chooses the piece size, its first line (after that byte) is the
// boundary, the rest the body. Checks: no crash or hang; a safe message on failure;
// where the whole-body parser accepts the body (fields only), the stream yields exactly
// its fields; a sanitised name is non-empty, bounded, UTF-8, free of separators and
// control characters; a Content-Disposition value is one line of ASCII.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "files/file_name.h"
#include "fuzz/fuzz_checks.h"
#include "http/multipart.h"
#include "http/multipart_stream.h"

namespace {

class SteppedReader : public keel::http::BodyReader {
 public:
  SteppedReader(std::string_view body, size_t step) : body_(body), step_(step) {}
  size_t Read(char* buffer, size_t n) override {
    size_t k = std::min({n, step_, body_.size()});
    std::copy_n(body_.data(), k, buffer);
    body_.remove_prefix(k);
    return k;
  }
  bool complete() const override { return body_.empty(); }

 private:
  std::string_view body_;
  size_t step_;
};

void CheckName(std::string_view raw) {
  std::string name = keel::files::SanitizeFileName(raw);
  FUZZ_CHECK(!name.empty());
  FUZZ_CHECK(name.size() <= keel::files::kMaxFileNameBytes);
  FUZZ_CHECK(keel::IsValidUtf8(name));
  FUZZ_CHECK(name.find_first_of("/\\") == std::string::npos);
  FUZZ_CHECK(name.front() != '.');
  for (char c : name) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
  FUZZ_CHECK(keel::files::SanitizeFileName(name) == name);  // idempotent
  for (bool attachment : {false, true}) {
    std::string value = keel::files::ContentDisposition(name, attachment);
    for (char c : value) {
      FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t step = data[0] % 16 == 0 ? 65536 : data[0] % 16;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::string_view boundary = input.substr(0, newline);
  std::string_view body = input.substr(newline + 1);

  SteppedReader reader(body, step);
  keel::http::MultipartStream stream(reader, boundary);
  std::vector<std::pair<std::string, std::string>> parts;
  bool ok = true;
  bool any_file = false;
  for (;;) {
    keel::http::PartHeaders headers;
    keel::StatusOr<bool> more = stream.NextPart(headers);
    if (!more.ok()) {
      keel::fuzz::CheckErrorIsSafe(more.status());
      ok = false;
      break;
    }
    if (!*more) break;
    if (headers.filename) {
      any_file = true;
      CheckName(*headers.filename);
    }
    std::string content;
    char chunk[64];
    for (;;) {
      keel::StatusOr<size_t> n = stream.ReadContent(chunk, sizeof chunk);
      if (!n.ok()) {
        keel::fuzz::CheckErrorIsSafe(n.status());
        ok = false;
        break;
      }
      if (*n == 0) break;
      content.append(chunk, *n);
    }
    if (!ok) break;
    parts.emplace_back(headers.name, std::move(content));
  }
  CheckName(body.substr(0, 600));

  keel::StatusOr<keel::http::Fields> whole = keel::http::ParseMultipartFormData(body, boundary);
  if (whole.ok() && !any_file) {
    FUZZ_CHECK(ok);
    FUZZ_CHECK(parts.size() == whole->size());
    size_t i = 0;
    for (const keel::http::Field& f : whole->all()) {
      FUZZ_CHECK(parts[i].first == f.name);
      FUZZ_CHECK(parts[i].second == f.value.text);
      ++i;
    }
  }
  return 0;
}
