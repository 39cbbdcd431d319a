// Config: the read replica's settings (KEEL_DATABASE_READ_URL, KEEL_REPLICA_MAX_LAG_MS).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.h"

namespace keel {
namespace {

StatusOr<Config> Load(std::vector<std::string> kv) {
  kv.push_back("DATABASE_URL=postgresql://keel@/keel");
  std::vector<char*> env;
  for (std::string& s : kv) env.push_back(s.data());
  env.push_back(nullptr);
  return LoadConfig("", env.data());
}

TEST(ConfigReplica, OffByDefault) {
  auto c = Load({});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->database_read_url.empty());
  EXPECT_EQ(c->replica_max_lag_ms, 1000);
}

TEST(ConfigReplica, ReadUrlAndLag) {
  auto c = Load(
      {"KEEL_DATABASE_READ_URL=postgresql://keel@10.0.0.3/keel", "KEEL_REPLICA_MAX_LAG_MS=250"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->database_read_url, "postgresql://keel@10.0.0.3/keel");
  EXPECT_EQ(c->replica_max_lag_ms, 250);
}

TEST(ConfigReplica, BadLagNamesTheKey) {
  for (const char* bad : {"KEEL_REPLICA_MAX_LAG_MS=-1", "KEEL_REPLICA_MAX_LAG_MS=soon"}) {
    auto c = Load({bad});
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().message().rfind("KEEL_REPLICA_MAX_LAG_MS:", 0), 0u) << bad;
  }
}

}  // namespace
}  // namespace keel
