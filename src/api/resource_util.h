// Small helpers shared by the resource handlers (tasks, projects, time entries, ...):
// the {id} path parameter, the body as a FieldReader, Create's 201 + Location, and the
// JSON spellings of optional values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "api/context.h"
#include "api/field_reader.h"
#include "db/list_query.h"
#include "http/response.h"

namespace keel::api {

// How a body is applied to a resource (CONTRACT §3): POST creates, PUT replaces the
// writable fields (an absent optional field becomes null or its default), PATCH changes
// only the fields sent. A required field may be omitted only in a PATCH, and never
// set to null.
enum class WriteMode { kCreate, kReplace, kPatch };

// Whether `name` must be given a non-null value under `mode`.
inline bool MustHave(const FieldReader& reader, WriteMode mode, std::string_view name) {
  return mode != WriteMode::kPatch || reader.Has(name);
}

// The path parameter `name` as a lower-cased UUID. Anything that is not a UUID is
// NOT_FOUND, exactly like an id that does not exist (never a 400 or a 500).
StatusOr<std::string> PathUuid(const RequestContext& ctx, std::string_view name = "id");

// Single-object routes take no query parameters: any (other than "_…") is a 400
// VALIDATION_ERROR naming it (CONTRACT §3).
Status RejectQuery(RequestContext& ctx);

// The list parameters of the query string, validated against `spec` (api/list_params.h).
StatusOr<db::ListQuery> ListQueryOf(RequestContext& ctx, const db::ListSpec& spec);

// Validates the body with `read(FieldReader&, WriteMode)` (which returns the domain's
// changes struct), then rejects unknown fields and any query parameter. Every problem
// is reported at once, as one VALIDATION_ERROR.
template <typename Read>
auto ReadBody(RequestContext& ctx, WriteMode mode, Read&& read)
    -> StatusOr<decltype(read(std::declval<FieldReader&>(), mode))> {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader reader(*body);
  auto changes = read(reader, mode);
  KEEL_RETURN_IF_ERROR(reader.Finish());
  return changes;
}

// A nullable text field: null when sent as null or as "" (what an emptied form field
// sends), else its value.
inline std::optional<std::string> NullIfEmpty(const Value<std::string>& v) {
  if (!v.has_value() || v.value.empty()) return std::nullopt;
  return v.value;
}

// Answers 201 with `Location: /api/v1/<collection>/<id>`; write_data writes the object.
template <typename WriteData>
void RespondCreated(RequestContext& ctx, std::string_view collection, std::string_view id,
                    WriteData&& write_data) {
  ctx.response.AddHeader("Location", "/api/v1/" + std::string(collection) + "/" + std::string(id));
  ctx.response.Json(201, std::forward<WriteData>(write_data));
}

// "key": "text" or "key": null.
void WriteOptString(http::JsonWriter& w, std::string_view key,
                    std::optional<std::string_view> value);
// "key": "text".
void WriteStringField(http::JsonWriter& w, std::string_view key, std::string_view value);

}  // namespace keel::api
