// Reading a declared resource's writable fields.
#include "api/resource_body.h"

#include <charconv>

namespace keel::api {
namespace {

// The column's value as text, whatever its type (the reader has checked it).
Value<std::string> ReadValue(FieldReader& r, const resource::Column& c, bool required) {
  using resource::Type;
  auto as_text = [](auto v) {
    Value<std::string> out{.present = v.present, .is_null = v.is_null};
    if (v.has_value()) {
      if constexpr (std::is_same_v<decltype(v.value), bool>) {
        out.value = v.value ? "true" : "false";
      } else if constexpr (std::is_same_v<decltype(v.value), int64_t>) {
        out.value = std::to_string(v.value);
      } else {
        char buffer[32];
        auto end = std::to_chars(buffer, buffer + sizeof buffer, v.value).ptr;
        out.value.assign(buffer, end);
      }
    }
    return out;
  };
  switch (c.type) {
    case Type::kText:
      return r.String(c.name, {.required = required,
                               .max_length = c.max_length,
                               .trim = !c.multiline,
                               .single_line = !c.multiline});
    case Type::kEnum:
      return r.Enum(c.name, c.values, required);
    case Type::kUuid:
      return r.Uuid(c.name, required);
    case Type::kBool:
      return as_text(r.Bool(c.name, required));
    case Type::kInteger:
      return as_text(r.Integer(c.name, c.min, c.max, required));
    case Type::kNumber:
      return as_text(
          r.Number(c.name, static_cast<double>(c.min), static_cast<double>(c.max), required));
    case Type::kTimestamp:
      return r.Timestamp(c.name, required);
    case Type::kDate:
      return r.Date(c.name, required);
  }
  return {};
}

}  // namespace

resource::Changes ReadChanges(FieldReader& r, const resource::Resource& resource, WriteMode mode) {
  const bool patch = mode == WriteMode::kPatch;
  resource::Changes changes(resource);
  for (size_t i = 0; i < resource.columns.size(); ++i) {
    const resource::Column& c = resource.columns[i];
    if (!c.writable) {  // a client may echo it back (e.g. a PUT of what GET returned)
      r.Ignore({c.name});
      continue;
    }
    // In a PATCH, a column that cannot be null must come with a value when named.
    const bool required =
        c.required ? MustHave(r, mode, c.name) : !c.nullable && patch && r.Has(c.name);
    Value<std::string> v = ReadValue(r, c, required);
    if (v.has_value() && !(c.nullable && v.value.empty())) {
      changes.Set(i, std::move(v.value));
    } else if (c.nullable && (!patch || v.present)) {
      changes.Set(i, std::nullopt);
    } else if (!patch && !c.required) {
      changes.Set(
          i, c.default_value.empty() ? std::nullopt : std::optional<std::string>(c.default_value));
    }
  }
  return changes;
}

}  // namespace keel::api
