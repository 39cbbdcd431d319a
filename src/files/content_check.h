// What an upload is, decided from its bytes (never from its name or the client's
// Content-Type): libmagic sniffs the media type from the first bytes, ActiveContentScan
// watches every byte for markup a browser would run, and the name's extension must agree
// with the sniffed type.
//
// The scan is what catches a polyglot: a file that is a valid PNG or PDF to libmagic and
// also carries HTML or script that a browser sniffing it, or a plugin, would run
// ("<script", "<html", "<svg", "<iframe", "<!doctype html", "<?xml", "javascript:").
// Such a file is refused whatever libmagic says it is. Files are also served with
// `nosniff` and a sandboxing CSP, so the scan is the second wall, not the only one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace keel::files {

// The bytes libmagic is shown (the head of the file).
inline constexpr size_t kSniffBytes = 64 * 1024;

// The media type of `head` ("image/png", "text/plain", ...) as libmagic's MIME type
// database sees it; "application/octet-stream" when it cannot tell. The database is
// loaded once per process.
StatusOr<std::string> SniffMediaType(std::string_view head);

// Looks for markup across every piece passed to Feed (case-insensitive, across piece
// boundaries).
class ActiveContentScan {
 public:
  void Feed(std::string_view piece);
  bool found() const { return found_; }

 private:
  std::string carry_;  // the last bytes of the previous piece, lower-cased
  bool found_ = false;
};

// Refusals for a sniffed type, in order: not in `allowed` → 415 naming the type; a
// marker found in a type that is not markup itself → 415 (a polyglot); an extension that
// keel knows belongs to another type → 415 naming both.
Status CheckUpload(std::string_view sniffed_type, const std::vector<std::string>& allowed,
                   bool active_content, std::string_view extension);

// HTML, SVG, XML and script: types a browser would run.
bool IsMarkupType(std::string_view type);

// Whether a browser may show this type inline: raster images only. Everything else
// is sent as an attachment.
bool ServedInline(std::string_view content_type);

}  // namespace keel::files
