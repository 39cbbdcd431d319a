// Clocks: a monotonic clock for durations and deadlines, the wall clock for
// timestamps, and RFC 3339 formatting of wall-clock times.
#pragma once

#include <cstdint>
#include <string>

namespace keel {

// Monotonic nanoseconds (CLOCK_MONOTONIC); only differences are meaningful.
int64_t MonotonicNanos();
inline int64_t MonotonicMillis() { return MonotonicNanos() / 1000000; }

// Seconds since the Unix epoch.
int64_t UnixSeconds();

// "2026-11-22T08:36:26.123Z" (UTC, millisecond precision).
std::string FormatRfc3339Millis(int64_t unix_millis);
int64_t UnixMillis();

}  // namespace keel
