// The JSON writer of every declared resource: one row of libpq's result (the
// declaration's columns in order, as resource/statements.h selects them) written as the
// resource's JSON object, straight from the row's text into the response buffer: NULL as
// null, kBool as true/false, kInteger and kNumber as numbers, the rest as strings. The
// members go in as bytes (JsonWriter::BeginObjectBytes), not through RapidJSON's
// per-value state machine: a page of 20 tasks is 220 values, and that machine's
// bookkeeping was a third of the instructions of the whole request.
#pragma once

#include <vector>

#include "db/result.h"
#include "http/json_writer.h"
#include "resource/resource.h"

namespace keel::api {

// Writes rows of one resource; made once per page (it prepares the member names).
class RowWriter {
 public:
  explicit RowWriter(const resource::Resource& resource);
  void Write(http::JsonWriter& w, const db::Result& rows, int row) const;
  // Every row of `rows`, one after the other.
  void WriteAll(http::JsonWriter& w, const db::Result& rows) const {
    for (int i = 0; i < rows.rows(); ++i) Write(w, rows, i);
  }

 private:
  const resource::Resource& resource_;
  std::vector<http::JsonKey> keys_;
};

// One row (a single object's answer).
inline void WriteRow(http::JsonWriter& w, const resource::Resource& resource,
                     const db::Result& rows, int row) {
  RowWriter(resource).Write(w, rows, row);
}

}  // namespace keel::api
