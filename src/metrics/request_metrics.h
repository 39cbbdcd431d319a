// RequestMetrics: request counters and latency histograms shared by every worker.
//
// The master maps one region of shared memory before forking, so the numbers are the
// pool's, not one worker's, and survive a worker being recycled or killed (counters
// never go backwards, as Prometheus expects). Each worker adds to them with relaxed
// atomic increments — no locks, no system calls on the request path. /metrics renders
// them in the Prometheus text format.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keel::metrics {

inline constexpr int kMaxRoutes = 160;
inline constexpr int kStatusCodes[] = {200, 201, 204, 303, 400, 401, 403, 404,
                                       405, 409, 413, 415, 429, 500, 503, 0};
inline constexpr int kStatusSlots = sizeof(kStatusCodes) / sizeof(kStatusCodes[0]);
// Histogram upper bounds in microseconds (the last bucket is +Inf).
inline constexpr int64_t kBucketsUs[] = {1000,   2500,   5000,   10000,   25000,  50000,
                                         100000, 250000, 500000, 1000000, 2500000};
inline constexpr int kBuckets = sizeof(kBucketsUs) / sizeof(kBucketsUs[0]) + 1;

struct RouteMetrics {
  std::atomic<int64_t> by_status[kStatusSlots];
  std::atomic<int64_t> duration_buckets[kBuckets];
  std::atomic<int64_t> duration_sum_us;
  std::atomic<int64_t> db_sum_us;
};

struct SharedMetrics {
  RouteMetrics routes[kMaxRoutes];
  std::atomic<int64_t> hash_rejections;  // logins refused because every hash slot was busy
};

// Maps the shared region (MAP_SHARED | MAP_ANONYMOUS). Call once, before fork().
void InitSharedMetrics();
// The region (a private one is mapped on first use if InitSharedMetrics was not called,
// e.g. in CGI mode, so recording never needs a check).
SharedMetrics& Shared();

// Records one request. `route` is an index into the route names given to Render.
void RecordRequest(int route, int status, int64_t duration_us, int64_t db_us);

// Appends the Prometheus text of every route that has seen a request.
void RenderPrometheus(const std::vector<std::string_view>& route_names, std::string& out);

}  // namespace keel::metrics
