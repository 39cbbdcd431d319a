// db::ReadReplica against a real PostgreSQL that is not a standby (the integration
// database): the lag check refuses it, so reads run on the primary; a replica that cannot
// be reached does the same. tests/cluster/cluster_test.sh covers a real streaming replica.
#include "db/read_replica.h"

#include <gtest/gtest.h>

#include "support/test_db.h"

namespace keel::db {
namespace {

constexpr Statement kWhich{"test_replica_which", "SELECT current_setting('application_name')"};

StatusOr<std::string> Which(Connection& conn) {
  KEEL_ASSIGN_OR_RETURN(Result r, conn.Execute(kWhich));
  return r.String(0, 0);
}

TEST(ReadReplica, NotAStandbyIsNotUsed) {
  auto primary = test::ConnectTestDb();
  ReadReplica replica(ConnectionOptions{.url = test::TestDatabaseUrl()}, 1000);
  EXPECT_EQ(replica.Healthy(), nullptr);
  SetReadReplica(&replica);
  auto which = WithReadConnection(*primary, Which);
  SetReadReplica(nullptr);
  ASSERT_TRUE(which.ok()) << which.status().message();
  EXPECT_EQ(*which, "keel");  // the primary's connection, not "keel-read"
}

TEST(ReadReplica, UnreachableFallsBackToThePrimary) {
  auto primary = test::ConnectTestDb();
  ReadReplica replica(ConnectionOptions{.url = "postgresql://keel@/keel?host=/nonexistent"}, 1000);
  SetReadReplica(&replica);
  auto which = WithReadConnection(*primary, Which);
  SetReadReplica(nullptr);
  ASSERT_TRUE(which.ok()) << which.status().message();
  EXPECT_EQ(*which, "keel");
}

TEST(ReadReplica, NoReplicaConfiguredUsesThePrimary) {
  auto primary = test::ConnectTestDb();
  auto which = WithReadConnection(*primary, Which);
  ASSERT_TRUE(which.ok());
  EXPECT_EQ(*which, "keel");
}

}  // namespace
}  // namespace keel::db
