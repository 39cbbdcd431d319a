// Accounts, password storage and request authentication against the real PostgreSQL
// (CONTRACT §4.1–§4.3, §5): email normalisation and 409, same answer for wrong email and
// wrong password, bcrypt import and Argon2id re-hash, password change, the live-session
// check (roles from the database, disabling), cookie CSRF checks, and what deleting an
// account takes with it.
#include <crypt.h>

#include <string>

#include "auth/auth_events.h"
#include "auth/auth_service.h"
#include "auth/authenticate.h"
#include "auth/csrf.h"
#include "auth/keys.h"
#include "auth/session_cookies.h"
#include "auth/tokens.h"
#include "base/clock.h"
#include "integration/auth_fixtures.h"
#include "users/user_service.h"

namespace keel::test {
namespace {

using auth::Principal;

std::string ParamsPrefix(uint32_t memory_kib, uint32_t time) {
  return "$argon2id$v=19$m=" + std::to_string(memory_kib) + ",t=" + std::to_string(time) + ",p=1$";
}

class AuthAccountsTest : public AuthTest {
 protected:
  StatusOr<auth::IssuedSession> Login(const std::string& email, const std::string& password) {
    return auth::Login(db(), config_, email, password, client_);
  }
  StatusOr<Principal> Bearer(const std::string& access_token,
                             http::Method method = http::Method::kGet) {
    http::Request r;
    r.method = method;
    r.authorization = "Bearer " + access_token;
    return auth::Authenticate(r, db(), config_);
  }
};

TEST_F(AuthAccountsTest, RegisterNormalisedEmailIsUnique) {
  std::string email = UniqueAuthEmail("dup");
  auto first = auth::Register(db(), config_, {email, kTestPassword, "Dup"}, client_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->user.email, email);
  EXPECT_EQ(first->user.name, "Dup");
  EXPECT_EQ(first->user.role, "user");
  EXPECT_EQ(EventCount(first->user.id, auth::event::kRegister), 1);
  // The handler normalises; the store sees the same address again.
  auto second = auth::Register(db(), config_, {email, kTestPassword, {}}, client_);
  EXPECT_EQ(second.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(second.status().message(), "email already registered");
  // The stored hash is Argon2id at the configured parameters, never the password.
  std::string hash = Probe(kProbeHash, first->user.id);
  EXPECT_TRUE(hash.starts_with(ParamsPrefix(config_.argon2_memory_kib, config_.argon2_time)))
      << hash;
}

TEST_F(AuthAccountsTest, PolicyIsEnforcedByTheServiceToo) {
  auto r = auth::Register(db(), config_, {UniqueAuthEmail("weak"), "short", {}}, client_);
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "password");
  std::string email = UniqueAuthEmail("same");
  r = auth::Register(db(), config_, {email, email, {}}, client_);
  EXPECT_EQ(r.status().field(), "password");
}

TEST_F(AuthAccountsTest, WrongEmailAndWrongPasswordAnswerTheSame) {
  auth::IssuedSession s = Register("enum");
  auto wrong_password = Login(s.user.email, "not the password");
  auto wrong_email = Login(UniqueAuthEmail("enum-missing"), "not the password");
  ASSERT_FALSE(wrong_password.ok());
  ASSERT_FALSE(wrong_email.ok());
  EXPECT_EQ(wrong_password.status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(wrong_email.status().code(), wrong_password.status().code());
  EXPECT_EQ(wrong_email.status().message(), wrong_password.status().message());
  EXPECT_EQ(EventCount(s.user.id, auth::event::kLoginFailed), 1);
}

TEST_F(AuthAccountsTest, LoginOpensANewSessionEachTime) {
  auth::IssuedSession s = Register("fixation");
  auto a = Login(s.user.email, kTestPassword);
  auto b = Login(s.user.email, kTestPassword);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->session_id, s.session_id);
  EXPECT_NE(a->session_id, b->session_id);
  EXPECT_TRUE(a->user.last_login.has_value());
  EXPECT_EQ(EventCount(s.user.id, auth::event::kLoginOk), 2);
}

TEST_F(AuthAccountsTest, BcryptHashIsAcceptedAndReplacedByArgon2id) {
  auth::IssuedSession s = Register("bcrypt");
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  ASSERT_NE(crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof salt), nullptr);
  crypt_data data{};
  const char* bcrypt = crypt_rn("imported from node", salt, &data, sizeof data);
  ASSERT_NE(bcrypt, nullptr);
  ASSERT_TRUE(std::string(bcrypt).starts_with("$2b$04$"));
  Exec(kSetHash, s.user.id, bcrypt);
  EXPECT_EQ(Login(s.user.email, "wrong password").status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Probe(kProbeHash, s.user.id), bcrypt);  // a failure re-hashes nothing
  ASSERT_TRUE(Login(s.user.email, "imported from node").ok());
  std::string hash = Probe(kProbeHash, s.user.id);
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  ASSERT_TRUE(Login(s.user.email, "imported from node").ok());  // and still works
}

TEST_F(AuthAccountsTest, HashIsUpgradedWhenTheConfiguredCostRises) {
  auth::IssuedSession s = Register("rehash");
  const uint32_t m = config_.argon2_memory_kib, t = config_.argon2_time;
  EXPECT_TRUE(Probe(kProbeHash, s.user.id).starts_with(ParamsPrefix(m, t)));
  config_.argon2_time = t + 1;
  ASSERT_TRUE(Login(s.user.email, kTestPassword).ok());
  EXPECT_TRUE(Probe(kProbeHash, s.user.id).starts_with(ParamsPrefix(m, t + 1)));
  config_.argon2_time = t;  // lowering the cost never downgrades a hash
  ASSERT_TRUE(Login(s.user.email, kTestPassword).ok());
  EXPECT_TRUE(Probe(kProbeHash, s.user.id).starts_with(ParamsPrefix(m, t + 1)));
}

TEST_F(AuthAccountsTest, DisabledAccountCannotSignInAfterTheRightPassword) {
  auth::IssuedSession s = Register("disabled");
  users::UserChange change;
  change.is_active.Set(false);
  ASSERT_TRUE(users::ChangeUser(db(), {s.user.id, true}, s.user.id, change).ok());
  EXPECT_EQ(Login(s.user.email, "wrong password").status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Login(s.user.email, kTestPassword).status().code(), ErrorCode::kForbidden);
  // Its existing session died with the change (RELIABILITY test 33).
  EXPECT_EQ(Bearer(s.access_token).status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Probe(kProbeSession, s.session_id, 1), "disabled");
}

TEST_F(AuthAccountsTest, PasswordChangeRevokesEveryOtherSession) {
  auth::IssuedSession current = Register("pwchange");
  auto other = Login(current.user.email, kTestPassword);
  ASSERT_TRUE(other.ok());
  Principal me{current.user.id, current.session_id, "user"};
  Status wrong =
      auth::ChangePassword(db(), config_, me, "not the password", "a brand new password", client_);
  EXPECT_EQ(wrong.code(), ErrorCode::kValidation);
  EXPECT_EQ(wrong.field(), "current_password");
  Status weak = auth::ChangePassword(db(), config_, me, kTestPassword, "short", client_);
  EXPECT_EQ(weak.field(), "new_password");
  ASSERT_TRUE(
      auth::ChangePassword(db(), config_, me, kTestPassword, "a brand new password", client_).ok());
  EXPECT_TRUE(Bearer(current.access_token).ok());
  EXPECT_EQ(Bearer(other->access_token).status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Probe(kProbeSession, other->session_id, 1), "password_change");
  EXPECT_EQ(Login(current.user.email, kTestPassword).status().code(), ErrorCode::kUnauthorized);
  EXPECT_TRUE(Login(current.user.email, "a brand new password").ok());
  EXPECT_EQ(EventCount(current.user.id, auth::event::kPasswordChange), 1);
}

TEST_F(AuthAccountsTest, LogoutAllRevokesEverySession) {
  auth::IssuedSession a = Register("logoutall");
  auto b = Login(a.user.email, kTestPassword);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(auth::LogoutAll(db(), {a.user.id, a.session_id, "user"}, client_).ok());
  EXPECT_FALSE(Bearer(a.access_token).ok());
  EXPECT_FALSE(Bearer(b->access_token).ok());
  EXPECT_EQ(Probe(kLiveSessions, a.user.id), "0");
  EXPECT_EQ(EventCount(a.user.id, auth::event::kLogoutAll), 1);
}

TEST_F(AuthAccountsTest, RevokeOwnSessionOnlyOwn) {
  auth::IssuedSession a = Register("own");
  auth::IssuedSession b = Register("own-other");
  Principal pa{a.user.id, a.session_id, "user"};
  EXPECT_EQ(auth::RevokeOwnSession(db(), pa, b.session_id, client_).code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Bearer(b.access_token).ok());
  auto second = Login(a.user.email, kTestPassword);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(auth::RevokeOwnSession(db(), pa, second->session_id, client_).ok());
  EXPECT_FALSE(Bearer(second->access_token).ok());
  EXPECT_EQ(auth::RevokeOwnSession(db(), pa, second->session_id, client_).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(EventCount(a.user.id, auth::event::kSessionRevoked), 1);
}

TEST_F(AuthAccountsTest, RoleComesFromTheDatabaseNotTheToken) {
  auth::IssuedSession s = Register("role");
  auto p = Bearer(s.access_token);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->role, "user");
  Exec(kSetRole, s.user.id, "admin");
  p = Bearer(s.access_token);  // the token still says "user"
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->role, "admin");
  EXPECT_EQ(p->session_id, s.session_id);
}

TEST_F(AuthAccountsTest, CookieAuthenticatedWritesNeedTheCsrfToken) {
  auth::IssuedSession s = Register("csrf");
  auto request = [&](http::Method m, const std::string& csrf, const std::string& origin = "",
                     const std::string& fetch_site = "") {
    http::Request r;
    r.method = m;
    r.cookie = std::string("theme=dark; ") + auth::kAccessCookie + "=" + s.access_token;
    r.csrf_token = csrf;
    r.origin = origin;
    r.sec_fetch_site = fetch_site;
    return auth::Authenticate(r, db(), config_);
  };
  const struct {
    const char* name;
    http::Method method;
    std::string csrf, origin, fetch_site;
    ErrorCode expected;
  } cases[] = {
      {"GET needs no token", http::Method::kGet, "", "", "", ErrorCode::kOk},
      {"POST with the token", http::Method::kPost, s.csrf_token, "https://localhost:8443",
       "same-origin", ErrorCode::kOk},
      {"DELETE with the token, no Origin", http::Method::kDelete, s.csrf_token, "", "",
       ErrorCode::kOk},
      {"POST without the token", http::Method::kPost, "", "", "", ErrorCode::kForbidden},
      {"PATCH with a wrong token", http::Method::kPatch, "x" + s.csrf_token.substr(1), "", "",
       ErrorCode::kForbidden},
      {"PUT with the token from another origin", http::Method::kPut, s.csrf_token,
       "https://evil.example", "", ErrorCode::kForbidden},
      {"POST with the token, cross-site", http::Method::kPost, s.csrf_token, "", "cross-site",
       ErrorCode::kForbidden},
  };
  for (const auto& c : cases) {
    auto p = request(c.method, c.csrf, c.origin, c.fetch_site);
    EXPECT_EQ(p.ok() ? ErrorCode::kOk : p.status().code(), c.expected) << c.name;
  }
  // A bearer token needs no CSRF token, and wins over the cookie.
  http::Request r;
  r.method = http::Method::kPost;
  r.authorization = "Bearer " + s.access_token;
  r.cookie = std::string(auth::kAccessCookie) + "=garbage";
  auto p = auth::Authenticate(r, db(), config_);
  EXPECT_TRUE(p.ok()) << p.status().message();
}

TEST_F(AuthAccountsTest, MissingOrForgedTokensAreUnauthorized) {
  auth::IssuedSession s = Register("forged");
  http::Request r;
  r.method = http::Method::kGet;
  EXPECT_EQ(auth::Authenticate(r, db(), config_).status().code(), ErrorCode::kUnauthorized);
  r.authorization = "Basic dXNlcjpwYXNz";
  EXPECT_EQ(auth::Authenticate(r, db(), config_).status().code(), ErrorCode::kUnauthorized);
  Config other = config_;
  other.jwt_secret = "some-other-secret-0123456789abcdef!!";
  EXPECT_EQ(Bearer(auth::IssueAccessToken(auth::KeysFor(other), other, s.user.id, s.session_id,
                                          "admin", UnixSeconds()))
                .status()
                .code(),
            ErrorCode::kUnauthorized);
  // A token of a real session, but naming another user as subject.
  auth::IssuedSession t = Register("forged-other");
  const auth::AuthKeys keys = auth::KeysFor(config_);
  EXPECT_EQ(
      Bearer(auth::IssueAccessToken(keys, config_, t.user.id, s.session_id, "user", UnixSeconds()))
          .status()
          .code(),
      ErrorCode::kUnauthorized);
  // The previous secret still verifies during a rotation.
  Config rotated = config_;
  rotated.jwt_secret = "the-next-secret-0123456789abcdefghij";
  rotated.jwt_secret_previous = config_.jwt_secret;
  r.authorization = "Bearer " + s.access_token;
  EXPECT_TRUE(auth::Authenticate(r, db(), rotated).ok());
}

TEST_F(AuthAccountsTest, UsersAreScopedToThemselvesUnlessAdmin) {
  auth::IssuedSession a = Register("scope-a");
  auth::IssuedSession b = Register("scope-b");
  users::Actor as_a{a.user.id, false};
  users::Actor admin{b.user.id, true};
  EXPECT_TRUE(users::GetUser(db(), as_a, a.user.id).ok());
  EXPECT_EQ(users::GetUser(db(), as_a, b.user.id).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(users::GetUser(db(), admin, a.user.id).ok());
  users::UserChange rename;
  rename.name.Set(std::string("Renamed"));
  EXPECT_EQ(users::ChangeUser(db(), as_a, b.user.id, rename).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(users::RemoveUser(db(), as_a, b.user.id).code(), ErrorCode::kNotFound);
  users::UserChange promote;
  promote.role.Set("admin");
  EXPECT_EQ(users::ChangeUser(db(), as_a, a.user.id, promote).status().code(),
            ErrorCode::kForbidden);
  auto promoted = users::ChangeUser(db(), admin, a.user.id, promote);
  ASSERT_TRUE(promoted.ok());
  EXPECT_EQ(promoted->role, "admin");
  users::UserChange email;
  email.email.Set(b.user.email);
  EXPECT_EQ(users::ChangeUser(db(), admin, a.user.id, email).status().code(), ErrorCode::kConflict);
}

inline constexpr db::Statement kInsertProject{
    "test_auth_insert_project",
    "INSERT INTO projects (user_id, title) VALUES ($1, 'cascade') RETURNING id"};
inline constexpr db::Statement kCountOwned{
    "test_auth_count_owned",
    "SELECT (SELECT count(*) FROM sessions WHERE user_id = $1)"
    " + (SELECT count(*) FROM auth_events WHERE user_id = $1)"
    " + (SELECT count(*) FROM session_refresh_history h JOIN sessions s ON s.id = h.session_id"
    "    WHERE s.user_id = $1)"
    " + (SELECT count(*) FROM projects WHERE user_id = $1)"};

TEST_F(AuthAccountsTest, DeletingAUserCascades) {
  auth::IssuedSession s = Register("cascade");
  ASSERT_TRUE(auth::Refresh(db(), config_, s.refresh_token, client_).ok());
  db::Params p;
  p.Add(s.user.id);
  ASSERT_TRUE(db().Execute(kInsertProject, p).ok());
  EXPECT_GE(std::stoll(Probe(kCountOwned, s.user.id)), 5);
  ASSERT_TRUE(users::RemoveUser(db(), {s.user.id, false}, s.user.id).ok());
  EXPECT_EQ(Probe(kCountOwned, s.user.id), "0");
  EXPECT_EQ(Bearer(s.access_token).status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(Login(s.user.email, kTestPassword).status().code(), ErrorCode::kUnauthorized);
}

}  // namespace
}  // namespace keel::test
