// Shared request metrics and their Prometheus rendering.
#include "metrics/request_metrics.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace keel::metrics {
namespace {

SharedMetrics* g_metrics = nullptr;

SharedMetrics* Map() {
  void* p = mmap(nullptr, sizeof(SharedMetrics), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                 -1, 0);
  if (p == MAP_FAILED) std::abort();
  return new (p) SharedMetrics();
}

int StatusSlot(int status) {
  for (int i = 0; i < kStatusSlots - 1; ++i) {
    if (kStatusCodes[i] == status) return i;
  }
  return kStatusSlots - 1;  // "other"
}

void AppendLabelled(std::string& out, const char* name, std::string_view route,
                    const char* extra_label, const std::string& extra_value, int64_t value) {
  out += name;
  out += "{route=\"";
  out += route;  // route patterns are our own literals: no escaping needed
  out += '"';
  if (extra_label != nullptr) {
    out += ',';
    out += extra_label;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += "} ";
  out += std::to_string(value);
  out += '\n';
}

std::string Seconds(int64_t us) {
  std::string s = std::to_string(us / 1000000) + ".";
  std::string frac = std::to_string(us % 1000000);
  s += std::string(6 - frac.size(), '0') + frac;
  return s;
}

}  // namespace

void InitSharedMetrics() {
  if (g_metrics == nullptr) g_metrics = Map();
}

SharedMetrics& Shared() {
  if (g_metrics == nullptr) g_metrics = Map();
  return *g_metrics;
}

void RecordRequest(int route, int status, int64_t duration_us, int64_t db_us) {
  if (route < 0 || route >= kMaxRoutes) route = kMaxRoutes - 1;
  RouteMetrics& m = Shared().routes[route];
  m.by_status[StatusSlot(status)].fetch_add(1, std::memory_order_relaxed);
  int bucket = kBuckets - 1;
  for (int i = 0; i < kBuckets - 1; ++i) {
    if (duration_us <= kBucketsUs[i]) {
      bucket = i;
      break;
    }
  }
  m.duration_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  m.duration_sum_us.fetch_add(duration_us, std::memory_order_relaxed);
  m.db_sum_us.fetch_add(db_us, std::memory_order_relaxed);
}

void RenderPrometheus(const std::vector<std::string_view>& route_names, std::string& out) {
  SharedMetrics& s = Shared();
  auto name_of = [&](int i) -> std::string_view {
    return i < static_cast<int>(route_names.size()) ? route_names[i] : "unmatched";
  };
  out += "# HELP keel_requests_total Requests answered, by route pattern and status.\n";
  out += "# TYPE keel_requests_total counter\n";
  for (int r = 0; r < kMaxRoutes; ++r) {
    for (int k = 0; k < kStatusSlots; ++k) {
      int64_t n = s.routes[r].by_status[k].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::string code = kStatusCodes[k] == 0 ? "other" : std::to_string(kStatusCodes[k]);
      AppendLabelled(out, "keel_requests_total", name_of(r), "status", code, n);
    }
  }
  out += "# HELP keel_request_duration_seconds Time from request read to response ready.\n";
  out += "# TYPE keel_request_duration_seconds histogram\n";
  std::string db_lines;
  for (int r = 0; r < kMaxRoutes; ++r) {
    const RouteMetrics& m = s.routes[r];
    int64_t count = 0;
    for (int b = 0; b < kBuckets; ++b) count += m.duration_buckets[b].load();
    if (count == 0) continue;
    int64_t cumulative = 0;
    for (int b = 0; b < kBuckets; ++b) {
      cumulative += m.duration_buckets[b].load(std::memory_order_relaxed);
      std::string le = b == kBuckets - 1 ? "+Inf" : Seconds(kBucketsUs[b]);
      AppendLabelled(out, "keel_request_duration_seconds_bucket", name_of(r), "le", le, cumulative);
    }
    out += "keel_request_duration_seconds_sum{route=\"";
    out += name_of(r);
    out += "\"} " + Seconds(m.duration_sum_us.load()) + "\n";
    AppendLabelled(out, "keel_request_duration_seconds_count", name_of(r), nullptr, "", cumulative);
    db_lines += "keel_db_time_seconds_total{route=\"";
    db_lines += name_of(r);
    db_lines += "\"} " + Seconds(m.db_sum_us.load()) + "\n";
  }
  out += "# HELP keel_db_time_seconds_total Time spent waiting on PostgreSQL, by route.\n";
  out += "# TYPE keel_db_time_seconds_total counter\n";
  out += db_lines;
  out +=
      "# HELP keel_password_hash_rejections_total Logins refused because all hash slots "
      "were busy.\n# TYPE keel_password_hash_rejections_total counter\n";
  out += "keel_password_hash_rejections_total " +
         std::to_string(s.hash_rejections.load(std::memory_order_relaxed)) + "\n";
}

}  // namespace keel::metrics
