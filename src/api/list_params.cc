// ParseListQuery: query-string fields → a ListQuery that points only into the spec.
#include "api/list_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "api/field_reader.h"
#include "db/list_cursor.h"
#include "http/percent_decode.h"

namespace keel::api {
namespace {

struct Suffix {
  std::string_view text;
  db::FilterOp op;
};
constexpr Suffix kSuffixes[] = {{"_gte", db::FilterOp::kGte},
                                {"_lte", db::FilterOp::kLte},
                                {"_gt", db::FilterOp::kGt},
                                {"_lt", db::FilterOp::kLt}};

bool ParseInt(std::string_view text, int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string FilterValueMessage(const db::ListField& f) {
  std::string name(f.name);
  switch (f.type) {
    case db::FieldType::kUuid:
      return name + " must be a UUID";
    case db::FieldType::kBool:
      return name + " must be true or false";
    case db::FieldType::kInteger:
      return name + " must be an integer";
    case db::FieldType::kNumber:
      return name + " must be a number";
    case db::FieldType::kTimestamp:
      return name + " must be an RFC 3339 date-time or a date like 2026-01-31";
    case db::FieldType::kDate:
      return name + " must be a date like 2026-01-31";
    case db::FieldType::kEnum: {
      std::string list;
      for (std::string_view v : f.values) {
        if (!list.empty()) list += ", ";
        list += v;
      }
      return name + " must be one of: " + list;
    }
    case db::FieldType::kText:
      return name + " must be a single line of at most 255 characters";
  }
  return name + " is invalid";
}

namespace {

// Parses "a,-b" into sort keys; records errors under "sort".
void ParseSort(std::string_view text, const db::ListSpec& spec, std::vector<db::SortKey>& out,
               std::vector<FieldError>& errors) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    bool descending = false;
    if (!item.empty() && item.front() == '-') {
      descending = true;
      item.remove_prefix(1);
    }
    const db::ListField* f = spec.Find(item);
    if (item.empty() || f == nullptr || !f->sortable) {
      std::string allowed;
      for (const db::ListField& s : spec.fields) {
        if (!s.sortable) continue;
        if (!allowed.empty()) allowed += ", ";
        allowed += s.name;
      }
      errors.push_back({"sort", "cannot sort by '" + http::SafeExcerpt(item) +
                                    "'; sortable fields: " + allowed});
      return;
    }
    bool repeated =
        std::any_of(out.begin(), out.end(), [&](const db::SortKey& k) { return k.field == f; });
    if (repeated) {
      errors.push_back({"sort", "sort names " + http::SafeExcerpt(item) + " more than once"});
      return;
    }
    out.push_back({f, descending});
    if (comma == text.size()) break;
  }
}

}  // namespace

bool NormalizeFilterValue(const db::ListField& f, std::string& v) {
  switch (f.type) {
    case db::FieldType::kText:
      return v.size() <= 1024 && Utf8Length(v) <= 255 && v.find_first_of("\r\n") == v.npos;
    case db::FieldType::kEnum:
      return std::find(f.values.begin(), f.values.end(), v) != f.values.end();
    case db::FieldType::kUuid:
      if (!IsUuid(v)) return false;
      std::transform(v.begin(), v.end(), v.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return true;
    case db::FieldType::kBool:
      if (v == "true" || v == "1") {
        v = "true";
        return true;
      }
      if (v == "false" || v == "0") {
        v = "false";
        return true;
      }
      return false;
    case db::FieldType::kInteger: {
      int64_t n;
      return ParseInt(v, n);
    }
    case db::FieldType::kNumber: {
      double d;
      if (v.empty() || v.size() > 64) return false;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      return ec == std::errc() && end == v.data() + v.size() && std::isfinite(d);
    }
    case db::FieldType::kTimestamp:
      return IsRfc3339Timestamp(v) || IsDate(v);
    case db::FieldType::kDate:
      if (IsRfc3339Timestamp(v)) {
        v.resize(10);
        return true;
      }
      return IsDate(v);
  }
  return false;
}

StatusOr<db::ListQuery> ParseListQuery(const http::Fields& query, const db::ListSpec& spec,
                                       std::initializer_list<std::string_view> extra) {
  db::ListQuery out;
  std::vector<FieldError> errors;
  std::string_view sort_text = spec.default_sort;
  std::string_view after_text;
  bool page_given = false;

  for (const http::Field& p : query.all()) {
    const std::string& name = p.name;
    const std::string& value = p.value.text;
    if (name.starts_with("_")) continue;
    if (std::find(extra.begin(), extra.end(), name) != extra.end()) continue;
    if (value.empty()) continue;  // an empty form field is an absent parameter
    if (name == "page") {
      page_given = true;
      if (!ParseInt(value, out.page) || out.page < 1 || out.page > db::kMaxPage) {
        errors.push_back(
            {name, "page must be an integer from 1 to " + std::to_string(db::kMaxPage)});
        out.page = 1;
      }
    } else if (name == "limit") {
      if (!ParseInt(value, out.limit) || out.limit < 1 || out.limit > db::kMaxLimit) {
        errors.push_back(
            {name, "limit must be an integer from 1 to " + std::to_string(db::kMaxLimit)});
        out.limit = db::kDefaultLimit;
      }
    } else if (name == "sort") {
      sort_text = value;
    } else if (name == "after") {
      after_text = value;
    } else if (name == "count") {
      if (value == "none") {
        out.count_total = false;
      } else if (value != "exact") {
        errors.push_back({name, "count must be exact or none"});
      }
    } else if (name == "q" && !spec.search_column.empty()) {
      if (Utf8Length(value) > 255) {
        errors.push_back({name, "q must be at most 255 characters"});
      } else {
        out.search = value;
        out.search_column = spec.search_column;
      }
    } else {
      // NAME=V (equality) or NAME_op=V (comparison).
      const db::ListField* field = spec.Find(name);
      db::FilterOp op = db::FilterOp::kEq;
      if (field == nullptr || !field->filterable) {
        field = nullptr;
        for (const Suffix& s : kSuffixes) {
          if (!name.ends_with(s.text)) continue;
          const db::ListField* f =
              spec.Find(std::string_view(name).substr(0, name.size() - s.text.size()));
          if (f != nullptr && f->ranged) {
            field = f;
            op = s.op;
          }
          break;
        }
      }
      if (field == nullptr) {
        errors.push_back(
            {http::SafeExcerpt(name), "unknown query parameter " + http::SafeExcerpt(name)});
        continue;
      }
      std::string normalized = value;
      if (!NormalizeFilterValue(*field, normalized)) {
        errors.push_back({name, FilterValueMessage(*field)});
        continue;
      }
      out.filters.push_back({field, op, std::move(normalized)});
    }
  }
  ParseSort(sort_text, spec, out.sort, errors);
  if (!after_text.empty() && errors.empty()) {
    std::optional<db::CursorValues> after =
        db::DecodeCursor(after_text, db::SortSignature(out), out.sort.size() + 1);
    if (page_given) {
      errors.push_back({"after", "after and page cannot be used together"});
    } else if (!after || !IsUuid(*after->back())) {
      errors.push_back({"after", "after must be a pagination.next of this list and sort"});
    } else {
      out.after = std::move(*after);
    }
  }
  if (!errors.empty()) return Status::Invalid(std::move(errors));
  return out;
}

}  // namespace keel::api
