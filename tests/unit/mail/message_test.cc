// Mail composition: multipart/alternative with both parts base64 in short lines, a
// non-ASCII subject as an encoded-word, header values that cannot grow a header, and
// HTML escaping of user data.
#include "mail/message.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"

namespace keel::mail {
namespace {

TEST(MailMessage, HtmlEscapeCoversMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">O'Neil & co</a>)"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
}

TEST(MailMessage, AddressOfTakesTheAngleAddress) {
  EXPECT_EQ(AddressOf("keel <noreply@example.com>"), "noreply@example.com");
  EXPECT_EQ(AddressOf("a@b.example"), "a@b.example");
}

TEST(MailMessage, ComposeWritesBothPartsAndSafeHeaders) {
  Mail m{.to = "user@example.com\r\nBcc: evil@example.com",
         .subject = "Réinitialiser",
         .text = std::string(200, 'x') + " plain",
         .html = "<p>html</p>"};
  std::string message = Compose(m, "keel <noreply@example.com>", 0, "abc123");
  EXPECT_NE(message.find("From: keel <noreply@example.com>\r\n"), std::string::npos);
  EXPECT_NE(message.find("To: user@example.comBcc: evil@example.com\r\n"), std::string::npos)
      << "CR/LF removed: no header can be added";
  EXPECT_EQ(message.find("\r\nBcc:"), std::string::npos);
  EXPECT_NE(message.find("Subject: =?UTF-8?B?" + crypto::Base64Encode("Réinitialiser") + "?=\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(message.find("Message-ID: <abc123@example.com>\r\n"), std::string::npos);
  EXPECT_NE(message.find("multipart/alternative; boundary=\"keel-abc123\""), std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(message.find(crypto::Base64Encode("<p>html</p>")), std::string::npos);
  EXPECT_NE(message.find("--keel-abc123--\r\n"), std::string::npos);
  size_t start = 0;
  while (start < message.size()) {
    size_t end = message.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
    EXPECT_LE(end - start, 998u);
    start = end + 2;
  }
}

}  // namespace
}  // namespace keel::mail
