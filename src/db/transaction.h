// Transaction: RAII scope for a database transaction. Rolls back on destruction
// unless Commit() succeeded, so an early `return status;` anywhere inside a write
// leaves the database as it was.
#pragma once

#include "db/connection.h"

namespace keel::db {

class Transaction {
 public:
  explicit Transaction(Connection& connection) : connection_(connection) {}
  ~Transaction() {
    if (started_ && !done_) connection_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin() {
    Status s = connection_.Begin();
    started_ = s.ok();
    return s;
  }
  Status Commit() {
    done_ = true;
    return connection_.Commit();
  }

 private:
  Connection& connection_;
  bool started_ = false;
  bool done_ = false;
};

}  // namespace keel::db
