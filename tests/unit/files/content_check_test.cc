// Tests for SniffMediaType (libmagic), ActiveContentScan and CheckUpload.
#include "files/content_check.h"

#include <gtest/gtest.h>

namespace keel::files {
namespace {

const std::vector<std::string> kAllowed = {"image/png", "image/jpeg", "application/pdf",
                                           "text/plain"};

TEST(ContentCheckTest, SniffsFromBytes) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0", 29);
  EXPECT_EQ(*SniffMediaType(png), "image/png");
  EXPECT_EQ(*SniffMediaType("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n"),
            "application/pdf");
  EXPECT_EQ(*SniffMediaType("just some words\n"), "text/plain");
  EXPECT_EQ(*SniffMediaType("<!DOCTYPE html><html><body>x</body></html>"), "text/html");
}

TEST(ContentCheckTest, ScanFindsMarkupAcrossPieces) {
  ActiveContentScan scan;
  scan.Feed("harmless <scr");
  EXPECT_FALSE(scan.found());
  scan.Feed("IPT>alert(1)");
  EXPECT_TRUE(scan.found());

  ActiveContentScan clean;
  for (int i = 0; i < 100; ++i) clean.Feed("<b>bold</b> <scrap> script <htm ");
  EXPECT_FALSE(clean.found());

  ActiveContentScan svg;
  svg.Feed(std::string("\x89PNG\0\0", 6) + "<SvG onload=x>");
  EXPECT_TRUE(svg.found());
}

TEST(ContentCheckTest, CheckUpload) {
  EXPECT_TRUE(CheckUpload("image/png", kAllowed, false, "png").ok());
  EXPECT_TRUE(CheckUpload("image/png", kAllowed, false, "").ok());
  EXPECT_TRUE(CheckUpload("image/jpeg", kAllowed, false, "jpeg").ok());
  EXPECT_TRUE(CheckUpload("image/png", kAllowed, false, "unknownext").ok());
  EXPECT_EQ(CheckUpload("text/html", kAllowed, false, "html").code(), ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(CheckUpload("image/png", kAllowed, true, "png").code(), ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(CheckUpload("image/png", kAllowed, false, "pdf").code(), ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(CheckUpload("image/png", kAllowed, false, "svg").code(), ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(CheckUpload("text/plain", kAllowed, false, "html").code(),
            ErrorCode::kUnsupportedMedia);
  // Allowed by configuration, HTML is HTML: no polyglot refusal (served as a sandboxed
  // attachment).
  const std::vector<std::string> with_html = {"text/html"};
  EXPECT_TRUE(CheckUpload("text/html", with_html, true, "html").ok());
}

TEST(ContentCheckTest, OnlyRasterImagesInline) {
  EXPECT_TRUE(ServedInline("image/png"));
  EXPECT_FALSE(ServedInline("image/svg+xml"));
  EXPECT_FALSE(ServedInline("text/plain"));
  EXPECT_FALSE(ServedInline("application/pdf"));
}

}  // namespace
}  // namespace keel::files
