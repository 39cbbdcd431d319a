// LocalStorage: temp file, fsync, rename, fsync the directory (see local_storage.h).
#include "files/local_storage.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <vector>

namespace keel::files {
namespace {

// Directories nginx's workers must traverse: 0755 whatever the process's umask.
Status MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) == 0) {
    if (chmod(path.c_str(), 0755) != 0) return Status::FromErrno("chmod " + path);
  } else if (errno != EEXIST) {
    return Status::FromErrno("mkdir " + path);
  }
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

Status LocalStorage::Publish(const std::string& temp_path, int /*fd*/, std::string_view key,
                             bool& consumed) {
  std::string dir = root_ + "/objects/" + std::string(key.substr(0, 2));
  KEEL_RETURN_IF_ERROR(MakeDir(dir));
  std::string path = dir + "/" + std::string(key);
  if (rename(temp_path.c_str(), path.c_str()) != 0) return Status::FromErrno("rename " + path);
  consumed = true;
  return SyncDir(dir);
}

StatusOr<std::unique_ptr<LocalStorage>> LocalStorage::Open(std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  KEEL_RETURN_IF_ERROR(MakeDir(root));
  KEEL_RETURN_IF_ERROR(MakeDir(root + "/objects"));
  KEEL_RETURN_IF_ERROR(MakeDir(root + "/tmp"));
  return std::unique_ptr<LocalStorage>(new LocalStorage(std::move(root)));
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
