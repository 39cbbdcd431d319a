// Integration tests of the account flows' one-time tokens against the real PostgreSQL:
// the reset mail is queued in the request's transaction (a job, not sent inline); an
// expired token and a used one are refused with nothing changed; an unknown address
// answers exactly like a known one and queues nothing; five wrong codes burn the token.
#include <gtest/gtest.h>

#include <regex>

#include "auth/account_flows.h"
#include "integration/resource_fixtures.h"
#include "users/user_store.h"

namespace keel::auth {
namespace {

constexpr db::Statement kResetMail{
    "test_account_reset_mail",
    "SELECT payload->>'text' FROM jobs WHERE kind = 'mail.send' AND payload->>'to' = $1 "
    "AND payload->>'subject' LIKE 'Reset%' ORDER BY id DESC LIMIT 1"};
constexpr db::Statement kMailsTo{
    "test_account_mails_to",
    "SELECT count(*) FROM jobs WHERE kind = 'mail.send' AND payload->>'to' = $1"};
constexpr db::Statement kExpire{
    "test_account_expire",
    "UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1"};
constexpr db::Statement kHash{"test_account_hash", "SELECT password_hash FROM users WHERE id = $1"};
constexpr db::Statement kEmailOf{"test_account_email", "SELECT email FROM users WHERE id = $1"};

OneTimeProof ByToken(const std::string& token) {
  OneTimeProof p;
  p.token = token;
  return p;
}
OneTimeProof ByCode(const std::string& code, const std::string& email) {
  OneTimeProof p;
  p.code = code;
  p.email = email;
  return p;
}

class AccountFlowsTest : public test::StoreTest {
 protected:
  void SetUp() override {
    test::StoreTest::SetUp();
    config_.database_url = test::TestDatabaseUrl();
    config_.argon2_memory_kib = 19456;
    config_.public_origin = "https://keel.example";
    email_ = One(kEmailOf, alice_);
  }
  std::string One(const db::Statement& s, const std::string& arg) {
    db::Params p;
    p.Add(arg);
    auto r = db().Execute(s, p);
    EXPECT_TRUE(r.ok());
    return r.ok() && !r->empty() && !r->IsNull(0, 0) ? r->String(0, 0) : "";
  }
  // The token and code of the newest reset mail to alice.
  std::pair<std::string, std::string> ResetMail() {
    std::string text = One(kResetMail, email_);
    std::smatch token, code;
    EXPECT_TRUE(std::regex_search(text, token, std::regex("#token=([A-Za-z0-9_-]+)"))) << text;
    EXPECT_TRUE(std::regex_search(text, code, std::regex("code: ([0-9]{6})"))) << text;
    return {token.size() > 1 ? token[1].str() : "", code.size() > 1 ? code[1].str() : ""};
  }
  Config config_;
  ClientInfo client_{"203.0.113.7", "test"};
  std::string email_;
};

TEST_F(AccountFlowsTest, UnknownAddressAnswersTheSameAndQueuesNothing) {
  std::string nobody = "nobody-" + alice_ + "@example.com";
  EXPECT_TRUE(RequestPasswordReset(db(), config_, nobody, client_).ok());
  EXPECT_EQ(One(kMailsTo, nobody), "0");
  EXPECT_TRUE(RequestPasswordReset(db(), config_, email_, client_).ok());
  EXPECT_EQ(One(kMailsTo, email_), "1") << "the mail is a job, written with the request";
}

TEST_F(AccountFlowsTest, ExpiredAndUsedTokensAreRefusedWithNothingChanged) {
  ASSERT_TRUE(RequestPasswordReset(db(), config_, email_, client_).ok());
  auto [token, code] = ResetMail();
  std::string hash_before = One(kHash, alice_);
  db::Params p;
  p.Add(alice_);
  ASSERT_TRUE(db().Execute(kExpire, p).ok());
  Status expired = ResetPassword(db(), config_, ByToken(token), "a brand new password", client_);
  EXPECT_EQ(expired.code(), ErrorCode::kValidation);
  EXPECT_EQ(One(kHash, alice_), hash_before);

  ASSERT_TRUE(RequestPasswordReset(db(), config_, email_, client_).ok());
  auto [fresh, fresh_code] = ResetMail();
  EXPECT_EQ(ResetPassword(db(), config_, ByToken(token), "a brand new password", client_).code(),
            ErrorCode::kValidation)
      << "the older token was replaced";
  ASSERT_TRUE(ResetPassword(db(), config_, ByToken(fresh), "a brand new password", client_).ok());
  std::string hash_after = One(kHash, alice_);
  EXPECT_NE(hash_after, hash_before);
  EXPECT_EQ(ResetPassword(db(), config_, ByToken(fresh), "another new password", client_).code(),
            ErrorCode::kValidation);
  EXPECT_EQ(ResetPassword(db(), config_, ByCode(fresh_code, email_), "another one", client_).code(),
            ErrorCode::kValidation)
      << "the code of a used token is used too";
  EXPECT_EQ(One(kHash, alice_), hash_after);
}

TEST_F(AccountFlowsTest, FiveWrongCodesBurnTheToken) {
  ASSERT_TRUE(RequestPasswordReset(db(), config_, email_, client_).ok());
  auto [token, code] = ResetMail();
  std::string wrong = code == "000000" ? "111111" : "000000";
  for (int i = 0; i < kMaxCodeAttempts; ++i) {
    EXPECT_EQ(
        ResetPassword(db(), config_, ByCode(wrong, email_), "a new password!", client_).code(),
        ErrorCode::kValidation);
  }
  EXPECT_EQ(ResetPassword(db(), config_, ByCode(code, email_), "a new password!", client_).code(),
            ErrorCode::kValidation)
      << "the right code after five wrong ones";
  EXPECT_EQ(ResetPassword(db(), config_, ByToken(token), "a new password!", client_).code(),
            ErrorCode::kValidation)
      << "and the link with it";
}

}  // namespace
}  // namespace keel::auth
