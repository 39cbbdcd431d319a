// ParseJsonBody: json::ParseJson, then one pass over the root object's members
// (see json_body.h).
#include "http/json_body.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <utility>

#include "http/percent_decode.h"
#include "json/safe_parse.h"

namespace keel::http {
namespace {

// The compact JSON text of `value`. The value came from ParseJson, so its depth is at
// most 32 and Writer's recursion is bounded.
std::string CompactJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

StatusOr<Fields> ParseJsonBody(std::string_view body, const FormLimits& limits) {
  Fields fields;
  if (body.empty()) return fields;

  rapidjson::Document doc;
  Status parsed = json::ParseJson(body, doc);
  if (!parsed.ok()) {
    // ParseJson may quote a (decoded) key; pass its message through SafeExcerpt so no
    // control character or broken UTF-8 reaches the client.
    return Status::Error(parsed.code(), SafeExcerpt(parsed.message(), 160));
  }
  if (!doc.IsObject()) return Status::BadRequest("request body must be a JSON object");
  if (doc.MemberCount() > limits.max_fields) {
    return Status::BadRequest("too many fields (at most " + std::to_string(limits.max_fields) +
                              ")");
  }

  // Counted rather than iterator-compared: RapidJSON's iterator operators are ambiguous
  // under C++20's reversed-operator rules (clang -Wambiguous-reversed-operator).
  auto member = doc.MemberBegin();
  for (rapidjson::SizeType i = 0; i < doc.MemberCount(); ++i, ++member) {
    std::string name(member->name.GetString(), member->name.GetStringLength());
    KEEL_RETURN_IF_ERROR(CheckFieldName(name, limits.max_name_bytes));
    const rapidjson::Value& v = member->value;
    FieldValue value;
    if (v.IsNull()) {
      value.kind = FieldValue::Kind::kNull;
    } else if (v.IsBool()) {
      value.kind = FieldValue::Kind::kBool;
      value.boolean = v.GetBool();
    } else if (v.IsInt64()) {
      value.kind = FieldValue::Kind::kInteger;
      value.integer = v.GetInt64();
      value.number = static_cast<double>(value.integer);
    } else if (v.IsDouble()) {
      value.kind = FieldValue::Kind::kNumber;
      value.number = v.GetDouble();
    } else if (v.IsString()) {
      value.kind = FieldValue::Kind::kString;
      value.text.assign(v.GetString(), v.GetStringLength());
      KEEL_RETURN_IF_ERROR(CheckFieldValue(name, value.text, limits.max_value_bytes));
    } else if (v.IsArray() || v.IsObject()) {
      value.kind = v.IsArray() ? FieldValue::Kind::kArray : FieldValue::Kind::kObject;
      value.text = CompactJson(v);
      // RapidJSON 1.1 decodes a lone low-surrogate escape ("\udc00") into bytes that are
      // not UTF-8 even with encoding validation on; never pass such text along.
      if (!IsValidUtf8(value.text)) {
        return Status::BadRequest("value of field \"" + SafeExcerpt(name) +
                                  "\" is not valid UTF-8");
      }
    } else {
      // A uint64 above INT64_MAX; ParseJson refuses these, so this is only defence.
      return Status::BadRequest("value of field \"" + SafeExcerpt(name) + "\" is out of range");
    }
    if (!fields.Add(std::move(name), std::move(value))) {
      // ParseJson refuses duplicate keys; keep the invariant even if that changes.
      return Status::BadRequest("duplicate field");
    }
  }
  return fields;
}

}  // namespace keel::http
