// Failed-login throttling in PostgreSQL (CONTRACT §4.1, RELIABILITY test 37), with the
// test config's limits: 3 failures per account, 5 per IP, in a 2-second window.
#include <chrono>
#include <thread>

#include "auth/auth_events.h"
#include "auth/auth_service.h"
#include "integration/auth_fixtures.h"

namespace keel::test {
namespace {

class AuthThrottleTest : public AuthTest {
 protected:
  Status Login(const std::string& email, const std::string& password, const std::string& ip) {
    auto r = auth::Login(db(), config_, email, password, {ip, "throttle-test"});
    return r.ok() ? Status::Ok() : r.status();
  }
  void SleepPastWindow() {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(config_.login_throttle_window_seconds * 1000 + 1100));
  }
};

TEST_F(AuthThrottleTest, PerAccountLimitThenRetryAfterTheWindow) {
  auth::IssuedSession s = Register("acct");
  // Each failure from a different address: only the account counter can trip.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Login(s.user.email, "wrong password!", UniqueIp()).code(), ErrorCode::kUnauthorized);
  }
  Status throttled = Login(s.user.email, kTestPassword, UniqueIp());  // even the right one
  EXPECT_EQ(throttled.code(), ErrorCode::kRateLimited);
  EXPECT_GE(throttled.retry_after(), 1);
  EXPECT_LE(throttled.retry_after(), config_.login_throttle_window_seconds);
  EXPECT_EQ(EventCount(s.user.id, auth::event::kThrottled), 1);
  EXPECT_EQ(EventCount(s.user.id, auth::event::kLoginFailed), 3);
  SleepPastWindow();
  EXPECT_TRUE(Login(s.user.email, kTestPassword, UniqueIp()).ok());
}

TEST_F(AuthThrottleTest, UnknownEmailsAreThrottledTheSame) {
  std::string email = UniqueAuthEmail("nobody");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Login(email, "whatever-password", UniqueIp()).code(), ErrorCode::kUnauthorized);
  }
  EXPECT_EQ(Login(email, "whatever-password", UniqueIp()).code(), ErrorCode::kRateLimited);
}

TEST_F(AuthThrottleTest, PerIpLimitAcrossAccounts) {
  std::string ip = UniqueIp();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login(UniqueAuthEmail("spray"), "password-spray", ip).code(),
              ErrorCode::kUnauthorized);
  }
  auth::IssuedSession s = Register("victim");
  EXPECT_EQ(Login(s.user.email, kTestPassword, ip).code(), ErrorCode::kRateLimited);
  EXPECT_TRUE(Login(s.user.email, kTestPassword, UniqueIp()).ok());  // other addresses fine
}

TEST_F(AuthThrottleTest, SuccessClearsTheAccountCounterButNotTheIpCounter) {
  std::string ip = UniqueIp();
  auth::IssuedSession s = Register("clear");
  EXPECT_EQ(Login(s.user.email, "wrong password!", ip).code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Login(s.user.email, "wrong password!", ip).code(), ErrorCode::kUnauthorized);
  EXPECT_TRUE(Login(s.user.email, kTestPassword, ip).ok());
  // The account starts again from zero: two more failures do not trip it...
  EXPECT_EQ(Login(s.user.email, "wrong password!", ip).code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Login(s.user.email, "wrong password!", ip).code(), ErrorCode::kUnauthorized);
  // ...but the address has 4 failures now; one more reaches its limit of 5.
  EXPECT_EQ(Login(UniqueAuthEmail("other"), "wrong password!", ip).code(),
            ErrorCode::kUnauthorized);
  EXPECT_EQ(Login(s.user.email, kTestPassword, ip).code(), ErrorCode::kRateLimited);
}

TEST_F(AuthThrottleTest, ThrottledAttemptsDoNotExtendTheWindow) {
  std::string email = UniqueAuthEmail("extend");
  std::string ip = UniqueIp();
  for (int i = 0; i < 3; ++i) (void)Login(email, "wrong password!", ip);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login(email, "wrong password!", UniqueIp()).code(), ErrorCode::kRateLimited);
  }
  SleepPastWindow();
  EXPECT_EQ(Login(email, "wrong password!", UniqueIp()).code(), ErrorCode::kUnauthorized);
}

}  // namespace
}  // namespace keel::test
