// File names as clients send them, made safe to store and to send back.
//
// A client's name is only a label: storage never uses it (objects have random keys).
// It is still shown in lists and sent back in Content-Disposition, so it is cut down to
// its last path component (a name of "../../etc/passwd" becomes "passwd", never a 400:
// browsers send full paths from old forms), stripped of control and bidirectional
// formatting characters, of leading dots and spaces, and of invalid UTF-8, and bounded
// to kMaxFileNameBytes without splitting a character. A name left empty is "file".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keel::files {

inline constexpr size_t kMaxFileNameBytes = 255;

std::string SanitizeFileName(std::string_view name);

// The lower-cased extension of a sanitised name without its dot ("photo.JPG" → "jpg"),
// or "" when it has none.
std::string ExtensionOf(std::string_view name);

// A Content-Disposition value (RFC 6266) for a sanitised name: `attachment` or
// `inline`, an ASCII fallback `filename="..."` and, when the name is not plain ASCII,
// `filename*=UTF-8''<percent-encoded>` (RFC 8187).
std::string ContentDisposition(std::string_view name, bool as_attachment);

}  // namespace keel::files
