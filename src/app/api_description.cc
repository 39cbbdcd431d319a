// keel's routes and resources as JSON (see api_description.h).
#include "app/api_description.h"

#include <limits>
#include <vector>

#include "api/routes.h"
#include "app/http_semantics.h"
#include "http/json_writer.h"

namespace keel {

using api::Access;
using api::ApiRoutes;
using api::Body;
using api::Route;
using api::TopLevelRoutes;
namespace {

using resource::Operation;
using resource::Type;

const char* AccessName(Access a) {
  switch (a) {
    case Access::kPublic:
      return "public";
    case Access::kUser:
      return "user";
    case Access::kOwnerRead:
      return "owner_read";
    case Access::kOwnerWrite:
      return "owner_write";
    case Access::kAdmin:
      return "admin";
    case Access::kInternal:
      return "internal";
  }
  return "public";
}

const char* TypeName(Type t) {
  switch (t) {
    case Type::kText:
      return "text";
    case Type::kEnum:
      return "enum";
    case Type::kUuid:
      return "uuid";
    case Type::kBool:
      return "bool";
    case Type::kInteger:
      return "integer";
    case Type::kNumber:
      return "number";
    case Type::kTimestamp:
      return "timestamp";
    case Type::kDate:
      return "date";
  }
  return "text";
}

struct OperationName {
  Operation op;
  const char* name;
};
constexpr OperationName kOperations[] = {
    {Operation::kList, "list"},   {Operation::kCreate, "create"},
    {Operation::kRead, "read"},   {Operation::kReplace, "replace"},
    {Operation::kPatch, "patch"}, {Operation::kDelete, "delete"},
};

const char* NameOf(Operation op) {
  for (const OperationName& o : kOperations) {
    if (o.op == op) return o.name;
  }
  return "";
}

void Text(http::JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

// `api`: a row of the API table, which has the semantics of app/http_semantics.h.
void WriteRoute(http::JsonWriter& w, const Route& r, std::string_view prefix, bool api) {
  w.StartObject();
  Text(w, "method", http::MethodName(r.method));
  Text(w, "path", std::string(prefix) + r.path);
  Text(w, "access", AccessName(r.access));
  Text(w, "body", r.body == Body::kStreamed ? "streamed" : "buffered");
  w.Key("etag");
  w.Bool(api && TagsReads(r));
  w.Key("if_match");
  w.Bool(api && ReadTwinOf(r) != nullptr);
  w.Key("idempotency_key");
  w.Bool(api && TakesIdempotencyKey(r));
  if (r.resource != nullptr) {
    Text(w, "resource", r.resource->schema);
    Text(w, "operation", NameOf(r.operation));
  }
  w.EndObject();
}

void WriteColumn(http::JsonWriter& w, const resource::Column& c) {
  w.StartObject();
  Text(w, "name", c.name);
  Text(w, "type", TypeName(c.type));
  w.Key("nullable");
  w.Bool(c.nullable);
  w.Key("writable");
  w.Bool(c.writable);
  w.Key("required");
  w.Bool(c.required);
  if (!c.default_value.empty()) Text(w, "default", c.default_value);
  if (c.type == Type::kText) {
    w.Key("max_length");
    w.Uint64(c.max_length);
    w.Key("multiline");
    w.Bool(c.multiline);
  }
  if (c.type == Type::kInteger || c.type == Type::kNumber) {
    if (c.min != std::numeric_limits<int64_t>::min()) {
      w.Key("minimum");
      w.Int64(c.min);
    }
    if (c.max != std::numeric_limits<int64_t>::max()) {
      w.Key("maximum");
      w.Int64(c.max);
    }
  }
  if (!c.values.empty()) {
    w.Key("enum");
    w.StartArray();
    for (std::string_view v : c.values)
      w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    w.EndArray();
  }
  w.Key("sortable");
  w.Bool(c.sortable);
  w.Key("filterable");
  w.Bool(c.filterable);
  w.Key("ranged");
  w.Bool(c.ranged);
  if (!c.description.empty()) Text(w, "description", c.description);
  w.EndObject();
}

void WriteResource(http::JsonWriter& w, const resource::Resource& r) {
  w.StartObject();
  Text(w, "schema", r.schema);
  Text(w, "path", "/api/v1/" + std::string(r.path));
  Text(w, "singular", r.singular);
  Text(w, "summary", r.summary);
  w.Key("owner_scoped");
  w.Bool(r.owner_scoped);
  Text(w, "search", r.search_column);
  Text(w, "default_sort", r.default_sort);
  w.Key("operations");
  w.StartArray();
  for (const OperationName& o : kOperations) {
    if (r.offers(o.op)) w.String(o.name);
  }
  w.EndArray();
  w.Key("columns");
  w.StartArray();
  for (const resource::Column& c : r.columns) WriteColumn(w, c);
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string DescribeApi() {
  rapidjson::StringBuffer buffer;
  http::JsonWriter w(buffer);
  std::vector<const resource::Resource*> resources;
  w.StartObject();
  w.Key("routes");
  w.StartArray();
  for (const Route& r : TopLevelRoutes()) WriteRoute(w, r, "", false);
  for (const Route& r : ApiRoutes()) {
    WriteRoute(w, r, "/api/v1", true);
    if (r.resource != nullptr && (resources.empty() || resources.back() != r.resource)) {
      resources.push_back(r.resource);
    }
  }
  w.EndArray();
  w.Key("resources");
  w.StartArray();
  for (const resource::Resource* r : resources) WriteResource(w, *r);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace keel
