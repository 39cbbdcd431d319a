// The list parameters of CONTRACT §3, parsed from a query string and validated against
// a resource's ListSpec (db/list_query.h):
//
//   page    ≥ 1, default 1            limit  1–100, default 20
//   sort    comma list of the spec's sortable fields, "-" for descending
//           (default: the spec's default_sort); a field at most once
//   q       case-insensitive substring of the spec's search column (≤ 255 characters)
//   NAME=V                   equality, for the spec's filterable fields
//   NAME_gt|_gte|_lt|_lte=V  comparisons, for its ranged fields (dates, numbers)
//   after   a pagination.next of the same list and sort: the page after that row
//           (keyset, so rows inserted meanwhile never shift or repeat it); not with page
//   count   exact (default) or none: no total is counted (pagination has no total/pages)
//
// Values are checked by the field's type (UUID, enum, boolean, number, RFC 3339
// timestamp or date). An empty value is the same as an absent parameter (HTML forms
// send empty fields). Parameters starting with "_" are ignored. Anything else — an
// unknown parameter, sort field or operator — is a 400 VALIDATION_ERROR naming it;
// every problem is listed in `details`, the first in `field`.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "base/status.h"
#include "db/list_query.h"
#include "http/fields.h"

namespace keel::api {

// `extra` names further parameters the route reads itself (they are skipped here).
StatusOr<db::ListQuery> ParseListQuery(const http::Fields& query, const db::ListSpec& spec,
                                       std::initializer_list<std::string_view> extra = {});

// Checks and normalises one filter value for `type` (also used for single query
// arguments such as from= and to=). Returns false if the value is not of that type.
bool NormalizeFilterValue(const db::ListField& field, std::string& value);
// The message for a value NormalizeFilterValue refused ("due_date must be a date ...").
std::string FilterValueMessage(const db::ListField& field);

}  // namespace keel::api
