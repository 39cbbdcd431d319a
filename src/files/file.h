// Files (uploads): a user's stored object and what keel knows of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/list_query.h"

namespace keel::files {

struct File {
  std::string id;
  std::string user_id;
  std::string name;          // sanitised (file_name.h)
  std::string content_type;  // sniffed from the bytes (content_check.h)
  int64_t size = 0;
  std::string sha256;       // hex digest of the bytes
  std::string storage_key;  // never sent to clients
  std::string created_at;   // RFC 3339 UTC
};

// What an upload produced, before it has a row.
struct NewFile {
  std::string name;
  std::string content_type;
  int64_t size = 0;
  std::string sha256;
  std::string storage_key;
};

struct FilePage {
  std::vector<File> items;
  int64_t total = 0;
};

// Lists: sort by created_at, name, size; filter content_type (equality), created_at and
// size ranges; q searches the name.
const db::ListSpec& FileListSpec();

}  // namespace keel::files
