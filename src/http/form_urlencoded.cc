// ParseFormUrlencoded: one pass over '&'-separated pairs (see form_urlencoded.h).
#include "http/form_urlencoded.h"

#include <algorithm>
#include <string>
#include <utility>

#include "http/percent_decode.h"

namespace keel::http {
namespace detail {

StatusOr<Fields> ParseUrlencodedPairs(std::string_view input, const FormLimits& limits,
                                      std::string_view noun) {
  Fields fields;
  fields.set_from_form(true);
  // One allocation for every pair (bounded by max_fields), none growing the vector.
  fields.Reserve(std::min<size_t>(
      static_cast<size_t>(std::count(input.begin(), input.end(), '&')) + 1, limits.max_fields));
  size_t pos = 0;
  while (pos <= input.size()) {
    size_t end = input.find('&', pos);
    if (end == std::string_view::npos) end = input.size();
    std::string_view pair = input.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;

    if (fields.size() >= limits.max_fields) {
      return Status::BadRequest("too many " + std::string(noun) + "s (at most " +
                                std::to_string(limits.max_fields) + ")");
    }
    size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);

    KEEL_ASSIGN_OR_RETURN(std::string name,
                          DecodeFieldName(raw_name, PlusMode::kSpace, limits.max_name_bytes));
    KEEL_ASSIGN_OR_RETURN(std::string value, DecodeFieldValue(name, raw_value, PlusMode::kSpace,
                                                              limits.max_value_bytes));

    FieldValue field_value;
    field_value.kind = FieldValue::Kind::kString;
    field_value.text = std::move(value);
    if (fields.Has(name)) {
      std::string shown = SafeExcerpt(name);
      return Status::InvalidField(shown, "duplicate " + std::string(noun) + " \"" + shown + "\"");
    }
    fields.Add(std::move(name), std::move(field_value));
  }
  return fields;
}

}  // namespace detail

StatusOr<Fields> ParseFormUrlencoded(std::string_view body, const FormLimits& limits) {
  return detail::ParseUrlencodedPairs(body, limits, "field");
}

}  // namespace keel::http
