// Avatar re-encoding with libgd (see avatar_image.h).
#include "files/avatar_image.h"

#include <gd.h>
#include <magic.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <regex>

namespace keel::files {
namespace {

struct ImageDeleter {
  void operator()(gdImagePtr image) const { gdImageDestroy(image); }
};
using Image = std::unique_ptr<gdImage, ImageDeleter>;

Status Unsupported(std::string message) {
  return Status::Error(ErrorCode::kUnsupportedMedia, std::move(message));
}

}  // namespace

bool ImageDimensions(std::string_view head, int& width, int& height) {
  static magic_t magic = [] {
    magic_t m = magic_open(MAGIC_NONE | MAGIC_NO_CHECK_COMPRESS);
    if (m != nullptr && magic_load(m, nullptr) != 0) {
      magic_close(m);
      m = nullptr;
    }
    return m;
  }();
  if (magic == nullptr) return false;
  const char* text = magic_buffer(magic, head.data(), head.size());
  if (text == nullptr) return false;
  // "PNG image data, 64 x 32, 8-bit/color RGBA", "JPEG image data, ..., 64x32, ...",
  // "GIF image data, version 89a, 64 x 32", "RIFF ... Web/P image, VP8 encoding, 64x32".
  // A JPEG's description names its density ("density 1x1") before its size: the size
  // is the last W x H.
  static const std::regex kSize("(^|[ ,])([0-9]{1,6}) ?x ?([0-9]{1,6})(,|$)");
  bool found = false;
  for (std::cregex_iterator it(text, text + std::strlen(text), kSize), end; it != end; ++it) {
    width = std::stoi((*it)[2].str());
    height = std::stoi((*it)[3].str());
    found = true;
  }
  return found;
}

StatusOr<std::string> ReencodeAvatar(std::string_view bytes, std::string_view content_type) {
  int width = 0, height = 0;
  if (!ImageDimensions(bytes.substr(0, 64 * 1024), width, height)) {
    return Unsupported("cannot read the image's dimensions");
  }
  if (width < 1 || height < 1 || width > kMaxAvatarSide || height > kMaxAvatarSide) {
    return Unsupported("an avatar is at most " + std::to_string(kMaxAvatarSide) + " x " +
                       std::to_string(kMaxAvatarSide) + " pixels");
  }
  void* data = const_cast<char*>(bytes.data());
  int size = static_cast<int>(bytes.size());
  Image image;
  if (content_type == "image/png") {
    image.reset(gdImageCreateFromPngPtr(size, data));
  } else if (content_type == "image/jpeg") {
    image.reset(gdImageCreateFromJpegPtr(size, data));
  } else if (content_type == "image/gif") {
    image.reset(gdImageCreateFromGifPtr(size, data));
  } else if (content_type == "image/webp") {
    image.reset(gdImageCreateFromWebpPtr(size, data));
  } else {
    return Unsupported("an avatar must be PNG, JPEG, GIF or WebP");
  }
  if (!image) return Unsupported("the image cannot be decoded");
  int w = gdImageSX(image.get()), h = gdImageSY(image.get());
  if (w > kMaxAvatarSide || h > kMaxAvatarSide) return Unsupported("the image is too large");
  if (w > kAvatarSide || h > kAvatarSide) {
    double scale = static_cast<double>(kAvatarSide) / std::max(w, h);
    int nw = std::max(1, static_cast<int>(w * scale)),
        nh = std::max(1, static_cast<int>(h * scale));
    gdImageSetInterpolationMethod(image.get(), GD_BILINEAR_FIXED);
    Image scaled(gdImageScale(image.get(), nw, nh));
    if (!scaled) return Status::Internal().WithLogDetail("gdImageScale failed");
    image = std::move(scaled);
  }
  gdImageSaveAlpha(image.get(), 1);
  int out_size = 0;
  void* out = gdImagePngPtr(image.get(), &out_size);
  if (out == nullptr) return Status::Internal().WithLogDetail("gdImagePngPtr failed");
  std::string png(static_cast<const char*>(out), static_cast<size_t>(out_size));
  gdFree(out);
  return png;
}

}  // namespace keel::files
