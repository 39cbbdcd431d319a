// libmagic, the markup scan and the extension table (see content_check.h).
#include "files/content_check.h"

#include <magic.h>

#include <algorithm>
#include <array>
#include <memory>

namespace keel::files {
namespace {

constexpr std::array<std::string_view, 9> kMarkers = {"<script", "<html",          "<svg",
                                                      "<iframe", "<!doctype html", "<?xml",
                                                      "<body",   "<object",        "javascript:"};
constexpr size_t kLongestMarker = 14;

struct TypeExtensions {
  std::string_view type;
  std::array<std::string_view, 4> extensions;
};
// The extensions keel knows for a type; a type missing here has no extension check.
constexpr TypeExtensions kExtensions[] = {
    {"image/png", {"png"}},
    {"image/jpeg", {"jpg", "jpeg", "jpe", "jfif"}},
    {"image/gif", {"gif"}},
    {"image/webp", {"webp"}},
    {"application/pdf", {"pdf"}},
    {"text/plain", {"txt", "text", "log", "csv"}},
    {"text/csv", {"csv", "txt"}},
    {"application/zip", {"zip"}},
    // Types keel never serves inline; their extensions on another type's bytes are refused.
    {"text/html", {"html", "htm", "xhtml", "shtml"}},
    {"image/svg+xml", {"svg", "svgz"}},
    {"text/xml", {"xml", "xsl", "xslt"}},
    {"text/javascript", {"js", "mjs"}},
};

const TypeExtensions* KnownType(std::string_view type) {
  for (const TypeExtensions& t : kExtensions) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

const TypeExtensions* TypeOfExtension(std::string_view ext) {
  for (const TypeExtensions& t : kExtensions) {
    for (std::string_view e : t.extensions) {
      if (!e.empty() && e == ext) return &t;
    }
  }
  return nullptr;
}

struct MagicCloser {
  void operator()(magic_t m) const { magic_close(m); }
};
using MagicHandle = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser>;

Status Unsupported(std::string message) {
  return Status::Error(ErrorCode::kUnsupportedMedia, std::move(message));
}

}  // namespace

StatusOr<std::string> SniffMediaType(std::string_view head) {
  static MagicHandle magic = [] {
    MagicHandle m(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS));
    if (m && magic_load(m.get(), nullptr) != 0) m.reset();
    return m;
  }();
  if (!magic) return Status::Internal().WithLogDetail("libmagic database not loaded");
  const char* type = magic_buffer(magic.get(), head.data(), head.size());
  if (type == nullptr) return std::string("application/octet-stream");
  return std::string(type);
}

void ActiveContentScan::Feed(std::string_view piece) {
  if (found_ || piece.empty()) return;
  std::string window = carry_;
  window.reserve(carry_.size() + piece.size());
  for (char c : piece) window.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  for (std::string_view m : kMarkers) {
    if (window.find(m) != std::string::npos) {
      found_ = true;
      return;
    }
  }
  size_t keep = std::min(window.size(), kLongestMarker - 1);
  carry_ = window.substr(window.size() - keep);
}

Status CheckUpload(std::string_view sniffed_type, const std::vector<std::string>& allowed,
                   bool active_content, std::string_view extension) {
  if (std::find(allowed.begin(), allowed.end(), sniffed_type) == allowed.end()) {
    return Unsupported("files of type " + std::string(sniffed_type) + " are not accepted");
  }
  // Markup inside bytes of another type is a polyglot. A markup type itself (allowed by
  // KEEL_UPLOAD_TYPES) is what it says; it is served only as a sandboxed attachment.
  if (active_content && !IsMarkupType(sniffed_type)) {
    return Unsupported("file content is not what its type says (it carries markup)");
  }
  if (extension.empty()) return Status::Ok();
  const TypeExtensions* known = KnownType(sniffed_type);
  const TypeExtensions* claimed = TypeOfExtension(extension);
  if (known == nullptr || claimed == nullptr) return Status::Ok();
  for (std::string_view e : known->extensions) {
    if (e == extension) return Status::Ok();
  }
  return Unsupported("file content is " + std::string(sniffed_type) + " but its name ends in ." +
                     std::string(extension));
}

bool IsMarkupType(std::string_view type) {
  return type == "text/html" || type == "image/svg+xml" || type == "text/xml" ||
         type == "application/xml" || type == "application/xhtml+xml" || type == "text/javascript";
}

bool ServedInline(std::string_view content_type) {
  return content_type == "image/png" || content_type == "image/jpeg" ||
         content_type == "image/gif" || content_type == "image/webp";
}

}  // namespace keel::files
