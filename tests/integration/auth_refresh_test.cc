// Refresh-token rotation against the real PostgreSQL (CONTRACT §4.2, RELIABILITY tests
// 30–32): rotation, the reuse window (2 s in these tests) returning the very same pair,
// reuse detection after it (family revoked, event recorded), older ancestors, the newest
// descendant after revocation, and 20 concurrent refreshes of one token from 20
// connections.
#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "auth/auth_events.h"
#include "auth/auth_service.h"
#include "auth/authenticate.h"
#include "crypto/random.h"
#include "integration/auth_fixtures.h"
#include "users/user_store.h"

namespace keel::test {
namespace {

using std::chrono::milliseconds;

class AuthRefreshTest : public AuthTest {
 protected:
  StatusOr<auth::IssuedSession> Refresh(const std::string& token) {
    return auth::Refresh(db(), config_, token, client_);
  }
  void SleepPastWindow() {
    std::this_thread::sleep_for(milliseconds(config_.refresh_reuse_window_seconds * 1000 + 1100));
  }
};

TEST_F(AuthRefreshTest, RotatesToANewPairAndKeepsTheSession) {
  auth::IssuedSession s0 = Register("rotate");
  auto s1 = Refresh(s0.refresh_token);
  ASSERT_TRUE(s1.ok()) << s1.status().message();
  EXPECT_NE(s1->refresh_token, s0.refresh_token);
  EXPECT_EQ(s1->session_id, s0.session_id);
  EXPECT_EQ(s1->csrf_token, s0.csrf_token);  // bound to the session, not the token
  EXPECT_EQ(s1->user.id, s0.user.id);
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 2), "1");  // generation
  auto s2 = Refresh(s1->refresh_token);
  ASSERT_TRUE(s2.ok());
  EXPECT_NE(s2->refresh_token, s1->refresh_token);
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 2), "2");
  EXPECT_EQ(EventCount(s0.user.id, auth::event::kRefresh), 2);
}

TEST_F(AuthRefreshTest, ParentWithinTheWindowGetsTheSamePairAgain) {
  auth::IssuedSession s0 = Register("window");
  auto first = Refresh(s0.refresh_token);
  ASSERT_TRUE(first.ok());
  auto again = Refresh(s0.refresh_token);  // a second tab, a moment later
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->refresh_token, first->refresh_token);
  EXPECT_EQ(again->access_token, first->access_token);
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 2), "1");  // no second rotation
  // And the child carries on normally.
  auto next = Refresh(first->refresh_token);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 0), "f");
}

TEST_F(AuthRefreshTest, ReuseAfterTheWindowRevokesTheFamily) {
  auth::IssuedSession s0 = Register("reuse");
  auto s1 = Refresh(s0.refresh_token);
  ASSERT_TRUE(s1.ok());
  SleepPastWindow();
  auto replay = Refresh(s0.refresh_token);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 0), "t");
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 1), "reuse_detected");
  EXPECT_EQ(EventCount(s0.user.id, auth::event::kReuseDetected), 1);
  // The legitimate holder's newest token is dead too (RELIABILITY test 32)...
  auto newest = Refresh(s1->refresh_token);
  ASSERT_FALSE(newest.ok());
  EXPECT_EQ(newest.status().code(), ErrorCode::kUnauthorized);
  // ...and the access token of the family no longer authenticates.
  http::Request request;
  request.method = http::Method::kGet;
  request.authorization = "Bearer " + s1->access_token;
  EXPECT_EQ(auth::Authenticate(request, db(), config_).status().code(), ErrorCode::kUnauthorized);
  // Replaying again records nothing more.
  EXPECT_FALSE(Refresh(s0.refresh_token).ok());
  EXPECT_EQ(EventCount(s0.user.id, auth::event::kReuseDetected), 1);
}

TEST_F(AuthRefreshTest, AnOlderAncestorIsReuseEvenWithinTheWindow) {
  auth::IssuedSession s0 = Register("ancestor");
  auto s1 = Refresh(s0.refresh_token);
  ASSERT_TRUE(s1.ok());
  auto s2 = Refresh(s1->refresh_token);
  ASSERT_TRUE(s2.ok());
  auto replay = Refresh(s0.refresh_token);  // grandparent: not the direct parent
  EXPECT_EQ(replay.status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 1), "reuse_detected");
  EXPECT_FALSE(Refresh(s2->refresh_token).ok());
}

TEST_F(AuthRefreshTest, RevokedExpiredOrDisabledSessionsDoNotRefresh) {
  auth::IssuedSession a = Register("logout");
  auth::Principal principal{a.user.id, a.session_id, "user"};
  ASSERT_TRUE(auth::Logout(db(), principal, client_).ok());
  EXPECT_EQ(Refresh(a.refresh_token).status().code(), ErrorCode::kUnauthorized);

  auth::IssuedSession b = Register("expired");
  db::Params p;
  p.Add(b.session_id);
  ASSERT_TRUE(db().Execute(kExpireSession, p).ok());
  EXPECT_EQ(Refresh(b.refresh_token).status().code(), ErrorCode::kUnauthorized);

  auth::IssuedSession c = Register("disabled");
  users::UserChange change;
  change.is_active.Set(false);
  ASSERT_TRUE(users::UpdateUser(db(), {c.user.id, true}, c.user.id, change).ok());
  EXPECT_EQ(Refresh(c.refresh_token).status().code(), ErrorCode::kUnauthorized);
}

TEST_F(AuthRefreshTest, MalformedAndUnknownTokensAreRefused) {
  for (const std::string& token :
       {std::string(), std::string("x"), std::string(43, '.'), crypto::RandomToken()}) {
    EXPECT_EQ(Refresh(token).status().code(), ErrorCode::kUnauthorized) << token;
  }
}

// 20 threads, each with its own connection, refresh the same token at once.
struct RaceResult {
  int ok = 0;
  int unauthorized = 0;
  int other = 0;
  std::set<std::string> refresh_tokens;
  std::set<std::string> access_tokens;
};

RaceResult RaceRefresh(const Config& config, const std::string& token, int threads) {
  std::vector<std::unique_ptr<db::Connection>> connections;
  for (int i = 0; i < threads; ++i) connections.push_back(ConnectTestDb());
  std::vector<StatusOr<auth::IssuedSession>> results(threads, Status::Internal());
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      ++ready;
      while (!go.load()) std::this_thread::yield();
      results[i] = auth::Refresh(*connections[i], config, token, {"10.9.9.9", "race"});
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  go = true;
  for (std::thread& t : pool) t.join();
  RaceResult out;
  for (const auto& r : results) {
    if (r.ok()) {
      ++out.ok;
      out.refresh_tokens.insert(r->refresh_token);
      out.access_tokens.insert(r->access_token);
    } else if (r.status().code() == ErrorCode::kUnauthorized) {
      ++out.unauthorized;
    } else {
      ++out.other;
    }
  }
  return out;
}

TEST_F(AuthRefreshTest, TwentyConcurrentRefreshesYieldOneFamily) {
  auth::IssuedSession s0 = Register("race");
  RaceResult race = RaceRefresh(config_, s0.refresh_token, 20);
  // Inside the window every caller gets the one child: exactly one rotation happened.
  EXPECT_EQ(race.other, 0);
  EXPECT_EQ(race.ok, 20);
  EXPECT_EQ(race.refresh_tokens.size(), 1u);
  EXPECT_EQ(race.access_tokens.size(), 1u);
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 2), "1");
  EXPECT_EQ(EventCount(s0.user.id, auth::event::kRefresh), 1);
  // After the window only that one chain continues: the child rotates, the parent is
  // reuse.
  SleepPastWindow();
  ASSERT_FALSE(race.refresh_tokens.empty());
  auto next = Refresh(*race.refresh_tokens.begin());
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 2), "2");
}

TEST_F(AuthRefreshTest, WithoutAWindowExactlyOneOfTwentySucceeds) {
  config_.refresh_reuse_window_seconds = 0;
  auth::IssuedSession s0 = Register("race0");
  RaceResult race = RaceRefresh(config_, s0.refresh_token, 20);
  EXPECT_EQ(race.other, 0);
  EXPECT_EQ(race.ok, 1);
  EXPECT_EQ(race.unauthorized, 19);
  // The losers presented a rotated token: strict reuse detection revoked the family.
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 2), "1");
  EXPECT_EQ(Probe(kProbeSession, s0.session_id, 1), "reuse_detected");
}

TEST_F(AuthRefreshTest, RefreshExtendsIdleExpiryButNotPastTheAbsoluteLimit) {
  config_.session_absolute_ttl_seconds = 120;
  config_.refresh_ttl_seconds = 3600;
  auth::IssuedSession s0 = Register("absolute");
  constexpr db::Statement kLifetime{
      "test_auth_session_lifetime",
      "SELECT extract(epoch FROM expires_at - created_at)::int8 FROM sessions WHERE id = $1"};
  EXPECT_EQ(Probe(kLifetime, s0.session_id), "120");
  auto s1 = Refresh(s0.refresh_token);
  ASSERT_TRUE(s1.ok());
  EXPECT_EQ(Probe(kLifetime, s0.session_id), "120");
}

}  // namespace
}  // namespace keel::test
