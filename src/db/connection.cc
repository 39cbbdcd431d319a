// Connection: libpq's asynchronous API driven with poll() and deadlines.
#include "db/connection.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "base/clock.h"
#include "base/log.h"

namespace keel::db {
namespace {

int64_t Remaining(int64_t deadline_ms) { return deadline_ms - MonotonicMillis(); }

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

Status StatusFromSqlState(const std::string& s) {
  if (s == "23505") return Status::Conflict("already exists");
  // Raised by the live-session check a write sends with its statement (sql/009).
  if (s == "KL401") return Status::Unauthorized("session expired or revoked");
  if (s == "23503") return Status::InvalidField("id", "referenced object does not exist");
  if (s == "23514" || s == "23502") return Status::BadRequest("value out of range");
  if (StartsWith(s, "22")) return Status::BadRequest("invalid value");
  if (s == "40001" || s == "40P01") return Status::Unavailable("database busy, retry");
  if (s == "57014")
    return Status::Error(ErrorCode::kTimeout, "database timed out").WithRetryAfter(1);
  if (s == "55P03") return Status::Unavailable("database busy, retry");
  if (StartsWith(s, "08") || StartsWith(s, "57P") || s == "53300") {
    return Status::Unavailable("database unavailable");
  }
  return Status::Internal();
}

int64_t ClientDeadlineMs(const ConnectionOptions& options) {
  if (options.query_deadline_ms > 0) return options.query_deadline_ms;
  return options.statement_timeout_ms > 0 ? options.statement_timeout_ms + kServerAnswerMarginMs
                                          : kLongStatementDeadlineMs;
}

Connection::Connection(ConnectionOptions options) : options_(std::move(options)) {
  options_.query_deadline_ms = ClientDeadlineMs(options_);
}

Connection::~Connection() = default;

bool Connection::connected() const { return conn_ && PQstatus(conn_.get()) == CONNECTION_OK; }

void Connection::Close() {
  conn_.reset();
  prepared_.clear();
  dynamic_.clear();
}

Status Connection::EnsureConnected() {
  if (connected()) return Status::Ok();
  if (MonotonicMillis() - last_connect_attempt_ms_ < options_.reconnect_interval_ms) {
    return Status::Unavailable("database unavailable");
  }
  return Connect();
}

Status Connection::Connect() {
  Close();
  last_connect_attempt_ms_ = MonotonicMillis();
  connecting_ = true;
  Status s = StartAndPoll();
  connecting_ = false;
  return s;
}

Status Connection::StartAndPoll() {
  std::string server_options =
      "-c statement_timeout=" + std::to_string(options_.statement_timeout_ms) +
      " -c lock_timeout=" + std::to_string(options_.lock_timeout_ms) +
      " -c idle_in_transaction_session_timeout=" +
      std::to_string(options_.idle_in_transaction_timeout_ms) + " -c TimeZone=UTC";
  // Later keywords override what the URL says; "dbname" is expanded as the URL.
  const char* keys[] = {"dbname",           "options",
                        "application_name", "keepalives",
                        "keepalives_idle",  "keepalives_interval",
                        "keepalives_count", "tcp_user_timeout",
                        "client_encoding",  nullptr};
  const char* values[] = {options_.url.c_str(),
                          server_options.c_str(),
                          options_.application_name.c_str(),
                          "1",
                          "10",
                          "5",
                          "3",
                          "10000",
                          "UTF8",
                          nullptr};
  PGconn* raw = PQconnectStartParams(keys, values, /*expand_dbname=*/1);
  if (raw == nullptr) return Status::Unavailable("database unavailable");
  conn_.reset(raw);
  if (PQstatus(raw) == CONNECTION_BAD) {
    return FailConnection("connect failed");
  }
  int64_t deadline = MonotonicMillis() + options_.connect_timeout_ms;
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) return FailConnection("connect failed");
    if (!Wait(state == PGRES_POLLING_WRITING, deadline)) {
      return FailConnection("connect timed out");
    }
    state = PQconnectPoll(raw);
  }
  if (PQsetnonblocking(raw, 1) != 0) return FailConnection("cannot set non-blocking");
  // NOTICEs ("relation already exists, skipping") are not for stderr.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  return Status::Ok();
}

bool Connection::Wait(bool for_write, int64_t deadline_ms) {
  int fd = PQsocket(conn_.get());
  if (fd < 0) return false;
  for (;;) {
    int64_t left = Remaining(deadline_ms);
    if (left <= 0) return false;
    pollfd p{fd, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
    int n = poll(&p, 1, static_cast<int>(left));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

Status Connection::FailConnection(const char* what) {
  last_failure_connection_ = true;
  // Losing an established connection (PostgreSQL restarted) allows one reconnect at
  // once; only failed connection attempts are spaced by reconnect_interval_ms.
  if (!connecting_) last_connect_attempt_ms_ = MonotonicMillis() - options_.reconnect_interval_ms;
  last_error_ = DbError{"08006", "", conn_ ? PQerrorMessage(conn_.get()) : what};
  log::Warn("database connection lost", {{"detail", what}});
  Close();
  return Status::Unavailable("database unavailable");
}

Status Connection::FailFromResult(PGresult* result) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
  const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  last_error_ = DbError{state ? state : "", constraint ? constraint : "", message ? message : ""};
  if (conn_ && PQstatus(conn_.get()) == CONNECTION_BAD) {
    return FailConnection("connection lost during statement");
  }
  Status s = StatusFromSqlState(last_error_.sqlstate);
  if (s.code() == ErrorCode::kInternal) {
    log::Error("database error",
               {{"sqlstate", last_error_.sqlstate}, {"detail", last_error_.message}});
  }
  return std::move(s).WithLogDetail("sqlstate " + last_error_.sqlstate);
}

Status Connection::Flush(int64_t deadline_ms) {
  for (;;) {
    int f = PQflush(conn_.get());
    if (f == 0) return Status::Ok();
    if (f < 0 || !Wait(true, deadline_ms)) return FailConnection("send failed or timed out");
  }
}

int64_t Connection::Deadline() const {
  return MonotonicMillis() +
         (query_deadline_ms_ > 0 ? query_deadline_ms_ : options_.query_deadline_ms);
}

StatusOr<Result> Connection::Collect(int64_t deadline_ms) {
  PGconn* c = conn_.get();
  int64_t started = MonotonicNanos();
  KEEL_RETURN_IF_ERROR(Flush(deadline_ms));
  Result last;
  Status failure;
  for (;;) {
    while (PQisBusy(c)) {
      if (!Wait(false, deadline_ms)) {
        db_micros_ += (MonotonicNanos() - started) / 1000;
        return FailConnection("statement timed out on the client");
      }
      if (PQconsumeInput(c) == 0) return FailConnection("receive failed");
    }
    PGresult* r = PQgetResult(c);
    if (r == nullptr) break;
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
      if (failure.ok()) failure = FailFromResult(r);
      PQclear(r);
      if (!conn_) break;  // connection dropped
    } else {
      last = Result(r);
    }
  }
  int64_t finished = MonotonicNanos();
  db_micros_ += (finished - started) / 1000;
  if (!failure.ok()) return failure;
  last_answer_ms_ = finished / 1000000;
  return last;
}

Status Connection::Prepare(const Statement& statement, int64_t deadline_ms) {
  if (PQsendPrepare(conn_.get(), statement.name, statement.sql, 0, nullptr) == 0) {
    return FailConnection("send prepare failed");
  }
  auto result = Collect(deadline_ms);
  if (!result.ok()) return result.status();
  prepared_.insert(statement.name);
  return Status::Ok();
}

StatusOr<const char*> Connection::PreparedName(const Statement& statement, int64_t deadline_ms) {
  if (!options_.prepared) return static_cast<const char*>(nullptr);
  if (!prepared_.contains(statement.name)) KEEL_RETURN_IF_ERROR(Prepare(statement, deadline_ms));
  return statement.name;
}

StatusOr<const char*> Connection::DynamicName(const std::string& sql, int64_t deadline_ms) {
  if (!options_.prepared) return static_cast<const char*>(nullptr);
  auto it = dynamic_.find(sql);
  if (it != dynamic_.end()) return it->second.c_str();
  if (dynamic_.size() >= kMaxDynamicStatements) return static_cast<const char*>(nullptr);
  std::string fresh = "dyn_" + std::to_string(++dynamic_counter_);
  if (PQsendPrepare(conn_.get(), fresh.c_str(), sql.c_str(), 0, nullptr) == 0) {
    return FailConnection("send prepare failed");
  }
  auto prepared = Collect(deadline_ms);
  if (!prepared.ok()) return prepared.status();
  return dynamic_.emplace(sql, std::move(fresh)).first->second.c_str();
}

bool Connection::Send(const char* name, const char* sql, const Params& params) {
  return (name != nullptr ? PQsendQueryPrepared(conn_.get(), name, params.size(), params.values(),
                                                nullptr, nullptr, 0)
                          : PQsendQueryParams(conn_.get(), sql, params.size(), nullptr,
                                              params.values(), nullptr, nullptr, 0)) != 0;
}

StatusOr<Result> Connection::Run(const char* name, const char* sql, const Params& params,
                                 int64_t deadline_ms) {
  if (deferred_ != nullptr) return RunPipelined(name, sql, params, deadline_ms);
  if (!Send(name, sql, params)) return FailConnection("send failed");
  return Collect(deadline_ms);
}

StatusOr<Result> Connection::RunPipelined(const char* name, const char* sql, const Params& params,
                                          int64_t deadline_ms) {
  const Statement& first = *deferred_;
  Params first_params = std::move(deferred_params_);
  deferred_ = nullptr;
  StatusOr<const char*> first_name = PreparedName(first, deadline_ms);
  if (!first_name.ok()) {
    deferred_result_ = first_name.status();
    return first_name.status();
  }
  PGconn* c = conn_.get();
  int64_t started = MonotonicNanos();
  if (PQenterPipelineMode(c) == 0 || !Send(*first_name, first.sql, first_params) ||
      !Send(name, sql, params) || PQpipelineSync(c) == 0) {
    Status lost = FailConnection("pipeline send failed");
    deferred_result_ = lost;
    return lost;
  }
  // Results arrive in order: the first statement's (then a null), the second's (then a
  // null), then the Sync. After an error the rest of the pipeline is PIPELINE_ABORTED.
  std::optional<StatusOr<Result>> results[2];
  size_t index = 0;
  Status failure = Flush(deadline_ms);
  while (failure.ok()) {
    if (PQisBusy(c)) {
      if (!Wait(false, deadline_ms)) {
        failure = FailConnection("statement timed out on the client");
      } else if (PQconsumeInput(c) == 0) {
        failure = FailConnection("receive failed");
      }
      continue;
    }
    PGresult* r = PQgetResult(c);
    if (r == nullptr) {
      ++index;  // the end of one statement's results
      continue;
    }
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    if (index < 2 && !results[index]) {
      if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
        results[index] = FailFromResult(r);
        PQclear(r);
        if (!conn_) failure = results[index]->status();  // the connection was lost
        continue;
      }
      if (st == PGRES_PIPELINE_ABORTED) {
        results[index] = results[0] && !results[0]->ok() ? results[0]->status()
                                                         : Status::Unavailable("statement not run");
        PQclear(r);
        continue;
      }
      results[index] = Result(r);
    } else {
      PQclear(r);
    }
  }
  db_micros_ += (MonotonicNanos() - started) / 1000;
  if (failure.ok() && PQexitPipelineMode(c) == 0) failure = FailConnection("pipeline did not end");
  if (!failure.ok()) {
    deferred_result_ = failure;
    return failure;
  }
  last_answer_ms_ = MonotonicMillis();
  deferred_result_ = results[0] ? std::move(*results[0]) : StatusOr<Result>(Result());
  if (!results[1]) return Result();
  return std::move(*results[1]);
}

void Connection::Defer(const Statement& statement, Params params) {
  deferred_ = &statement;
  deferred_params_ = std::move(params);
  deferred_result_.reset();
}

void Connection::RunDeferredAlone() {
  const Statement& statement = *deferred_;
  Params params = std::move(deferred_params_);
  deferred_ = nullptr;
  deferred_result_ = Execute(statement, params);
}

StatusOr<Result> Connection::TakeDeferred() {
  if (deferred_ != nullptr) RunDeferredAlone();
  if (!deferred_result_) return Status::Internal("no deferred statement");
  StatusOr<Result> result = std::move(*deferred_result_);
  deferred_result_.reset();
  return result;
}

StatusOr<Result> Connection::Execute(const Statement& statement, const Params& params) {
  last_failure_connection_ = false;
  KEEL_RETURN_IF_ERROR(EnsureConnected());
  int64_t deadline = Deadline();
  KEEL_ASSIGN_OR_RETURN(const char* name, PreparedName(statement, deadline));
  return Run(name, statement.sql, params, deadline);
}

StatusOr<Result> Connection::ExecuteDynamic(const std::string& sql, const Params& params) {
  last_failure_connection_ = false;
  KEEL_RETURN_IF_ERROR(EnsureConnected());
  int64_t deadline = Deadline();
  KEEL_ASSIGN_OR_RETURN(const char* name, DynamicName(sql, deadline));
  return Run(name, sql.c_str(), params, deadline);
}

Status Connection::ExecuteScript(const std::string& sql) {
  // The simple query protocol cannot join a pipeline: a deferred statement goes first,
  // and one that failed (a write's session check) stops the script from running.
  if (deferred_ != nullptr) {
    RunDeferredAlone();
    if (!deferred_result_->ok()) return deferred_result_->status();
  }
  last_failure_connection_ = false;
  KEEL_RETURN_IF_ERROR(EnsureConnected());
  int64_t deadline = Deadline();
  if (PQsendQuery(conn_.get(), sql.c_str()) == 0) return FailConnection("send failed");
  auto result = Collect(deadline);
  return result.ok() ? Status::Ok() : result.status();
}

Status Connection::Begin() { return ExecuteScript("BEGIN"); }
Status Connection::Commit() { return ExecuteScript("COMMIT"); }

void Connection::Rollback() {
  if (!connected() || !in_transaction()) return;
  Status ignored = ExecuteScript("ROLLBACK");
  (void)ignored;
}

bool Connection::in_transaction() const {
  if (!conn_) return false;
  PGTransactionStatusType t = PQtransactionStatus(conn_.get());
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

bool Connection::AnsweredWithin(int64_t ms) const {
  if (!connected() || MonotonicMillis() - last_answer_ms_ >= ms) return false;
  pollfd p{PQsocket(conn_.get()), POLLIN, 0};
  return poll(&p, 1, 0) == 0;  // nothing arrived unasked: no shutdown notice, no EOF
}

Status Connection::Listen(const std::string& channel) {
  listen_channel_ = channel;
  listening_on_ = nullptr;
  KEEL_RETURN_IF_ERROR(ExecuteScript("LISTEN " + channel));
  listening_on_ = conn_.get();
  return Status::Ok();
}

StatusOr<bool> Connection::WaitForNotification(int64_t timeout_ms) {
  if (!listen_channel_.empty() && (!connected() || listening_on_ != conn_.get())) {
    KEEL_RETURN_IF_ERROR(Listen(listen_channel_));
  }
  KEEL_RETURN_IF_ERROR(EnsureConnected());
  auto drain = [&]() {
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_.get())) {
      any = true;
      PQfreemem(n);
    }
    return any;
  };
  if (drain()) return true;  // arrived while another statement ran
  pollfd p{PQsocket(conn_.get()), POLLIN, 0};
  int n = poll(&p, 1, static_cast<int>(std::max<int64_t>(0, timeout_ms)));
  if (n <= 0) return false;  // timeout, or a signal: the caller looks at its flags
  if (PQconsumeInput(conn_.get()) == 0) return FailConnection("connection lost while listening");
  return drain();
}

int64_t Connection::TakeDbMicros() {
  int64_t v = db_micros_;
  db_micros_ = 0;
  return v;
}

}  // namespace keel::db
