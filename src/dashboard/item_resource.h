// Dashboard items (seed 000): site-wide content cards (title, content) that admins
// write and every signed-in user reads (the route table says who may write). Unlike
// the other resources they have no owner; `created_by` records the admin who wrote
// them. Table `dashboard_items`, sql/003_resources.sql.
#pragma once

#include "resource/resource.h"

namespace keel::dashboard {

inline constexpr resource::Column kItemColumns[] = {
    resource::columns::kId,
    resource::columns::kTitle,
    resource::columns::LongText("content"),
    {.name = "created_by",
     .type = resource::Type::kUuid,
     .nullable = true,
     .writable = false,
     .description = "The admin who created it (null once that account is deleted)."},
    resource::columns::kCreatedAt,
    resource::columns::kUpdatedAt,
};

inline constexpr db::ConstraintField kItemConstraints[] = {
    {"dashboard_items_title_check", "title", "title is required"},
    {"dashboard_items_content_check", "content", "content is too long"},
};

inline constexpr resource::Resource kItems{
    .path = "dashboard/items",
    .table = "dashboard_items",
    .schema = "DashboardItem",
    .singular = "dashboard_item",
    .summary = "Site-wide dashboard cards: every signed-in user reads them, admins write them.",
    .owner_column = "created_by",
    .owner_scoped = false,
    .columns = kItemColumns,
    .search_column = "title",
    .constraints = kItemConstraints,
};

}  // namespace keel::dashboard
