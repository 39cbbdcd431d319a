// The settings of the job queue, outbound webhooks and mail (LoadJobsConfig): their
// defaults, and one line naming the key for each bad value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.h"

namespace keel {
namespace {

StatusOr<Config> Load(std::vector<std::string> vars) {
  vars.push_back("DATABASE_URL=postgresql://keel@/keel");
  vars.push_back("JWT_SECRET=0123456789abcdef0123456789abcdef");
  std::vector<char*> env;
  for (std::string& v : vars) env.push_back(v.data());
  env.push_back(nullptr);
  return LoadConfig("", env.data());
}

TEST(ConfigJobs, Defaults) {
  auto c = Load({});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->job_workers, 1);
  EXPECT_EQ(c->job_max_attempts, 8);
  EXPECT_FALSE(c->webhook_allow_private);
  EXPECT_EQ(c->reset_ttl_seconds, 1800);
  EXPECT_TRUE(c->smtp_url.empty());
  EXPECT_EQ(c->mail_from, "keel <noreply@localhost>");
}

TEST(ConfigJobs, ValuesAreRead) {
  auto c = Load({"KEEL_JOB_WORKERS=0", "KEEL_WEBHOOK_ALLOW_PRIVATE=1",
                 "KEEL_SMTP_URL=smtps://mail.example.com:465", "KEEL_RESET_TTL=600",
                 "KEEL_MAIL_DIR=/tmp/mail", "KEEL_MAIL_FROM=Ops <ops@example.com>"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->job_workers, 0);
  EXPECT_TRUE(c->webhook_allow_private);
  EXPECT_EQ(c->smtp_url, "smtps://mail.example.com:465");
  EXPECT_EQ(c->reset_ttl_seconds, 600);
  EXPECT_EQ(c->mail_dir, "/tmp/mail");
}

TEST(ConfigJobs, BadValuesNameTheirKey) {
  const std::pair<const char*, const char*> cases[] = {
      {"KEEL_JOB_WORKERS=65", "KEEL_JOB_WORKERS"},
      {"KEEL_JOB_WORKERS=x", "KEEL_JOB_WORKERS"},
      {"KEEL_JOB_MAX_ATTEMPTS=0", "KEEL_JOB_MAX_ATTEMPTS"},
      {"KEEL_JOB_LEASE_MS=10", "KEEL_JOB_LEASE_MS"},
      {"KEEL_WEBHOOK_ALLOW_PRIVATE=perhaps", "KEEL_WEBHOOK_ALLOW_PRIVATE"},
      {"KEEL_WEBHOOK_TIMEOUT_MS=100000", "KEEL_WEBHOOK_TIMEOUT_MS"},  // not below the lease
      {"KEEL_SMTP_URL=http://mail.example.com", "KEEL_SMTP_URL"},
      {"KEEL_MAIL_FROM=nobody", "KEEL_MAIL_FROM"},
      {"KEEL_RESET_TTL=5", "KEEL_RESET_TTL"},
  };
  for (const auto& [var, key] : cases) {
    auto c = Load({var});
    ASSERT_FALSE(c.ok()) << var;
    EXPECT_EQ(c.status().message().rfind(std::string(key) + ":", 0), 0u) << c.status().message();
  }
}

}  // namespace
}  // namespace keel
