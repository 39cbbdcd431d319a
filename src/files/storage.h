// Storage: where uploaded bytes live, behind one interface (KEEL_STORAGE).
//
//   local:PATH       LocalStorage (files/local_storage.h): a directory, served by nginx
//                    from an internal location (a mount several hosts share, if they do)
//   webdav:URL       WebDavStorage (files/webdav_storage.h): a WebDAV server (nginx's dav
//                    module, Nextcloud, Apache mod_dav), HTTP Basic auth from the URL's
//                    user:password, written with libcurl and served by nginx through an
//                    internal proxy location — the store for several hosts
//
// Every upload is first written to a local temp file (PendingObject) while it is hashed
// and checked; Commit() then publishes it whole under a new random key: a rename for a
// local store, a PUT (which nginx's dav module, like most, writes to a temp file and
// renames) for WebDAV. So an object is never visible half-written, and a row is inserted
// only once its object exists.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::files {

class Storage;

class PendingObject {
 public:
  PendingObject(int fd, std::string temp_path, Storage& storage);
  ~PendingObject();  // removes the temp file unless the store took it
  PendingObject(const PendingObject&) = delete;
  PendingObject& operator=(const PendingObject&) = delete;

  Status Write(std::string_view data);
  // What has been written, read back (at most `max_bytes`, else 413).
  StatusOr<std::string> ReadBack(int64_t max_bytes);
  // Makes the bytes durable and publishes them under a new key; returns the key.
  StatusOr<std::string> Commit();

 private:
  int fd_;
  std::string temp_path_;
  Storage& storage_;
  bool consumed_ = false;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // A temp file for a new upload.
  StatusOr<std::unique_ptr<PendingObject>> Begin();
  // Removes the object (a missing one is not an error).
  virtual Status Remove(std::string_view key) = 0;
  // The internal URI nginx serves the object at (X-Accel-Redirect).
  virtual std::string AccelPath(std::string_view key) const = 0;

  // For PendingObject::Commit: publishes the complete, fsync'ed temp file under `key`;
  // sets `consumed` when the temp file is gone (renamed away).
  virtual Status Publish(const std::string& temp_path, int fd, std::string_view key,
                         bool& consumed) = 0;

  // The path of an object relative to the store's objects/ ("ab/abcd…").
  static std::string RelativePath(std::string_view key);

 protected:
  // Where temp files are made (on the store's file system for a local store).
  virtual std::string TempDir() const = 0;
};

bool IsStorageKey(std::string_view key);

// The store a KEEL_STORAGE value names.
StatusOr<std::unique_ptr<Storage>> OpenStorage(const std::string& setting);

}  // namespace keel::files
