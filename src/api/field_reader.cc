// FieldReader: typed getters with per-field errors, and the unknown-field check.
#include "api/field_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "http/percent_decode.h"

namespace keel::api {
namespace {

constexpr std::string_view kReadOnlyFields[] = {"id", "user_id", "created_at", "updated_at",
                                                "duration_minutes"};

std::string Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
    --e;
  return std::string(s.substr(b, e - b));
}

bool Digits(std::string_view s, size_t from, size_t count) {
  if (from + count > s.size()) return false;
  for (size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number2(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

bool ValidCalendarDate(std::string_view s) {
  // YYYY-MM-DD with a real day of that month.
  if (s.size() < 10 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2)) {
    return false;
  }
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + Number2(s, 2);
  int month = Number2(s, 5), day = Number2(s, 8);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day;
}

}  // namespace

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

bool IsDate(std::string_view s) { return s.size() == 10 && ValidCalendarDate(s); }

bool IsRfc3339Timestamp(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  if (s.size() < 20 || s.size() > 40 || !ValidCalendarDate(s)) return false;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
  if (!Digits(s, 11, 2) || s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2)) {
    return false;
  }
  if (Number2(s, 11) > 23 || Number2(s, 14) > 59 || Number2(s, 17) > 60) return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || i - start > 9) return false;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    return i + 6 == s.size() && Digits(s, i + 1, 2) && s[i + 3] == ':' && Digits(s, i + 4, 2) &&
           Number2(s, i + 1) <= 23 && Number2(s, i + 4) <= 59;
  }
  return false;
}

void FieldReader::Fail(std::string_view name, std::string message) {
  errors_.push_back(FieldError{std::string(name), std::move(message)});
}

void FieldReader::AddError(std::string field, std::string message) {
  errors_.push_back(FieldError{std::move(field), std::move(message)});
}

void FieldReader::Ignore(std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) read_.emplace_back(n);
}

const http::FieldValue* FieldReader::Lookup(std::string_view name, bool required, bool& missing) {
  read_.emplace_back(name);
  const http::FieldValue* v = fields_.Find(name);
  missing = v == nullptr || v->kind == http::FieldValue::Kind::kNull;
  if (missing && required) Fail(name, std::string(name) + " is required");
  return v;
}

Value<std::string> FieldReader::String(std::string_view name, const StringRule& rule) {
  Value<std::string> out;
  bool missing = false;
  const http::FieldValue* v = Lookup(name, rule.required, missing);
  out.present = v != nullptr;
  if (missing) {
    out.is_null = out.present;
    return out;
  }
  if (v->kind != http::FieldValue::Kind::kString) {
    Fail(name, std::string(name) + " must be a string");
    return out;
  }
  std::string text = rule.trim ? Trimmed(v->text) : v->text;
  if (rule.single_line && text.find_first_of("\r\n") != std::string::npos) {
    Fail(name, std::string(name) + " must be a single line");
    return out;
  }
  size_t length = Utf8Length(text);
  if (length < std::max<size_t>(rule.min_length, rule.required ? 1 : 0)) {
    Fail(name, rule.required && length == 0 ? std::string(name) + " is required"
                                            : std::string(name) + " must be at least " +
                                                  std::to_string(rule.min_length) + " characters");
    return out;
  }
  if (length > rule.max_length) {
    Fail(name,
         std::string(name) + " must be at most " + std::to_string(rule.max_length) + " characters");
    return out;
  }
  out.value = std::move(text);
  return out;
}

Value<std::string> FieldReader::Email(std::string_view name, bool required) {
  Value<std::string> out = String(name, StringRule{.required = required, .max_length = 255});
  if (!out.has_value()) return out;
  std::string& e = out.value;
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t at = e.find('@');
  bool plausible = at != std::string::npos && at > 0 && at == e.rfind('@') &&
                   e.find('.', at + 2) != std::string::npos && e.back() != '.' &&
                   e.find_first_of(" \t<>()[],;:\\\"") == std::string::npos && e.size() <= 254;
  if (!plausible) {
    Fail(name, std::string(name) + " must be a valid email address");
    out.value.clear();
    out.present = true;
    out.is_null = true;
  }
  return out;
}

Value<int64_t> FieldReader::Integer(std::string_view name, int64_t min, int64_t max,
                                    bool required) {
  Value<int64_t> out;
  bool missing = false;
  const http::FieldValue* v = Lookup(name, required, missing);
  out.present = v != nullptr;
  if (missing) {
    out.is_null = out.present;
    return out;
  }
  int64_t n = 0;
  bool ok = false;
  if (v->kind == http::FieldValue::Kind::kInteger) {
    n = v->integer;
    ok = true;
  } else if (v->kind == http::FieldValue::Kind::kString && fields_.from_form()) {
    if (v->text.empty()) {
      out.is_null = true;
      if (required) Fail(name, std::string(name) + " is required");
      return out;
    }
    auto [end, ec] = std::from_chars(v->text.data(), v->text.data() + v->text.size(), n);
    ok = ec == std::errc() && end == v->text.data() + v->text.size();
  }
  if (!ok) {
    Fail(name, std::string(name) + " must be an integer");
  } else if (n < min || n > max) {
    Fail(name, std::string(name) + " must be between " + std::to_string(min) + " and " +
                   std::to_string(max));
  } else {
    out.value = n;
  }
  return out;
}

Value<double> FieldReader::Number(std::string_view name, double min, double max, bool required) {
  Value<double> out;
  bool missing = false;
  const http::FieldValue* v = Lookup(name, required, missing);
  out.present = v != nullptr;
  if (missing) {
    out.is_null = out.present;
    return out;
  }
  double d = 0;
  bool ok = false;
  if (v->kind == http::FieldValue::Kind::kInteger || v->kind == http::FieldValue::Kind::kNumber) {
    d = v->number;
    ok = true;
  } else if (v->kind == http::FieldValue::Kind::kString && fields_.from_form()) {
    if (v->text.empty()) {
      out.is_null = true;
      if (required) Fail(name, std::string(name) + " is required");
      return out;
    }
    auto [end, ec] = std::from_chars(v->text.data(), v->text.data() + v->text.size(), d);
    ok = ec == std::errc() && end == v->text.data() + v->text.size();
  }
  if (!ok || !std::isfinite(d)) {
    Fail(name, std::string(name) + " must be a number");
  } else if (d < min || d > max) {
    Fail(name, std::string(name) + " is out of range");
  } else {
    out.value = d;
  }
  return out;
}

Value<bool> FieldReader::Bool(std::string_view name, bool required) {
  Value<bool> out;
  bool missing = false;
  const http::FieldValue* v = Lookup(name, required, missing);
  out.present = v != nullptr;
  if (missing) {
    out.is_null = out.present;
    return out;
  }
  if (v->kind == http::FieldValue::Kind::kBool) {
    out.value = v->boolean;
  } else if (v->kind == http::FieldValue::Kind::kString && fields_.from_form() &&
             (v->text == "true" || v->text == "1" || v->text == "on")) {
    out.value = true;
  } else if (v->kind == http::FieldValue::Kind::kString && fields_.from_form() &&
             (v->text == "false" || v->text == "0" || v->text == "off")) {
    out.value = false;
  } else {
    Fail(name, std::string(name) + " must be true or false");
  }
  return out;
}

Value<std::string> FieldReader::Enum(std::string_view name,
                                     std::span<const std::string_view> allowed, bool required) {
  Value<std::string> out =
      String(name, StringRule{.required = required, .max_length = 64, .trim = false});
  if (!out.has_value()) return out;
  if (std::find(allowed.begin(), allowed.end(), out.value) == allowed.end()) {
    std::string list;
    for (std::string_view a : allowed) {
      if (!list.empty()) list += ", ";
      list += a;
    }
    Fail(name, std::string(name) + " must be one of: " + list);
    out.is_null = true;
  }
  return out;
}

bool FieldReader::EmptyFormValueIsNull(std::string_view name, bool required,
                                       Value<std::string>& out) {
  if (!out.present || out.is_null || !out.value.empty() || !fields_.from_form()) return false;
  out.is_null = true;
  if (required) Fail(name, std::string(name) + " is required");
  return true;
}

Value<std::string> FieldReader::Timestamp(std::string_view name, bool required) {
  Value<std::string> out =
      String(name, StringRule{.required = required, .max_length = 40, .trim = true});
  if (EmptyFormValueIsNull(name, required, out)) return out;
  if (out.has_value() && !IsRfc3339Timestamp(out.value)) {
    Fail(name, std::string(name) + " must be an RFC 3339 date-time like 2026-01-31T09:00:00Z");
    out.is_null = true;
  }
  return out;
}

Value<std::string> FieldReader::Date(std::string_view name, bool required) {
  Value<std::string> out =
      String(name, StringRule{.required = required, .max_length = 40, .trim = true});
  if (EmptyFormValueIsNull(name, required, out)) return out;
  if (!out.has_value()) return out;
  if (IsRfc3339Timestamp(out.value)) {
    out.value.resize(10);
  } else if (!IsDate(out.value)) {
    Fail(name, std::string(name) + " must be a date like 2026-01-31");
    out.is_null = true;
  }
  return out;
}

Value<std::string> FieldReader::Uuid(std::string_view name, bool required) {
  Value<std::string> out =
      String(name, StringRule{.required = required, .max_length = 36, .trim = true});
  if (EmptyFormValueIsNull(name, required, out)) return out;
  if (!out.has_value()) return out;
  if (!IsUuid(out.value)) {
    Fail(name, std::string(name) + " must be a UUID");
    out.is_null = true;
    return out;
  }
  std::transform(out.value.begin(), out.value.end(), out.value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Status FieldReader::Finish() {
  for (const http::Field& f : fields_.all()) {
    if (f.name.starts_with("_")) continue;
    if (std::find(read_.begin(), read_.end(), f.name) != read_.end()) continue;
    if (std::find(std::begin(kReadOnlyFields), std::end(kReadOnlyFields), f.name) !=
        std::end(kReadOnlyFields)) {
      continue;
    }
    errors_.push_back(FieldError{f.name, "unknown field " + http::SafeExcerpt(f.name)});
  }
  if (errors_.empty()) return Status::Ok();
  return Status::Invalid(std::move(errors_));
}

}  // namespace keel::api
