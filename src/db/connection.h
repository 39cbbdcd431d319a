// Connection: one worker's persistent PostgreSQL connection.
//
// Every exchange is asynchronous underneath (PQsend* + poll with a deadline), so
// no call can hang past its deadline, whatever the network does: a connection that
// misses its deadline is dropped and the caller gets UNAVAILABLE. The server-side
// limits (statement_timeout, lock_timeout, idle_in_transaction_session_timeout) and
// TCP keepalives are set in the startup packet, costing no round trip.
//
// After PostgreSQL restarts, the first statement fails with the connection marked
// bad; EnsureConnected() then reconnects, at most once per second, so a database
// that is down costs each request one fast 503, not a connect storm.
//
// Statements (db/statement.h) are prepared by name the first time this connection
// runs them, unless preparation is switched off (KEEL_DB_PREPARED=off).
//
// A deferred statement (Defer) rides along with the next statement in one round trip
// (libpq pipeline mode: both sent, one Sync, one implicit transaction); the session
// check of a read is sent with the read's own query this way.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "base/status.h"
#include "db/params.h"
#include "db/result.h"
#include "db/statement.h"

namespace keel::db {

inline constexpr int64_t kServerAnswerMarginMs = 5000;
// The client-side bound when no statement timeout applies (migrations, statement_timeout
// 0): only a server that stopped answering for this long is given up on.
inline constexpr int64_t kLongStatementDeadlineMs = 600000;

struct ConnectionOptions {
  std::string url;  // DATABASE_URL (libpq URI or key=value string)
  int64_t statement_timeout_ms = 5000;
  int64_t lock_timeout_ms = 2000;
  int64_t idle_in_transaction_timeout_ms = 10000;
  int64_t connect_timeout_ms = 1000;
  // Client-side bound on any one exchange; 0: the statement timeout plus
  // kServerAnswerMarginMs, so PostgreSQL's own timeout (a clear error) always comes first
  // and this only ends the wait on a server that stopped answering.
  int64_t query_deadline_ms = 0;
  int64_t reconnect_interval_ms = 1000;
  bool prepared = true;
  std::string application_name = "keel";
};

// The client-side bound on one exchange these options give (query_deadline_ms, or the
// statement timeout plus kServerAnswerMarginMs when that is 0).
int64_t ClientDeadlineMs(const ConnectionOptions& options);

// What PostgreSQL said about the last failed statement (for handlers that need to
// tell one constraint from another, and for the log — never for clients).
struct DbError {
  std::string sqlstate;
  std::string constraint;
  std::string message;
};

class Connection {
 public:
  explicit Connection(ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects if not connected (or the connection went bad). After a failed attempt the
  // next one waits reconnect_interval_ms (UNAVAILABLE at once until then); after an
  // established connection is lost, the first reconnect is immediate.
  Status EnsureConnected();
  // Connects now, ignoring the rate limit (startup, tests).
  Status Connect();
  bool connected() const;
  // Drops the connection (after a timeout, or on purpose in tests).
  void Close();

  // Runs a statement with parameters; the returned Result holds the rows.
  StatusOr<Result> Execute(const Statement& statement, const Params& params);
  StatusOr<Result> Execute(const Statement& statement) { return Execute(statement, Params()); }
  // Runs SQL text composed at run time from allow-listed fragments (db/list_sql.h), with
  // every value a parameter; never text that contains a client's input. Each distinct
  // text is prepared once per connection under a generated name (dyn_1, dyn_2, ...) and
  // reused; past kMaxDynamicStatements distinct texts (or with preparation off) further
  // texts are sent as unnamed statements, so memory stays bounded.
  StatusOr<Result> ExecuteDynamic(const std::string& sql, const Params& params);
  static constexpr size_t kMaxDynamicStatements = 256;
  // Runs SQL text with no parameters through the simple query protocol (several
  // statements allowed): migrations and transaction control only.
  Status ExecuteScript(const std::string& sql);

  // Holds `statement` back so that it is sent in the same round trip as the next
  // Execute/ExecuteDynamic, ahead of it and in one implicit transaction (if it fails,
  // the next one is not run and fails with the same status). Replaces an earlier
  // deferred statement whose result was not taken.
  void Defer(const Statement& statement, Params params);
  // The deferred statement's result: the one from the round trip it rode along with,
  // or, if no statement followed, from running it now. Error if nothing was deferred.
  StatusOr<Result> TakeDeferred();

  // Transaction control. Begin() fails if already in a transaction.
  Status Begin();
  Status Commit();
  void Rollback();
  bool in_transaction() const;

  // True if PostgreSQL answered on this connection less than `ms` ago and the socket has
  // shown nothing since (a server that shut down or dropped the connection makes it
  // readable): what /health may report without another round trip.
  bool AnsweredWithin(int64_t ms) const;

  // LISTEN/NOTIFY (the job queue's wake-up). Listen subscribes this connection to
  // `channel` (an identifier written in the code, never input); after a reconnect the
  // next WaitForNotification subscribes again by itself. WaitForNotification waits up
  // to `timeout_ms` (less if a signal interrupts the wait) and returns true if at least
  // one notification arrived; every pending one is consumed.
  Status Listen(const std::string& channel);
  StatusOr<bool> WaitForNotification(int64_t timeout_ms);

  // Milliseconds spent waiting on PostgreSQL since the last call (per-request db time).
  int64_t TakeDbMicros();
  const DbError& last_error() const { return last_error_; }
  // True if the last failure lost the connection (the request may be retried if safe).
  bool last_failure_was_connection() const { return last_failure_connection_; }
  // Overrides the client-side deadline of the next exchanges (0 = default).
  void set_query_deadline_ms(int64_t ms) { query_deadline_ms_ = ms; }

 private:
  struct ConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  // Waits until the socket is readable/writable or the deadline passes.
  bool Wait(bool for_write, int64_t deadline_ms);
  // Sends everything buffered and collects every result of the current exchange;
  // returns the last one (or the first error).
  StatusOr<Result> Collect(int64_t deadline_ms);
  Status Prepare(const Statement& statement, int64_t deadline_ms);
  Status FailFromResult(PGresult* result);
  Status FailConnection(const char* what);
  Status StartAndPoll();  // the body of Connect()
  Status Flush(int64_t deadline_ms);
  int64_t Deadline() const;
  // The name to send `statement` under (prepared on first use), or nullptr (unnamed).
  StatusOr<const char*> PreparedName(const Statement& statement, int64_t deadline_ms);
  StatusOr<const char*> DynamicName(const std::string& sql, int64_t deadline_ms);
  bool Send(const char* name, const char* sql, const Params& params);
  // Sends one statement (with the deferred one ahead of it, if any) and collects it.
  StatusOr<Result> Run(const char* name, const char* sql, const Params& params,
                       int64_t deadline_ms);
  // The deferred statement and the next one in one pipeline; the deferred result is
  // kept in deferred_result_, the next one's returned.
  StatusOr<Result> RunPipelined(const char* name, const char* sql, const Params& params,
                                int64_t deadline_ms);
  // Runs a deferred statement on its own (nothing rode along with it).
  void RunDeferredAlone();

  ConnectionOptions options_;
  std::unique_ptr<PGconn, ConnDeleter> conn_;
  std::unordered_set<const char*> prepared_;              // statement names are literals
  std::unordered_map<std::string, std::string> dynamic_;  // SQL text -> prepared name
  int64_t dynamic_counter_ = 0;
  int64_t last_answer_ms_ = -1000000;  // when an exchange last completed without failure
  int64_t last_connect_attempt_ms_ = -1000000;
  int64_t db_micros_ = 0;
  int64_t query_deadline_ms_ = 0;
  DbError last_error_;
  std::string listen_channel_;            // set by Listen()
  const PGconn* listening_on_ = nullptr;  // the connection that ran LISTEN
  bool last_failure_connection_ = false;
  bool connecting_ = false;              // inside Connect(): a failure there is a failed attempt
  const Statement* deferred_ = nullptr;  // waiting to ride along with the next statement
  Params deferred_params_;
  std::optional<StatusOr<Result>> deferred_result_;
};

// Maps a SQLSTATE to the contract's error codes (23505 → CONFLICT, 23503/23514/22xxx
// → VALIDATION_ERROR, 40001/40P01/57014/55P03/08xxx/57P0x/53300 → UNAVAILABLE, else
// INTERNAL), with a client-safe message.
Status StatusFromSqlState(const std::string& sqlstate);

}  // namespace keel::db
