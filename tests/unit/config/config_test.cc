// Config: defaults, file + environment precedence, and one clear error per bad key.
#include "config/config.h"

#include "base/cpu_set.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace keel {
namespace {

// Builds an environ-style array from "K=V" strings.
class Env {
 public:
  Env(std::initializer_list<std::string> vars) : storage_(vars) {
    for (std::string& s : storage_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  char** get() { return pointers_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> pointers_;
};

const std::string kUrl = "DATABASE_URL=postgresql://keel@/keel";
const std::string kSecret = "JWT_SECRET=0123456789abcdef0123456789abcdef";

TEST(Config, DefaultsWithMinimalEnvironment) {
  Env env{kUrl, kSecret};
  auto c = LoadConfig("", env.get());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->workers, 8);
  EXPECT_EQ(c->max_body_bytes, 65536);
  EXPECT_EQ(c->access_ttl_seconds, 900);
  EXPECT_EQ(c->refresh_ttl_seconds, 7 * 24 * 3600);
  EXPECT_EQ(c->refresh_reuse_window_seconds, 10);
  EXPECT_TRUE(c->db_prepared);
  EXPECT_FALSE(c->production);
  EXPECT_EQ(c->argon2_memory_kib, 19456u);
  EXPECT_EQ(c->argon2_time, 2u);
}

// Hashing leaves the first CPU to the API: one hash per remaining CPU (at least one).
TEST(Config, HashBoundFollowsTheCpusHashingMayUse) {
  const int cpus = static_cast<int>(AllowedCpus().size());
  Env defaults{kUrl, kSecret};
  auto c = LoadConfig("", defaults.get());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->api_reserved_cpus, 1);
  EXPECT_EQ(c->hash_concurrency, cpus > 1 ? cpus - 1 : 1);

  Env none_reserved{kUrl, kSecret, "KEEL_API_RESERVED_CPUS=0"};
  c = LoadConfig("", none_reserved.get());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->hash_concurrency, cpus);

  Env explicit_bound{kUrl, kSecret, "KEEL_HASH_CONCURRENCY=3"};
  c = LoadConfig("", explicit_bound.get());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->hash_concurrency, 3);
}

struct BadCase {
  std::string var;
  std::string key_in_message;
};

class ConfigRefuses : public testing::TestWithParam<BadCase> {};

TEST_P(ConfigRefuses, NamesTheKey) {
  Env env{kUrl, kSecret, GetParam().var};
  auto c = LoadConfig("", env.get());
  ASSERT_FALSE(c.ok()) << GetParam().var;
  EXPECT_EQ(c.status().message().rfind(GetParam().key_in_message + ":", 0), 0u)
      << c.status().message();
  EXPECT_EQ(c.status().message().find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigRefuses,
    testing::Values(BadCase{"KEEL_WORKERS=abc", "KEEL_WORKERS"},
                    BadCase{"KEEL_WORKERS=0", "KEEL_WORKERS"},
                    BadCase{"KEEL_WORKERS=4x", "KEEL_WORKERS"},
                    BadCase{"KEEL_MAX_BODY_BYTES=-1", "KEEL_MAX_BODY_BYTES"},
                    BadCase{"KEEL_ENV=staging", "KEEL_ENV"},
                    BadCase{"KEEL_DB_PREPARED=maybe", "KEEL_DB_PREPARED"},
                    BadCase{"KEEL_LOG_LEVEL=loud", "KEEL_LOG_LEVEL"},
                    BadCase{"KEEL_LISTEN=nowhere", "KEEL_LISTEN"},
                    BadCase{"KEEL_AUTH_LISTEN=127.0.0.1:9000", "KEEL_AUTH_LISTEN"},
                    BadCase{"KEEL_AUTH_LISTEN=nowhere", "KEEL_AUTH_LISTEN"},
                    BadCase{"KEEL_AUTH_WORKERS=0", "KEEL_AUTH_WORKERS"},
                    BadCase{"KEEL_AUTH_NICE=20", "KEEL_AUTH_NICE"},
                    BadCase{"KEEL_AUTH_NICE=-5", "KEEL_AUTH_NICE"},
                    BadCase{"KEEL_API_RESERVED_CPUS=-1", "KEEL_API_RESERVED_CPUS"},
                    BadCase{"KEEL_API_RESERVED_CPUS=one", "KEEL_API_RESERVED_CPUS"},
                    BadCase{"KEEL_HASH_CONCURRENCY=-1", "KEEL_HASH_CONCURRENCY"},
                    BadCase{"KEEL_LISTEN=127.0.0.1:70000", "KEEL_LISTEN"},
                    BadCase{"KEEL_CORS_ORIGINS=*", "KEEL_CORS_ORIGINS"},
                    BadCase{"KEEL_CORS_ORIGINS=https://a.example/path", "KEEL_CORS_ORIGINS"},
                    BadCase{"KEEL_ARGON2_MEMORY_KIB=1024", "KEEL_ARGON2_MEMORY_KIB"},
                    BadCase{"KEEL_ARGON2_TIME=1", "KEEL_ARGON2_TIME"},
                    BadCase{"JWT_SECRET=short", "JWT_SECRET"},
                    BadCase{"JWT_SECRET_PREVIOUS=0123456789abcdef", "JWT_SECRET_PREVIOUS"}));

TEST(Config, SixteenByteSecretIsRefused) {
  Env env{kUrl, "JWT_SECRET=0123456789abcdef"};
  auto c = LoadConfig("", env.get());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("JWT_SECRET"), std::string::npos);
}

TEST(Config, ProductionRequiresSecret) {
  Env env{kUrl, "KEEL_ENV=production"};
  auto c = LoadConfig("", env.get());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind("JWT_SECRET:", 0), 0u);
}

TEST(Config, DatabaseUrlRequired) {
  Env env{kSecret};
  auto c = LoadConfig("", env.get());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind("DATABASE_URL:", 0), 0u);
}

TEST(Config, CorsOriginsParsed) {
  Env env{kUrl, kSecret, "KEEL_CORS_ORIGINS= https://a.example , http://localhost:3000"};
  auto c = LoadConfig("", env.get());
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->cors_origins.size(), 2u);
  EXPECT_EQ(c->cors_origins[0], "https://a.example");
  EXPECT_EQ(c->cors_origins[1], "http://localhost:3000");
}

TEST(ConfigFile, ParsesLinesCommentsAndQuotes) {
  auto values = ParseConfigFile(
      "# comment\n\nKEEL_WORKERS=3\nexport KEEL_ENV=\"production\"\n JWT_SECRET = 'x y' \n");
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(values->at("KEEL_WORKERS"), "3");
  EXPECT_EQ(values->at("KEEL_ENV"), "production");
  EXPECT_EQ(values->at("JWT_SECRET"), "x y");
}

TEST(ConfigFile, MalformedLineNamesTheLine) {
  auto values = ParseConfigFile("KEEL_WORKERS=3\nnot a pair\n");
  ASSERT_FALSE(values.ok());
  EXPECT_NE(values.status().message().find("line 2"), std::string::npos);
}

TEST(ConfigFile, EnvironmentWinsOverFile) {
  char path[] = "/tmp/keel-config-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string text = kUrl + "\n" + kSecret + "\nKEEL_WORKERS=3\nKEEL_MAX_REQUESTS=7\n";
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  Env env{"KEEL_WORKERS=5"};
  auto c = LoadConfig(path, env.get());
  unlink(path);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->workers, 5);
  EXPECT_EQ(c->max_requests, 7);
}

TEST(ConfigFile, MissingFileIsAnError) {
  Env env{kUrl, kSecret};
  auto c = LoadConfig("/nonexistent/keel.env", env.get());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind("--config:", 0), 0u);
}

TEST(ConfigClassicHosts, MaxRequestsGivenOnlyWhenSet) {
  Env plain{kUrl, kSecret};
  auto c = LoadConfig("", plain.get());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->max_requests, 10000);
  EXPECT_FALSE(c->max_requests_given);
  Env set{kUrl, kSecret, "KEEL_MAX_REQUESTS=10000"};
  c = LoadConfig("", set.get());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->max_requests_given);
}

TEST(ConfigClassicHosts, LogDestinations) {
  for (const char* ok : {"KEEL_LOG_DEST=stderr", "KEEL_LOG_DEST=syslog",
                         "KEEL_LOG_DEST=file:/var/log/keel/keel.log"}) {
    Env env{kUrl, kSecret, ok};
    auto c = LoadConfig("", env.get());
    EXPECT_TRUE(c.ok()) << ok << ": " << c.status().message();
  }
  for (const char* bad : {"KEEL_LOG_DEST=file:", "KEEL_LOG_DEST=journal", "KEEL_LOG_DEST="}) {
    Env env{kUrl, kSecret, bad};
    auto c = LoadConfig("", env.get());
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().message().rfind("KEEL_LOG_DEST:", 0), 0u) << bad;
  }
}

TEST(ConfigClassicHosts, ListenOnAnInheritedDescriptor) {
  Env fd0{kUrl, kSecret, "KEEL_LISTEN=fd:0"};
  EXPECT_TRUE(LoadConfig("", fd0.get()).ok());
  Env bad{kUrl, kSecret, "KEEL_LISTEN=fd:x"};
  auto c = LoadConfig("", bad.get());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind("KEEL_LISTEN", 0), 0u);
}

}  // namespace
}  // namespace keel
