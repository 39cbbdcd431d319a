// PendingObject, the parts every store shares, and OpenStorage (see storage.h).
#include "files/storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "crypto/encoding.h"
#include "crypto/random.h"
#include "files/local_storage.h"
#include "files/webdav_storage.h"

namespace keel::files {
namespace {

constexpr size_t kKeyBytes = 16;  // 32 hex characters

}  // namespace

bool IsStorageKey(std::string_view key) {
  if (key.size() != 2 * kKeyBytes) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string Storage::RelativePath(std::string_view key) {
  return std::string(key.substr(0, 2)) + "/" + std::string(key);
}

PendingObject::PendingObject(int fd, std::string temp_path, Storage& storage)
    : fd_(fd), temp_path_(std::move(temp_path)), storage_(storage) {}

PendingObject::~PendingObject() {
  if (fd_ >= 0) close(fd_);
  if (!consumed_) unlink(temp_path_.c_str());
}

Status PendingObject::Write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("write " + temp_path_);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

StatusOr<std::string> PendingObject::ReadBack(int64_t max_bytes) {
  off_t size = lseek(fd_, 0, SEEK_END);
  if (size < 0) return Status::FromErrno("lseek " + temp_path_);
  if (size > max_bytes) return Status::Error(ErrorCode::kPayloadTooLarge, "file too large");
  std::string bytes(static_cast<size_t>(size), '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = pread(fd_, bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::FromErrno("pread " + temp_path_);
    got += static_cast<size_t>(n);
  }
  return bytes;
}

StatusOr<std::string> PendingObject::Commit() {
  if (fsync(fd_) != 0) return Status::FromErrno("fsync " + temp_path_);
  std::string key = crypto::HexEncode(crypto::RandomBytes(kKeyBytes));
  KEEL_RETURN_IF_ERROR(storage_.Publish(temp_path_, fd_, key, consumed_));
  return key;
}

StatusOr<std::unique_ptr<PendingObject>> Storage::Begin() {
  std::string path = TempDir() + "/upload-XXXXXX";
  int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("mkstemp " + path);
  if (fchmod(fd, 0644) != 0) {
    Status s = Status::FromErrno("fchmod " + path);
    close(fd);
    unlink(path.c_str());
    return s;
  }
  return std::make_unique<PendingObject>(fd, std::move(path), *this);
}

StatusOr<std::unique_ptr<Storage>> OpenStorage(const std::string& setting) {
  if (setting.rfind("local:", 0) == 0) {
    KEEL_ASSIGN_OR_RETURN(std::unique_ptr<LocalStorage> local,
                          LocalStorage::Open(setting.substr(6)));
    return std::unique_ptr<Storage>(std::move(local));
  }
  if (setting.rfind("webdav:", 0) == 0) {
    KEEL_ASSIGN_OR_RETURN(std::unique_ptr<WebDavStorage> dav,
                          WebDavStorage::Open(setting.substr(7)));
    return std::unique_ptr<Storage>(std::move(dav));
  }
  return Status::Internal().WithLogDetail("unknown KEEL_STORAGE");
}

}  // namespace keel::files
