// fuzz-sources: src/http/json_body.cc src/http/percent_decode.cc src/json/safe_parse.cc
// fuzz-sources: src/base/status.cc src/base/utf8.cc
//
// libFuzzer harness for ParseJsonBody (and so json::ParseJson): no crash, no stack
// overflow on nesting, clean fields on success, a safe message on failure; an array
// or object field's text is itself JSON that parses again, and re-serialising the
// fields as a JSON object gives the same fields back.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "http/json_body.h"
#include "json/safe_parse.h"

namespace {

using keel::http::FieldValue;

std::string Reserialise(const keel::http::Fields& fields) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const keel::http::Field& f : fields.all()) {
    w.Key(f.name.data(), static_cast<rapidjson::SizeType>(f.name.size()));
    switch (f.value.kind) {
      case FieldValue::Kind::kNull:
        w.Null();
        break;
      case FieldValue::Kind::kBool:
        w.Bool(f.value.boolean);
        break;
      case FieldValue::Kind::kInteger:
        w.Int64(f.value.integer);
        break;
      case FieldValue::Kind::kNumber:
        w.Double(f.value.number);
        break;
      case FieldValue::Kind::kString:
        w.String(f.value.text.data(), static_cast<rapidjson::SizeType>(f.value.text.size()));
        break;
      case FieldValue::Kind::kArray:
      case FieldValue::Kind::kObject:
        w.RawValue(f.value.text.data(), f.value.text.size(),
                   f.value.kind == FieldValue::Kind::kArray ? rapidjson::kArrayType
                                                            : rapidjson::kObjectType);
        break;
    }
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  keel::StatusOr<keel::http::Fields> fields = keel::http::ParseJsonBody(input);
  if (!fields.ok()) {
    keel::fuzz::CheckErrorIsSafe(fields.status());
    return 0;
  }
  FUZZ_CHECK(!fields->from_form());
  keel::fuzz::CheckFieldsAreClean(*fields);
  for (const keel::http::Field& f : fields->all()) {
    if (f.value.kind == FieldValue::Kind::kArray || f.value.kind == FieldValue::Kind::kObject) {
      rapidjson::Document doc;
      FUZZ_CHECK(keel::json::ParseJson(f.value.text, doc).ok());
      FUZZ_CHECK(f.value.kind == FieldValue::Kind::kArray ? doc.IsArray() : doc.IsObject());
    }
  }
  if (input.empty()) return 0;
  keel::StatusOr<keel::http::Fields> again = keel::http::ParseJsonBody(Reserialise(*fields));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(keel::fuzz::SameFields(*fields, *again));
  return 0;
}
