// Safe JSON parsing: RapidJSON with its known traps closed.
//
// RapidJSON 1.1 as shipped by Debian will happily: overflow the stack on deeply nested
// input, keep duplicate object keys (first wins on lookup), turn integers beyond 64
// bits into doubles, accept "\u0000" inside strings, and accept invalid UTF-8 unless
// asked not to. ParseJson refuses all of these, so a Document it returns is shallow
// (depth <= kMaxJsonDepth), has unique keys, holds only int64 or finite double numbers,
// and strings that are valid UTF-8 without NUL. Callers must still check a value's
// type before calling an accessor (RapidJSON asserts and aborts on a wrong-type call);
// json/read.h has helpers that do.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "base/status.h"

namespace keel::json {

inline constexpr int kMaxJsonDepth = 32;

// Parses `text` into `doc`. On error returns a kBadRequest Status whose message says
// what was wrong (position included), suitable for a client.
Status ParseJson(std::string_view text, rapidjson::Document& doc);

}  // namespace keel::json
