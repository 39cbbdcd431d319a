// Tests for ImageDimensions (libmagic's description) and ReencodeAvatar (libgd): every
// accepted format is read, scaled to at most 512 a side and written as PNG.
#include "files/avatar_image.h"

#include <gd.h>

#include <gtest/gtest.h>

#include "files/content_check.h"

namespace keel::files {
namespace {

// An image of w x h in `format` ("png", "jpeg", "gif", "webp"), made by libgd.
std::string Encode(const std::string& format, int w, int h) {
  gdImagePtr image = gdImageCreateTrueColor(w, h);
  gdImageFilledRectangle(image, 0, 0, w - 1, h - 1, gdTrueColor(200, 40, 90));
  int size = 0;
  void* data = format == "png"    ? gdImagePngPtr(image, &size)
               : format == "jpeg" ? gdImageJpegPtr(image, &size, 80)
               : format == "gif"  ? gdImageGifPtr(image, &size)
                                  : gdImageWebpPtr(image, &size);
  std::string bytes(static_cast<const char*>(data), static_cast<size_t>(size));
  gdFree(data);
  gdImageDestroy(image);
  return bytes;
}

TEST(AvatarImageTest, ReadsDimensionsOfEveryFormat) {
  for (std::string format : {"png", "jpeg", "gif", "webp"}) {
    std::string bytes = Encode(format, 300, 200);
    int w = 0, h = 0;
    ASSERT_TRUE(ImageDimensions(bytes, w, h)) << format;
    EXPECT_EQ(w, 300) << format;
    EXPECT_EQ(h, 200) << format;
  }
}

TEST(AvatarImageTest, ReencodesAsBoundedPng) {
  for (std::string format : {"png", "jpeg", "gif", "webp"}) {
    std::string bytes = Encode(format, 1024, 256);
    auto type = SniffMediaType(bytes);
    ASSERT_TRUE(type.ok());
    auto png = ReencodeAvatar(bytes, *type);
    ASSERT_TRUE(png.ok()) << format << ": " << png.status().message();
    EXPECT_EQ(*SniffMediaType(*png), "image/png");
    int w = 0, h = 0;
    ASSERT_TRUE(ImageDimensions(*png, w, h));
    EXPECT_EQ(w, 512) << format;
    EXPECT_EQ(h, 128) << format;
  }
}

TEST(AvatarImageTest, RefusesWhatIsNotASmallImage) {
  EXPECT_EQ(ReencodeAvatar("just text", "text/plain").status().code(),
            ErrorCode::kUnsupportedMedia);
  std::string big = Encode("png", 4097, 2);
  EXPECT_EQ(ReencodeAvatar(big, "image/png").status().code(), ErrorCode::kUnsupportedMedia);
  std::string png = Encode("png", 10, 10);
  png.resize(png.size() / 2);  // truncated
  EXPECT_EQ(ReencodeAvatar(png, "image/png").status().code(), ErrorCode::kUnsupportedMedia);
}

}  // namespace
}  // namespace keel::files
