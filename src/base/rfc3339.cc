// RFC 3339 parsing with Howard Hinnant's days-from-civil algorithm (no time zone
// database needed: offsets are explicit in the text).
#include "base/rfc3339.h"

#include <cstdio>

namespace keel {
namespace {

bool Digits(std::string_view s, size_t from, size_t count, int64_t& out) {
  if (from + count > s.size()) return false;
  out = 0;
  for (size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string FormatRfc3339Utc(int64_t unix_millis) {
  int64_t days =
      unix_millis >= 0 ? unix_millis / 86400000 : -((-unix_millis + 86399999) / 86400000);
  int64_t ms_of_day = unix_millis - days * 86400000;
  // civil_from_days (Hinnant).
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(ms_of_day / 3600000),
                static_cast<long long>(ms_of_day / 60000 % 60),
                static_cast<long long>(ms_of_day / 1000 % 60),
                static_cast<long long>(ms_of_day % 1000));
  return buf;
}

std::optional<int64_t> ParseRfc3339Millis(std::string_view s) {
  int64_t y, mo, d;
  if (s.size() < 10 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || !ValidDate(y, mo, d)) {
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  if (s.size() == 10) return days * 86400000;
  if (s.size() > 40 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  int64_t h, mi, sec;
  if (!Digits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !Digits(s, 14, 2, mi) ||
      s[16] != ':' || !Digits(s, 17, 2, sec) || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  int64_t millis = 0;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    int64_t scale = 100;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      millis += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start || i - start > 9) return std::nullopt;
  }
  if (sec == 60) {  // a leap second: the last instant of the minute
    sec = 59;
    millis = 999;
  }
  int64_t offset_minutes = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    if (i + 1 != s.size()) return std::nullopt;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int64_t oh, om;
    if (i + 6 != s.size() || !Digits(s, i + 1, 2, oh) || s[i + 3] != ':' ||
        !Digits(s, i + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_minutes * 60;
  return seconds * 1000 + millis;
}

}  // namespace keel
