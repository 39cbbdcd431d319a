// The opaque `after=` cursor of cursor pagination (CONTRACT §3 "Lists"): base64url of the
// list's sort signature ("-created_at") and the last row's sort-key values, then its id,
// each length-prefixed ("~" for NULL). Decoding checks the shape and that the cursor was
// made for the same sort; the values themselves only ever reach PostgreSQL as
// parameters, where a value of the wrong type is a 400 like any other bad value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/list_query.h"

namespace keel::db {

using CursorValues = std::vector<std::optional<std::string>>;

// "-created_at,title": the sort keys of `query`, as a client would write them.
std::string SortSignature(const ListQuery& query);

std::string EncodeCursor(std::string_view signature, const CursorValues& values);

// The values (one per sort key, then the id) of a cursor made for `signature`, or
// nullopt if `cursor` is not such a cursor.
std::optional<CursorValues> DecodeCursor(std::string_view cursor, std::string_view signature,
                                         size_t count);

}  // namespace keel::db
