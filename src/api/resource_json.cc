// Writing a declared resource's row as JSON.
#include "api/resource_json.h"

#include <charconv>

namespace keel::api {

void WriteRow(http::JsonWriter& w, const resource::Resource& resource, const db::Result& rows,
              int row) {
  using resource::Type;
  w.StartObject();
  for (size_t i = 0; i < resource.columns.size(); ++i) {
    const resource::Column& c = resource.columns[i];
    const int col = static_cast<int>(i);
    w.Key(c.name.data(), static_cast<rapidjson::SizeType>(c.name.size()));
    if (rows.IsNull(row, col)) {
      w.Null();
      continue;
    }
    const std::string_view text = rows.Text(row, col);
    switch (c.type) {
      case Type::kBool:
        w.Bool(text == "t");
        break;
      case Type::kInteger:
        // PostgreSQL writes an integer as plain decimal digits: already JSON.
        w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
        break;
      case Type::kNumber: {
        double d = 0;
        std::from_chars(text.data(), text.data() + text.size(), d);
        w.Double(d);
        break;
      }
      default:
        w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    }
  }
  w.EndObject();
}

}  // namespace keel::api
