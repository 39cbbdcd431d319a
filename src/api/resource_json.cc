// Writing a declared resource's row as JSON.
#include "api/resource_json.h"

#include <charconv>

namespace keel::api {

RowWriter::RowWriter(const resource::Resource& resource) : resource_(resource) {
  keys_.reserve(resource.columns.size());
  for (const resource::Column& c : resource.columns) keys_.emplace_back(c.name);
}

void RowWriter::Write(http::JsonWriter& w, const db::Result& rows, int row) const {
  using resource::Type;
  w.BeginObjectBytes();
  for (size_t i = 0; i < resource_.columns.size(); ++i) {
    const resource::Column& c = resource_.columns[i];
    const int col = static_cast<int>(i);
    w.AppendKey(keys_[i]);
    const std::string_view text = rows.Text(row, col);
    // libpq gives NULL as "": only an empty value can be one.
    if (text.empty() && rows.IsNull(row, col)) {
      w.AppendJson("null");
      continue;
    }
    switch (c.type) {
      case Type::kBool:
        w.AppendJson(text == "t" ? "true" : "false");
        break;
      case Type::kInteger:
        // PostgreSQL writes an integer as plain decimal digits: already JSON.
        w.AppendJson(text);
        break;
      case Type::kNumber: {
        double d = 0;
        std::from_chars(text.data(), text.data() + text.size(), d);
        w.AppendDouble(d);
        break;
      }
      case Type::kText:
        w.AppendString(text);
        break;
      case Type::kEnum:  // one of the declared values (the reader and a CHECK saw to it)
      case Type::kUuid:
      case Type::kTimestamp:
      case Type::kDate:
        w.AppendPlainString(text);
    }
  }
  w.EndObjectBytes();
}

}  // namespace keel::api
