// Helpers for the auth end-to-end tests (real nginx + keel + PostgreSQL): registering
// throw-away accounts, creating an administrator with `keel user create --admin` (the
// binary and configuration run-tests exports as KEEL_BIN and KEEL_TEST_ENV_FILE), and
// reading cookies out of Set-Cookie headers.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "support/http_client.h"

namespace keel::test {

inline constexpr char kE2ePassword[] = "correct horse battery staple";

struct TestAccount {
  std::string id;
  std::string email;
  std::string access_token;
  std::string refresh_token;
  std::string csrf_token;
};

inline std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

inline std::string Credentials(const std::string& email, const std::string& password) {
  return "{\"email\":" + JsonString(email) + ",\"password\":" + JsonString(password) + "}";
}

inline TestAccount AccountFrom(const HttpResponse& r, const std::string& email) {
  return TestAccount{r.String("/data/user/id"), email, r.String("/data/access_token"),
                     r.String("/data/refresh_token"), r.String("/data/csrf_token")};
}

// Registers a fresh account through the API; fails the calling test on error.
inline TestAccount RegisterAccount(HttpClient& client, const std::string& prefix) {
  std::string email = UniqueEmail(prefix);
  HttpResponse r = client.PostJson("/api/v1/auth/register", Credentials(email, kE2ePassword));
  EXPECT_EQ(r.status, 201) << r.body;
  return AccountFrom(r, email);
}

inline std::string BearerHeader(const TestAccount& a) {
  return "Authorization: Bearer " + a.access_token;
}

// Creates an administrator with the CLI (password on stdin) and signs it in. Returns an
// account with an empty id when the CLI is not available (KEEL_BIN unset).
inline TestAccount CreateAdmin(HttpClient& client) {
  std::string bin = EnvOr("KEEL_BIN", "");
  std::string env_file = EnvOr("KEEL_TEST_ENV_FILE", "");
  if (bin.empty() || env_file.empty()) return {};
  std::string email = UniqueEmail("admin");
  std::string out = "/tmp/keel-e2e-admin-" + email + ".out";
  // printf is a shell builtin: the password never appears in a process's argv.
  std::string cmd = "printf '%s\\n' '" + std::string(kE2ePassword) + "' | '" + bin +
                    "' --config '" + env_file + "' user create --email '" + email +
                    "' --admin > '" + out + "' 2>/dev/null";
  int rc = std::system(cmd.c_str());
  std::ifstream in(out);
  std::string id;
  std::getline(in, id);
  std::remove(out.c_str());
  EXPECT_EQ(rc, 0) << "keel user create failed";
  HttpResponse r = client.PostJson("/api/v1/auth/login", Credentials(email, kE2ePassword));
  EXPECT_EQ(r.status, 200) << r.body;
  TestAccount a = AccountFrom(r, email);
  EXPECT_EQ(a.id, id);
  EXPECT_EQ(r.String("/data/user/role"), "admin");
  return a;
}

// The Set-Cookie header (raw) for cookie `name`, or "".
inline std::string SetCookieFor(const HttpResponse& r, const std::string& name) {
  for (const std::string& c : r.set_cookies) {
    if (c.rfind(name + "=", 0) == 0) return c;
  }
  return "";
}

}  // namespace keel::test
