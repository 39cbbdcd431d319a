// LocalStorage: temp file, fsync, rename, fsync the directory (see local_storage.h).
#include "files/local_storage.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/random.h"

namespace keel::files {
namespace {

constexpr size_t kKeyBytes = 16;  // 32 hex characters

Status MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return Status::FromErrno("mkdir " + path);
  return Status::Ok();
}

Status SyncDir(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path);
  int rc = fsync(fd);
  close(fd);
  if (rc != 0) return Status::FromErrno("fsync " + path);
  return Status::Ok();
}

bool OlderThan(const std::string& path, int64_t seconds) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return false;
  return static_cast<int64_t>(time(nullptr)) - static_cast<int64_t>(st.st_mtime) >= seconds;
}

std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  return names;
}

}  // namespace

bool IsStorageKey(std::string_view key) {
  if (key.size() != 2 * kKeyBytes) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

PendingObject::PendingObject(int fd, std::string temp_path, std::string objects_dir)
    : fd_(fd), temp_path_(std::move(temp_path)), objects_dir_(std::move(objects_dir)) {}

PendingObject::~PendingObject() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(temp_path_.c_str());
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
  close(fd_);
  fd_ = -1;
  std::string key = crypto::HexEncode(crypto::RandomBytes(kKeyBytes));
  std::string dir = objects_dir_ + "/" + key.substr(0, 2);
  KEEL_RETURN_IF_ERROR(MakeDir(dir));
  std::string path = dir + "/" + key;
  if (rename(temp_path_.c_str(), path.c_str()) != 0) return Status::FromErrno("rename " + path);
  committed_ = true;
  KEEL_RETURN_IF_ERROR(SyncDir(dir));
  return key;
}

StatusOr<std::unique_ptr<LocalStorage>> LocalStorage::Open(std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  KEEL_RETURN_IF_ERROR(MakeDir(root));
  KEEL_RETURN_IF_ERROR(MakeDir(root + "/objects"));
  KEEL_RETURN_IF_ERROR(MakeDir(root + "/tmp"));
  return std::unique_ptr<LocalStorage>(new LocalStorage(std::move(root)));
}

StatusOr<std::unique_ptr<PendingObject>> LocalStorage::Begin() {
  std::string path = root_ + "/tmp/upload-XXXXXX";
  int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("mkstemp " + path);
  if (fchmod(fd, 0644) != 0) {
    Status s = Status::FromErrno("fchmod " + path);
    close(fd);
    unlink(path.c_str());
    return s;
  }
  return std::make_unique<PendingObject>(fd, std::move(path), root_ + "/objects");
}

std::string LocalStorage::RelativePath(std::string_view key) {
  return std::string(key.substr(0, 2)) + "/" + std::string(key);
}

Status LocalStorage::Remove(std::string_view key) {
  if (!IsStorageKey(key)) return Status::Internal().WithLogDetail("bad storage key");
  std::string path = root_ + "/objects/" + RelativePath(key);
  if (unlink(path.c_str()) != 0 && errno != ENOENT) return Status::FromErrno("unlink " + path);
  return Status::Ok();
}

StatusOr<int> LocalStorage::Sweep(int64_t min_age_seconds,
                                  const std::function<StatusOr<bool>(std::string_view)>& has_row) {
  int removed = 0;
  for (const std::string& name : List(root_ + "/tmp")) {
    std::string path = root_ + "/tmp/" + name;
    if (OlderThan(path, min_age_seconds) && unlink(path.c_str()) == 0) ++removed;
  }
  for (const std::string& sub : List(root_ + "/objects")) {
    for (const std::string& key : List(root_ + "/objects/" + sub)) {
      std::string path = root_ + "/objects/" + sub + "/" + key;
      if (!IsStorageKey(key) || !OlderThan(path, min_age_seconds)) continue;
      KEEL_ASSIGN_OR_RETURN(bool kept, has_row(key));
      if (!kept && unlink(path.c_str()) == 0) ++removed;
    }
  }
  return removed;
}

}  // namespace keel::files
