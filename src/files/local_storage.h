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

#include "files/storage.h"

namespace keel::files {

// The URI prefix of nginx's internal location for a local store's objects.
inline constexpr std::string_view kAccelPrefix = "/_keel_files/";

class LocalStorage : public Storage {
 public:
  // `root` is PATH; objects/ and tmp/ are created if missing.
  static StatusOr<std::unique_ptr<LocalStorage>> Open(std::string root);

  Status Remove(std::string_view key) override;
  std::string AccelPath(std::string_view key) const override {
    return std::string(kAccelPrefix) + RelativePath(key);
  }
  Status Publish(const std::string& temp_path, int fd, std::string_view key,
                 bool& consumed) override;
  const std::string& root() const { return root_; }

  // Removes temp files and objects older than `min_age_seconds` for which `has_row(key)`
  // is false. Returns how many were removed.
  StatusOr<int> Sweep(int64_t min_age_seconds,
                      const std::function<StatusOr<bool>(std::string_view key)>& has_row);

 protected:
  std::string TempDir() const override { return root_ + "/tmp"; }

 private:
  explicit LocalStorage(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

}  // namespace keel::files
