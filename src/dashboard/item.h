// Dashboard items (seed 000): site-wide content cards (title, content) that admins
// write and every signed-in user reads. Unlike the other resources they have no owner;
// `created_by` records the admin who wrote them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/change.h"
#include "db/list_query.h"

namespace keel::dashboard {

inline constexpr size_t kMaxTitle = 255;
inline constexpr size_t kMaxContent = 20000;

struct Item {
  std::string id;
  std::string title;
  std::optional<std::string> content;
  std::optional<std::string> created_by;  // null once that account is deleted
  std::string created_at;                 // RFC 3339 UTC
  std::string updated_at;
};

struct ItemChanges {
  Change<std::string> title;
  Change<std::optional<std::string>> content;
};

struct ItemPage {
  std::vector<Item> items;
  int64_t total = 0;
};

// Lists: sort by created_at, updated_at, title; created_at/updated_at ranges; q
// searches the title.
const db::ListSpec& ItemListSpec();

}  // namespace keel::dashboard
