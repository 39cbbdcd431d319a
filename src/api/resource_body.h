// The body reader of every declared resource (resource/resource.h): the request's
// fields (JSON, form or multipart alike, through api/field_reader.h) checked against the
// declaration's writable columns and turned into resource::Changes.
//
//   required column   a create or a PUT must give a non-null value; a PATCH only if it
//                     names the field
//   nullable column   absent (create/PUT) or null or "" → NULL
//   other columns     absent or null (create/PUT) → the declared default; a PATCH that
//                     names one must give a value
//
// Each value is checked by its type and bounds (text length, enum values, integer
// range, UUID, date, RFC 3339 timestamp) and normalised to the text PostgreSQL takes.
// Unknown fields are refused by the caller (FieldReader::Finish, api/resource_util.h).
#pragma once

#include "api/field_reader.h"
#include "api/resource_util.h"
#include "resource/resource.h"
#include "resource/store.h"

namespace keel::api {

resource::Changes ReadChanges(FieldReader& reader, const resource::Resource& resource,
                              WriteMode mode);

}  // namespace keel::api
