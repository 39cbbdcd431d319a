// Avatars: a PNG, JPEG, GIF or WebP image re-encoded by libgd, so what keel stores and
// serves is pixels it decoded itself — no metadata (EXIF, GPS, comments, ICC text), no
// trailing bytes, no second frame, whatever the upload carried.
//
// The dimensions are read from libmagic's description of the header before anything is
// decoded, so a small file announcing a huge canvas (a decompression bomb) is refused
// without allocating it: at most kMaxAvatarSide pixels a side. The result is a PNG at
// most kAvatarSide pixels a side (scaled down keeping the aspect ratio, never up).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::files {

inline constexpr int kMaxAvatarSide = 4096;
inline constexpr int kAvatarSide = 512;
inline constexpr int64_t kMaxAvatarBytes = 5 << 20;

// `bytes` of sniffed type `content_type` → PNG bytes. 415 for another type, for
// dimensions libmagic cannot read or over kMaxAvatarSide, or an image libgd cannot decode.
StatusOr<std::string> ReencodeAvatar(std::string_view bytes, std::string_view content_type);

// The "W x H" libmagic reads from an image header, or false.
bool ImageDimensions(std::string_view head, int& width, int& height);

}  // namespace keel::files
