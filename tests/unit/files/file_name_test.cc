// Tests for SanitizeFileName, ExtensionOf and ContentDisposition.
#include "files/file_name.h"

#include <gtest/gtest.h>

namespace keel::files {
namespace {

TEST(FileNameTest, Sanitize) {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"photo.png", "photo.png"},
      {"../../etc/passwd", "passwd"},
      {"C:\\Users\\me\\report.pdf", "report.pdf"},
      {"..", "file"},
      {"", "file"},
      {"/", "file"},
      {".bashrc", "bashrc"},
      {"  name .txt. ", "name .txt"},
      {std::string("a\0b\r\nc\x7f.txt", 11), "abc.txt"},
      {"r\xC3\xA9sum\xC3\xA9.txt", "r\xC3\xA9sum\xC3\xA9.txt"},
      {"bad\xFF\xFEutf8.txt", "badutf8.txt"},
      {"evil\xE2\x80\xAEgpj.exe", "evilgpj.exe"},  // RIGHT-TO-LEFT OVERRIDE dropped
      {"x\xC2\x85y", "xy"},                        // C1 control (NEL) dropped
  };
  for (const auto& c : cases) EXPECT_EQ(SanitizeFileName(c.in), c.out) << c.in;
}

TEST(FileNameTest, BoundedWithoutSplittingACharacter) {
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "\xC3\xA9";  // 400 bytes of é
  std::string out = SanitizeFileName(long_name);
  EXPECT_LE(out.size(), kMaxFileNameBytes);
  EXPECT_EQ(out.size() % 2, 0u);
  EXPECT_EQ(out.substr(0, 2), "\xC3\xA9");
}

TEST(FileNameTest, Extension) {
  EXPECT_EQ(ExtensionOf("photo.JPG"), "jpg");
  EXPECT_EQ(ExtensionOf("archive.tar.gz"), "gz");
  EXPECT_EQ(ExtensionOf("README"), "");
  EXPECT_EQ(ExtensionOf("trailing."), "");
}

TEST(FileNameTest, ContentDisposition) {
  EXPECT_EQ(ContentDisposition("a.png", false), "inline; filename=\"a.png\"");
  EXPECT_EQ(ContentDisposition("a b.txt", true), "attachment; filename=\"a b.txt\"");
  EXPECT_EQ(ContentDisposition("say \"hi\"%.txt", true),
            "attachment; filename=\"say _hi__.txt\"; filename*=UTF-8''say%20%22hi%22%25.txt");
  EXPECT_EQ(ContentDisposition("\xE2\x82\xAC.txt", true),
            "attachment; filename=\"_.txt\"; filename*=UTF-8''%E2%82%AC.txt");
}

}  // namespace
}  // namespace keel::files
