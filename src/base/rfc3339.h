// Parsing RFC 3339 timestamps (and plain dates) into Unix time, for the few rules that
// need arithmetic on times a client sent: ranges of reports and metric summaries, and
// their defaults. Formatting is in base/clock.h (FormatRfc3339Millis).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keel {

// Milliseconds since the Unix epoch of `text`, which is either an RFC 3339 date-time
// with a "Z" or numeric offset ("2026-01-31T09:00:00.250+02:00"; fractions beyond
// milliseconds are truncated; a leap second ":60" counts as ":59.999") or a calendar
// date "2026-01-31" (midnight UTC). nullopt for anything else, including impossible
// dates (2026-02-30) and years outside 0001–9999.
std::optional<int64_t> ParseRfc3339Millis(std::string_view text);

// "2026-01-31T09:00:00.000Z" for milliseconds since the epoch, for any instant of years
// 0001–9999 (including before 1970, unlike a gmtime-based formatter).
std::string FormatRfc3339Utc(int64_t unix_millis);

// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1–12, d 1–31).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace keel
