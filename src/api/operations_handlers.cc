// Operations routes: /health (public), /metrics and /status (loopback listener only),
// and the API version.
#include <optional>
#include <string>
#include <utility>

#include "api/handlers.h"
#include "api/routes.h"
#include "base/clock.h"
#include "base/version.h"
#include "db/statement.h"
#include "jobs/job_store.h"
#include "metrics/request_metrics.h"
#include "metrics/scoreboard.h"

namespace keel::api {
namespace {

constexpr db::Statement kPing{"health_ping", "SELECT 1"};
constexpr int64_t kHealthFreshMs = 1000;

const char* StateName(int32_t state) {
  switch (static_cast<metrics::WorkerState>(state)) {
    case metrics::WorkerState::kStarting:
      return "starting";
    case metrics::WorkerState::kIdle:
      return "idle";
    case metrics::WorkerState::kBusy:
      return "busy";
    case metrics::WorkerState::kEmpty:
      return "empty";
  }
  return "unknown";
}

const char* PoolName(int32_t pool) { return pool == 2 ? "jobs" : pool == 1 ? "sign-in" : "api"; }

// The job queue's counts; nullopt (and nothing written) if PostgreSQL did not answer.
std::optional<jobs::QueueStats> QueueStats(RequestContext& ctx) {
  auto stats = jobs::Stats(ctx.db);
  if (!stats.ok()) return std::nullopt;
  return *stats;
}

}  // namespace

Status HandleHealth(RequestContext& ctx) {
  // PostgreSQL must answer within 1 s, or we report it down (and fast). A worker whose
  // connection had an answer less than a second ago, and has been quiet since, does not
  // ask again: a load balancer polling every worker costs PostgreSQL one ping per worker
  // per second, and a server that shut down shows on the socket at once.
  bool up = ctx.db.AnsweredWithin(kHealthFreshMs);
  if (!up) {
    ctx.db.set_query_deadline_ms(1000);
    up = ctx.db.EnsureConnected().ok() && ctx.db.Execute(kPing).ok();
    ctx.db.set_query_deadline_ms(0);
  }
  ctx.response.RawJson(up ? 200 : 503, [&](http::JsonWriter& w) {
    w.StartObject();
    w.Key("status");
    w.String(up ? "ok" : "degraded");
    w.Key("database");
    w.String(up ? "ok" : "down");
    w.EndObject();
  });
  if (!up) ctx.response.AddHeader("Retry-After", "1");
  return Status::Ok();
}

Status HandleVersion(RequestContext& ctx) {
  ctx.response.Json(200, [&](http::JsonWriter& w) {
    w.StartObject();
    w.Key("name");
    w.String("keel");
    w.Key("version");
    w.String(kKeelVersion);
    w.EndObject();
  });
  return Status::Ok();
}

Status HandleStatus(RequestContext& ctx) {
  metrics::Scoreboard* board = metrics::GlobalScoreboard();
  int64_t now = MonotonicNanos();
  std::optional<jobs::QueueStats> queue = QueueStats(ctx);
  ctx.response.RawJson(200, [&](http::JsonWriter& w) {
    w.StartObject();
    w.Key("workers");
    w.StartArray();
    for (int i = 0; board != nullptr && i < metrics::kMaxWorkers; ++i) {
      const metrics::WorkerSlot& s = board->slot(i);
      int32_t pid = s.pid.load();
      if (pid == 0) continue;
      int32_t state = s.state.load();
      w.StartObject();
      w.Key("pid");
      w.Int(pid);
      w.Key("state");
      w.String(StateName(state));
      w.Key("pool");
      w.String(PoolName(s.pool.load()));
      w.Key("requests");
      w.Int64(s.requests.load());
      if (state == static_cast<int32_t>(metrics::WorkerState::kBusy)) {
        w.Key("route");
        http::WriteString(w, metrics::Scoreboard::ReadRoute(s));
        w.Key("busy_ms");
        w.Int64((now - s.request_started_ns.load()) / 1000000);
      }
      w.EndObject();
    }
    w.EndArray();
    if (board != nullptr) {
      w.Key("respawns");
      w.Int64(board->counters().respawns.load());
      w.Key("crashes");
      w.Int64(board->counters().crashes.load());
      w.Key("watchdog_kills");
      w.Int64(board->counters().watchdog_kills.load());
    }
    if (queue) {
      w.Key("jobs");
      w.StartObject();
      for (auto [key, value] : {std::pair<const char*, int64_t>{"queued", queue->queued},
                                {"running", queue->running},
                                {"done", queue->done},
                                {"failed", queue->failed},
                                {"dead", queue->dead}}) {
        w.Key(key);
        w.Int64(value);
      }
      w.Key("oldest_age_seconds");
      w.Double(queue->oldest_age_seconds);
      w.EndObject();
    }
    w.EndObject();
  });
  return Status::Ok();
}

Status HandleMetrics(RequestContext& ctx) {
  metrics::Scoreboard* board = metrics::GlobalScoreboard();
  std::string text;
  int busy = 0, idle = 0;
  for (int i = 0; board != nullptr && i < metrics::kMaxWorkers; ++i) {
    const metrics::WorkerSlot& s = board->slot(i);
    if (s.pid.load() == 0) continue;
    int32_t state = s.state.load();
    if (state == static_cast<int32_t>(metrics::WorkerState::kBusy)) ++busy;
    if (state == static_cast<int32_t>(metrics::WorkerState::kIdle)) ++idle;
  }
  auto gauge = [&](const char* name, const char* help, const char* type, int64_t value) {
    text += "# HELP ";
    text += name;
    text += ' ';
    text += help;
    text += "\n# TYPE ";
    text += name;
    text += ' ';
    text += type;
    text += '\n';
    text += name;
    text += ' ';
    text += std::to_string(value);
    text += '\n';
  };
  // The worker answering this request counts itself as busy.
  gauge("keel_workers_busy", "Workers handling a request.", "gauge", busy);
  gauge("keel_workers_idle", "Workers waiting for a request.", "gauge", idle);
  if (board != nullptr) {
    gauge("keel_worker_respawns_total", "Workers started to replace one that exited.", "counter",
          board->counters().respawns.load());
    gauge("keel_worker_crashes_total", "Workers that exited abnormally.", "counter",
          board->counters().crashes.load());
    gauge("keel_watchdog_kills_total", "Workers killed for exceeding KEEL_REQUEST_TIMEOUT_MS.",
          "counter", board->counters().watchdog_kills.load());
  }
  if (std::optional<jobs::QueueStats> queue = QueueStats(ctx)) {
    text += "# HELP keel_jobs Jobs in the queue by state (failed: queued again after a failure).\n";
    text += "# TYPE keel_jobs gauge\n";
    for (auto [state, value] : {std::pair<const char*, int64_t>{"queued", queue->queued},
                                {"running", queue->running},
                                {"done", queue->done},
                                {"failed", queue->failed},
                                {"dead", queue->dead}}) {
      text += std::string("keel_jobs{state=\"") + state + "\"} " + std::to_string(value) + "\n";
    }
    text += "# HELP keel_jobs_oldest_age_seconds Age of the oldest queued or running job.\n";
    text += "# TYPE keel_jobs_oldest_age_seconds gauge\n";
    text += "keel_jobs_oldest_age_seconds " + std::to_string(queue->oldest_age_seconds) + "\n";
  }
  metrics::RenderPrometheus(RouteNames(), text);
  ctx.response.Text(200, "text/plain; version=0.0.4; charset=utf-8", std::move(text));
  return Status::Ok();
}

}  // namespace keel::api
