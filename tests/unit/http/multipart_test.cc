// Tests for ParseMultipartFormData (RFC 7578) and IsValidBoundary.
#include "http/multipart.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/http/fields_test_util.h"

namespace keel::http {
namespace {

using test_util::IsSafeMessage;
using test_util::Outcome;

constexpr char kB[] = "XyZ";

// One part as a browser or curl writes it.
std::string Part(const std::string& name, const std::string& value,
                 const std::string& extra_headers = "") {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n" + extra_headers +
         "\r\n" + value + "\r\n";
}
const std::string kEnd = "--XyZ--\r\n";

struct Case {
  const char* name;
  std::string body;
  std::string expected;  // Describe() of the fields, or "error <status>"
};

std::string ManyParts(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += Part("p" + std::to_string(i), "1");
  return out + kEnd;
}

TEST(MultipartTest, Table) {
  const Case cases[] = {
      {"two fields", Part("a", "1") + Part("b", "2") + kEnd, "a=str:1|b=str:2"},
      {"no parts", kEnd, ""},
      {"empty value", Part("a", "") + kEnd, "a=str:"},
      {"multiline value", Part("d", "line1\r\nline2") + kEnd, "d=str:line1\\x0D\\x0Aline2"},
      {"value looks like a boundary prefix", Part("d", "--XY") + kEnd, "d=str:--XY"},
      {"value holds dashes", Part("d", "--\r\n--") + kEnd, "d=str:--\\x0D\\x0A--"},
      {"utf8 value", Part("n", "caf\xC3\xA9") + kEnd, "n=str:caf\xC3\xA9"},
      {"value not percent-decoded", Part("q", "a%20b+c") + kEnd, "q=str:a%20b+c"},
      {"preamble ignored", "This is a preamble\r\n" + Part("a", "1") + kEnd, "a=str:1"},
      {"epilogue ignored", Part("a", "1") + "--XyZ--\r\nepilogue --XyZ junk", "a=str:1"},
      {"close without CRLF", Part("a", "1") + "--XyZ--", "a=str:1"},
      {"padding after boundary",
       "--XyZ  \r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n" + kEnd, "a=str:1"},
      {"token name", "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n" + kEnd,
       "a=str:1"},
      {"case-insensitive header",
       "--XyZ\r\ncontent-disposition: FORM-DATA; NAME=\"a\"\r\n\r\n1\r\n" + kEnd, "a=str:1"},
      {"spaces around params",
       "--XyZ\r\nContent-Disposition:form-data ;  name = \"a\" \r\n\r\n1\r\n" + kEnd, "a=str:1"},
      {"quoted-pair in name", Part("a\\\"b", "1") + kEnd, "a\"b=str:1"},
      {"unknown params ignored",
       "--XyZ\r\nContent-Disposition: form-data; x=y; name=\"a\"\r\n\r\n1\r\n" + kEnd, "a=str:1"},
      {"text/plain part", Part("a", "1", "Content-Type: text/plain; charset=UTF-8\r\n") + kEnd,
       "a=str:1"},
      {"other headers ignored", Part("a", "1", "X-Thing: y\r\n") + kEnd, "a=str:1"},
      {"binary transfer encoding", Part("a", "1", "Content-Transfer-Encoding: 8bit\r\n") + kEnd,
       "a=str:1"},
      // Refusals.
      {"file upload",
       "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n"
       "Content-Type: text/plain\r\n\r\nhello\r\n" +
           kEnd,
       "error 415"},
      {"empty filename is still a file",
       "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n\r\n" + kEnd,
       "error 415"},
      {"filename*",
       "--XyZ\r\nContent-Disposition: form-data; name=f; filename*=UTF-8''a\r\n\r\nx\r\n" + kEnd,
       "error 415"},
      {"latin1 part", Part("a", "1", "Content-Type: text/plain; charset=iso-8859-1\r\n") + kEnd,
       "error 415"},
      {"base64 part", Part("a", "MQ==", "Content-Transfer-Encoding: base64\r\n") + kEnd,
       "error 415"},
      {"missing final boundary", Part("a", "1"), "error 400"},
      {"missing final boundary, no CRLF",
       "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1", "error 400"},
      {"no boundary at all", "a=1", "error 400"},
      {"empty body", "", "error 400"},
      {"boundary line garbage", Part("a", "1") + "--XyZjunk\r\n" + kEnd, "error 400"},
      {"LF-only line ends", "--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--\n",
       "error 400"},
      {"headers not terminated", "--XyZ\r\nContent-Disposition: form-data; name=a\r\n",
       "error 400"},
      {"no content-disposition", "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n" + kEnd,
       "error 400"},
      {"no headers", "--XyZ\r\n\r\n1\r\n" + kEnd, "error 400"},
      {"not form-data", "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n" + kEnd,
       "error 400"},
      {"no name", "--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n" + kEnd, "error 400"},
      {"empty name", Part("", "1") + kEnd, "error 400"},
      {"two names", "--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n1\r\n" + kEnd,
       "error 400"},
      {"name*", "--XyZ\r\nContent-Disposition: form-data; name*=UTF-8''a\r\n\r\n1\r\n" + kEnd,
       "error 400"},
      {"unterminated quote",
       "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n" + kEnd, "error 400"},
      {"two dispositions", Part("a", "1", "Content-Disposition: form-data; name=\"b\"\r\n") + kEnd,
       "error 400"},
      {"header without colon", Part("a", "1", "Bogus\r\n") + kEnd, "error 400"},
      {"folded header", Part("a", "1", " folded\r\n") + kEnd, "error 400"},
      {"control in header", Part("a", "1", "X: \x01\r\n") + kEnd, "error 400"},
      {"duplicate", Part("a", "1") + Part("a", "2") + kEnd, "error 400"},
      {"nul in value", Part("a", std::string("x\0y", 3)) + kEnd, "error 400"},
      {"invalid utf8 value", Part("a", "\xFF") + kEnd, "error 400"},
      {"control in value", Part("a", "\x1b[2J") + kEnd, "error 400"},
      {"control in name", Part("a\x01", "1") + kEnd, "error 400"},
      {"257 parts", ManyParts(257), "error 400"},
  };
  for (const Case& c : cases) {
    StatusOr<Fields> got = ParseMultipartFormData(c.body, kB);
    EXPECT_EQ(Outcome(got), c.expected) << c.name;
    if (got.ok()) {
      EXPECT_TRUE(got->from_form()) << c.name;
    } else {
      EXPECT_TRUE(IsSafeMessage(got.status().message())) << c.name;
    }
  }
}

TEST(MultipartTest, FileUploadMessage) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nx\r\n" + kEnd;
  StatusOr<Fields> got = ParseMultipartFormData(body, kB);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(got.status().message(), "file uploads are not supported");
}

TEST(MultipartTest, DuplicateNamesTheField) {
  StatusOr<Fields> got = ParseMultipartFormData(Part("title", "1") + Part("title", "2") + kEnd, kB);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().field(), "title");
}

TEST(MultipartTest, Limits) {
  StatusOr<Fields> at_limit = ParseMultipartFormData(ManyParts(256), kB);
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(at_limit->size(), 256u);

  FormLimits limits;
  limits.max_part_header_bytes = 100;
  std::string big_header = Part("a", "1", "X-Pad: " + std::string(200, 'p') + "\r\n") + kEnd;
  EXPECT_FALSE(ParseMultipartFormData(big_header, kB, limits).ok());
  EXPECT_TRUE(ParseMultipartFormData(big_header, kB).ok());

  limits = FormLimits();
  limits.max_value_bytes = 3;
  EXPECT_TRUE(ParseMultipartFormData(Part("a", "123") + kEnd, kB, limits).ok());
  StatusOr<Fields> big = ParseMultipartFormData(Part("a", "1234") + kEnd, kB, limits);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kPayloadTooLarge);

  std::string long_name = Part(std::string(129, 'n'), "1") + kEnd;
  EXPECT_FALSE(ParseMultipartFormData(long_name, kB).ok());
}

TEST(MultipartTest, Boundaries) {
  EXPECT_TRUE(IsValidBoundary("a"));
  EXPECT_TRUE(IsValidBoundary(std::string(70, 'b')));
  EXPECT_TRUE(IsValidBoundary("----WebKitFormBoundary7MA4YWxkTrZu0gW"));
  EXPECT_TRUE(IsValidBoundary("with space'()+_,-./:=?"));
  EXPECT_FALSE(IsValidBoundary(""));
  EXPECT_FALSE(IsValidBoundary(std::string(71, 'b')));
  EXPECT_FALSE(IsValidBoundary("ends with space "));
  EXPECT_FALSE(IsValidBoundary("semi;colon"));
  EXPECT_FALSE(IsValidBoundary("quote\""));
  EXPECT_FALSE(IsValidBoundary(std::string("nul\0", 4)));
  EXPECT_FALSE(IsValidBoundary("cr\r\n"));

  // A boundary with a space, as a quoted Content-Type parameter allows.
  std::string body = "--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b--\r\n";
  StatusOr<Fields> got = ParseMultipartFormData(body, "a b");
  EXPECT_EQ(Outcome(got), "x=str:1");
  EXPECT_EQ(Outcome(ParseMultipartFormData(body, "")), "error 400");
  EXPECT_EQ(Outcome(ParseMultipartFormData(body, std::string(71, 'x'))), "error 400");
}

TEST(MultipartTest, CurlStyleBody) {
  // What `curl -F title=Hello -F done=true` sends.
  std::string body =
      "--------------------------d74496d66958873e\r\n"
      "Content-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
      "--------------------------d74496d66958873e\r\n"
      "Content-Disposition: form-data; name=\"done\"\r\n\r\ntrue\r\n"
      "--------------------------d74496d66958873e--\r\n";
  StatusOr<Fields> got = ParseMultipartFormData(body, "------------------------d74496d66958873e");
  EXPECT_EQ(Outcome(got), "title=str:Hello|done=str:true");
}

}  // namespace
}  // namespace keel::http
