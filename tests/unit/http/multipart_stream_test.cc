// Tests for MultipartStream: the same answers as ParseMultipartFormData for field-only
// bodies, whatever the size of the pieces the body arrives in, file parts handed out
// byte for byte, and truncated bodies refused.
#include "http/multipart_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keel::http {
namespace {

// Hands the body out `step` bytes at a time (1 finds every boundary-straddling bug).
class SteppedReader : public BodyReader {
 public:
  SteppedReader(std::string body, size_t step) : body_(std::move(body)), step_(step) {}
  size_t Read(char* buffer, size_t n) override {
    size_t k = std::min({n, step_, body_.size() - pos_});
    body_.copy(buffer, k, pos_);
    pos_ += k;
    return k;
  }
  bool complete() const override { return pos_ == body_.size(); }

 private:
  std::string body_;
  size_t step_;
  size_t pos_ = 0;
};

struct Part {
  std::string name;
  std::string filename;  // "-" for none
  std::string content;
};

// Every part with its content, or "error <message>".
std::string Walk(const std::string& body, size_t step, std::vector<Part>& parts) {
  SteppedReader reader(body, step);
  MultipartStream stream(reader, "XyZ");
  for (;;) {
    PartHeaders headers;
    StatusOr<bool> more = stream.NextPart(headers);
    if (!more.ok()) return "error " + more.status().message();
    if (!*more) return "ok";
    Part part{headers.name, headers.filename.value_or("-"), ""};
    char chunk[7];
    for (;;) {
      StatusOr<size_t> n = stream.ReadContent(chunk, sizeof chunk);
      if (!n.ok()) return "error " + n.status().message();
      if (*n == 0) break;
      part.content.append(chunk, *n);
    }
    parts.push_back(part);
  }
}

const std::string kEnd = "--XyZ--\r\n";

TEST(MultipartStreamTest, PartsArriveWholeWhateverTheStep) {
  std::string binary;
  for (int i = 0; i < 150000; ++i) binary.push_back(static_cast<char>(i * 7 % 256));
  binary += "\r\n--Xy\r\n-XyZ\n--XyZ\r\n--Xy";  // near-delimiters inside the content
  std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
      "notes\r\n--XyZ \t\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
      binary + "\r\n" + kEnd + "epilogue";
  for (size_t step : {size_t{1}, size_t{3}, size_t{4096}, size_t{1} << 20}) {
    std::vector<Part> parts;
    ASSERT_EQ(Walk(body, step, parts), "ok") << "step " << step;
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "name");
    EXPECT_EQ(parts[0].filename, "-");
    EXPECT_EQ(parts[0].content, "notes");
    EXPECT_EQ(parts[1].name, "file");
    EXPECT_EQ(parts[1].filename, "a.bin");
    EXPECT_TRUE(parts[1].content == binary) << "step " << step;
  }
}

TEST(MultipartStreamTest, Refusals) {
  const struct {
    const char* name;
    std::string body;
    std::string expected;
  } cases[] = {
      {"no final boundary",
       "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc",
       "error multipart body ended before its final boundary"},
      {"ends inside the headers", "--XyZ\r\nContent-Disposition: form-data; name=\"f\"",
       "error multipart part headers are not terminated"},
      {"no opening boundary", "just text", "error multipart body has no opening boundary"},
      {"empty body", "", "error multipart body has no opening boundary"},
      {"garbage after a delimiter",
       "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ!\r\n",
       "error malformed multipart boundary line"},
      {"no Content-Disposition", "--XyZ\r\nX-A: b\r\n\r\n1\r\n" + kEnd,
       "error multipart part without Content-Disposition"},
      {"no headers at all", "--XyZ\r\n\r\n1\r\n" + kEnd,
       "error multipart part without Content-Disposition"},
      {"headers too large",
       "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + std::string(5000, 'a') +
           "\r\n\r\n1\r\n" + kEnd,
       "error multipart part headers are too large"},
      {"only the final boundary", kEnd, "ok"},
  };
  for (const auto& c : cases) {
    for (size_t step : {size_t{1}, size_t{65536}}) {
      std::vector<Part> parts;
      EXPECT_EQ(Walk(c.body, step, parts), c.expected) << c.name << ", step " << step;
    }
  }
}

TEST(MultipartStreamTest, InvalidBoundary) {
  StringBodyReader reader("--a b \r\n");
  MultipartStream stream(reader, "a b ");
  PartHeaders headers;
  EXPECT_EQ(stream.NextPart(headers).status().code(), ErrorCode::kBadRequest);
}

TEST(MultipartStreamTest, SmallContentIsBounded) {
  const std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" +
                           std::string(2000, 'x') + "\r\n" + kEnd;
  StringBodyReader reader(body);
  MultipartStream stream(reader, "XyZ");
  PartHeaders headers;
  ASSERT_TRUE(*stream.NextPart(headers));
  EXPECT_EQ(stream.ReadSmallContent(1024).status().code(), ErrorCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace keel::http
