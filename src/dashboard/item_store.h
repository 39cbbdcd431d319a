// ItemStore: the SQL of dashboard items. Who may write them is decided by the route
// table (Access::kAdmin); the store itself does not scope by user because items are
// shared by everybody.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "dashboard/item.h"
#include "db/connection.h"
#include "db/list_query.h"

namespace keel::dashboard {

// `changes.title` must be set; `created_by` is the writing admin's user id.
StatusOr<Item> CreateItem(db::Connection& db, std::string_view created_by,
                          const ItemChanges& changes);
StatusOr<Item> GetItem(db::Connection& db, std::string_view id);
StatusOr<Item> UpdateItem(db::Connection& db, std::string_view id, const ItemChanges& changes);
Status DeleteItem(db::Connection& db, std::string_view id);
StatusOr<ItemPage> ListItems(db::Connection& db, const db::ListQuery& query);
// The `limit` most recently created items (for dashboard/data).
StatusOr<std::vector<Item>> LatestItems(db::Connection& db, int64_t limit);

}  // namespace keel::dashboard
