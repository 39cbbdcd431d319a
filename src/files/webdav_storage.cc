// WebDavStorage over libcurl (see webdav_storage.h).
#include "files/webdav_storage.h"

#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace keel::files {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

struct Upload {
  int fd;
  off_t offset;
};

size_t ReadFd(char* buffer, size_t size, size_t n, void* data) {
  auto* up = static_cast<Upload*>(data);
  ssize_t got = pread(up->fd, buffer, size * n, up->offset);
  if (got < 0) return CURL_READFUNC_ABORT;
  up->offset += got;
  return static_cast<size_t>(got);
}

int SeekFd(void* data, curl_off_t offset, int origin) {
  auto* up = static_cast<Upload*>(data);
  if (origin != SEEK_SET) return CURL_SEEKFUNC_CANTSEEK;
  up->offset = static_cast<off_t>(offset);
  return CURL_SEEKFUNC_OK;
}

Status DavError(const char* what, long status) {
  return Status::Unavailable("file storage unavailable")
      .WithLogDetail(std::string("webdav ") + what + " answered " + std::to_string(status));
}

}  // namespace

StatusOr<std::unique_ptr<WebDavStorage>> WebDavStorage::Open(std::string url) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised) return Status::Internal().WithLogDetail("curl_global_init failed");
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return Status::Internal().WithLogDetail("webdav URL must be http(s)");
  }
  if (url.back() != '/') url += '/';
  return std::unique_ptr<WebDavStorage>(new WebDavStorage(std::move(url)));
}

std::string WebDavStorage::TempDir() const {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp == '/' ? tmp : "/tmp";
}

StatusOr<long> WebDavStorage::Request(const char* method, const std::string& url, int upload_fd,
                                      int64_t upload_size) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Internal().WithLogDetail("curl_easy_init failed");
  CURL* c = curl.get();
  Upload upload{upload_fd, 0};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  if (upload_fd >= 0) {
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadFd);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, SeekFd);
    curl_easy_setopt(c, CURLOPT_SEEKDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload_size));
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Status::Unavailable("file storage unavailable")
        .WithLogDetail(std::string("webdav ") + method + ": " + curl_easy_strerror(rc));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

Status WebDavStorage::Publish(const std::string& /*temp_path*/, int fd, std::string_view key,
                              bool& /*consumed*/) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return Status::FromErrno("fstat upload");
  for (std::string collection :
       {url_ + "objects/", url_ + "objects/" + std::string(key.substr(0, 2)) + "/"}) {
    KEEL_ASSIGN_OR_RETURN(long status, Request("MKCOL", collection, -1, 0));
    if (status != 201 && status != 405) return DavError("MKCOL", status);
  }
  KEEL_ASSIGN_OR_RETURN(long status, Request("PUT", url_ + "objects/" + RelativePath(key), fd,
                                             static_cast<int64_t>(st.st_size)));
  if (status != 201 && status != 204) return DavError("PUT", status);
  return Status::Ok();  // the temp file stays ours: PendingObject removes it
}

Status WebDavStorage::Remove(std::string_view key) {
  if (!IsStorageKey(key)) return Status::Internal().WithLogDetail("bad storage key");
  KEEL_ASSIGN_OR_RETURN(long status,
                        Request("DELETE", url_ + "objects/" + RelativePath(key), -1, 0));
  if (status != 204 && status != 200 && status != 404) return DavError("DELETE", status);
  return Status::Ok();
}

}  // namespace keel::files
