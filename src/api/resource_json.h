// The JSON writer of every declared resource: one row of libpq's result (the
// declaration's columns in order, as resource/statements.h selects them) written as the
// resource's JSON object, straight from the row's text into the response buffer: NULL as
// null, kBool as true/false, kInteger and kNumber as numbers, the rest as strings. The
// members go in as bytes (JsonWriter::BeginObjectBytes), not through RapidJSON's
// per-value state machine: a page of 20 tasks is 220 values, and that machine's
// bookkeeping was a third of the instructions of the whole request.
#pragma once

#include "db/result.h"
#include "http/json_writer.h"
#include "resource/resource.h"

namespace keel::api {

void WriteRow(http::JsonWriter& w, const resource::Resource& resource, const db::Result& rows,
              int row);

}  // namespace keel::api
