// WebDavStorage: uploaded bytes on a WebDAV server (KEEL_STORAGE=webdav:URL), the store
// for several worker hosts. URL is the collection keel owns, with HTTP Basic credentials
// in it: webdav:https://keel:secret@dav.internal/keel/. Objects are URL/objects/ab/<key>.
//
// Written with libcurl: MKCOL for the two collection levels (an existing one answers
// 405, which is fine), then a PUT of the complete temp file; nginx's dav module (like
// Apache's) writes a PUT to a temp file and renames it, so an object never appears
// half-written. DELETE removes one. nginx serves objects through its internal location
// /_keel_dav/ (proxy_pass to URL with the same credentials, rendered by
// scripts/render-nginx from KEEL_STORAGE) after keel's X-Accel-Redirect. Every request
// has a 30 s bound. The credentials are never logged.
//
// Not done for this store: the orphan sweep (nginx's dav module has no PROPFIND to list
// a collection); an object whose row insert failed is deleted at once, as for a local store.
#pragma once

#include <memory>
#include <string>

#include "files/storage.h"

namespace keel::files {

// The URI prefix of nginx's internal proxy location for a WebDAV store.
inline constexpr std::string_view kDavAccelPrefix = "/_keel_dav/";

class WebDavStorage : public Storage {
 public:
  // `url` is http(s)://[user:password@]host[:port]/path/ (a trailing slash is added).
  static StatusOr<std::unique_ptr<WebDavStorage>> Open(std::string url);

  Status Remove(std::string_view key) override;
  std::string AccelPath(std::string_view key) const override {
    return std::string(kDavAccelPrefix) + "objects/" + RelativePath(key);
  }
  Status Publish(const std::string& temp_path, int fd, std::string_view key,
                 bool& consumed) override;

 protected:
  std::string TempDir() const override;

 private:
  explicit WebDavStorage(std::string url) : url_(std::move(url)) {}
  // One request; returns the HTTP status (0 when none came).
  StatusOr<long> Request(const char* method, const std::string& url, int upload_fd,
                         int64_t upload_size);
  std::string url_;
};

}  // namespace keel::files
