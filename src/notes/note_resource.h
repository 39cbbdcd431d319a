// Notes: a user's short texts (a title, an optional body), which can be pinned. Table
// `notes`, sql/008_notes.sql; the README's "Adding a resource" walks through them.
//
// Lists sort by created_at, updated_at and title; filter by pinned and title and by
// created_at/updated_at ranges; q searches the title.
#pragma once

#include "resource/resource.h"

namespace keel::notes {

inline constexpr resource::Column kColumns[] = {
    resource::columns::kId,
    resource::columns::kUserId,
    resource::columns::kTitle,
    resource::columns::LongText("body"),
    {.name = "pinned",
     .type = resource::Type::kBool,
     .default_value = "false",
     .filterable = true,
     .description = "Pinned notes come first on the notes page."},
    resource::columns::kCreatedAt,
    resource::columns::kUpdatedAt,
};

inline constexpr db::ConstraintField kConstraints[] = {
    {"notes_title_check", "title", "title is required"},
    {"notes_body_check", "body", "body is too long"},
};

inline constexpr resource::Resource kNotes{
    .path = "notes",
    .table = "notes",
    .schema = "Note",
    .singular = "note",
    .summary = "A user's notes: a title, an optional body, pinned or not.",
    .columns = kColumns,
    .search_column = "title",
    .constraints = kConstraints,
};

}  // namespace keel::notes
