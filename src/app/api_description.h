// What keel serves, described by keel itself for the OpenAPI document: every row of the
// route tables, and every declared resource with its columns. `keel describe-api` prints
// it; tests/openapi/build-openapi.mjs turns it, with the prose of docs/openapi/base.yaml,
// into docs/openapi.yaml (and a test fails when the committed file differs).
//
//   {"routes": [{"method", "path", "access", "body", "etag", "if_match", "idempotency_key",
//                "resource"?, "operation"?}, ...],
//    "resources": [{"schema", "path", "singular", "summary", "owner_scoped", "search",
//                   "default_sort", "operations": [...], "columns": [{"name", "type",
//                   "nullable", "writable", "required", "default"?, "max_length"?,
//                   "multiline"?, "minimum"?, "maximum"?, "enum"?, "sortable",
//                   "filterable", "ranged", "description"?}, ...]}, ...]}
//
// Paths are absolute (/api/v1/... for the API rows); types are the resource layer's
// (text, enum, uuid, bool, integer, number, timestamp, date). The three flags say which of
// app/http_semantics.h's semantics the route has (its own predicates answer them).
#pragma once

#include <string>

namespace keel {

std::string DescribeApi();

}  // namespace keel
