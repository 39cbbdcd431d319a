// Helpers shared by the resource handlers.
#include "api/resource_util.h"

#include <algorithm>
#include <vector>

#include "api/list_params.h"

namespace keel::api {

StatusOr<std::string> PathUuid(const RequestContext& ctx, std::string_view name) {
  std::string id(ctx.params.Get(name));
  if (!IsUuid(id)) return Status::NotFound();
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

Status RejectQuery(RequestContext& ctx) {
  if (ctx.request.query.empty()) return Status::Ok();
  KEEL_ASSIGN_OR_RETURN(const http::Fields* query, ctx.Query());
  std::vector<FieldError> errors;
  for (const http::Field& f : query->all()) {
    if (f.name.starts_with("_")) continue;
    errors.push_back({f.name, "unknown query parameter " + f.name.substr(0, 64)});
  }
  if (errors.empty()) return Status::Ok();
  return Status::Invalid(std::move(errors));
}

StatusOr<db::ListQuery> ListQueryOf(RequestContext& ctx, const db::ListSpec& spec) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* query, ctx.Query());
  KEEL_ASSIGN_OR_RETURN(db::ListQuery list, ParseListQuery(*query, spec));
  list.cursor_out = &ctx.response.page_cursor();
  return list;
}

void WriteOptString(http::JsonWriter& w, std::string_view key,
                    std::optional<std::string_view> value) {
  http::WriteKey(w, key);
  if (value) {
    http::WriteString(w, *value);
  } else {
    w.Null();
  }
}

void WriteStringField(http::JsonWriter& w, std::string_view key, std::string_view value) {
  http::WriteKey(w, key);
  http::WriteString(w, value);
}

}  // namespace keel::api
