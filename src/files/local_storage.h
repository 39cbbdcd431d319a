// LocalStorage: uploaded bytes in a directory (KEEL_STORAGE=local:PATH).
//
//   PATH/tmp/upload-XXXXXX     an upload being written (PendingObject)
//   PATH/objects/ab/abcd…      a complete object, named by its random key
//
// An object appears only complete: it is written to tmp/, fsync'ed, then renamed into
// objects/ (rename is atomic within one file system) and the directory fsync'ed. A
// crash mid-upload leaves at most a temp file, never a half object; the sweep removes
// old temp files and objects no row names. Objects are readable by nginx's workers
// (mode 0644 under 0755 directories), which serve them at AccelPath() — an `internal`
// location, reachable only through keel's X-Accel-Redirect after its owner check.
//
// For a store several hosts share, PATH is a shared mount (NFS, a cluster file system);
// each host's nginx serves the same PATH.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::files {

// The URI prefix of nginx's internal location for objects.
inline constexpr std::string_view kAccelPrefix = "/_keel_files/";

class PendingObject {
 public:
  PendingObject(int fd, std::string temp_path, std::string objects_dir);
  ~PendingObject();  // removes the temp file unless committed
  PendingObject(const PendingObject&) = delete;
  PendingObject& operator=(const PendingObject&) = delete;

  Status Write(std::string_view data);
  // What has been written, read back (at most `max_bytes`, else 413).
  StatusOr<std::string> ReadBack(int64_t max_bytes);
  // Makes the bytes durable and renames them to objects/<key>; returns the key.
  StatusOr<std::string> Commit();

 private:
  int fd_;
  std::string temp_path_;
  std::string objects_dir_;
  bool committed_ = false;
};

class LocalStorage {
 public:
  // `root` is PATH; objects/ and tmp/ are created if missing.
  static StatusOr<std::unique_ptr<LocalStorage>> Open(std::string root);

  StatusOr<std::unique_ptr<PendingObject>> Begin();
  // Removes the object (a missing one is not an error).
  Status Remove(std::string_view key);
  // The path of an object relative to objects/ ("ab/abcd…"); keys are hex only.
  static std::string RelativePath(std::string_view key);
  std::string AccelPath(std::string_view key) const {
    return std::string(kAccelPrefix) + RelativePath(key);
  }
  const std::string& root() const { return root_; }

  // Removes temp files and objects older than `min_age_seconds` for which `has_row(key)`
  // is false. Returns how many were removed.
  StatusOr<int> Sweep(int64_t min_age_seconds,
                      const std::function<StatusOr<bool>(std::string_view key)>& has_row);

 private:
  explicit LocalStorage(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

bool IsStorageKey(std::string_view key);

}  // namespace keel::files
