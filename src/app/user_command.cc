// `keel user create --email E [--admin] [--name N]`: creates an account from the shell,
// typically the first administrator (scripts/keel wraps it with the stack's config).
//
// The password is read from stdin, never from argv (where `ps` and shell history would
// show it): on a terminal it is asked for twice with echo turned off (termios); from a
// pipe the first line is taken (`echo pw | keel user create ...`). It must meet the same
// policy as registration (auth/password_policy.h) and is hashed with Argon2id at the
// configured parameters. Prints the new user's id on stdout. Exit codes: 0 created,
// 1 refused or failed (message on stderr), 2 usage.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "api/field_reader.h"
#include "app/commands.h"
#include "auth/password_policy.h"
#include "crypto/password.h"
#include "db/connection.h"
#include "users/user_store.h"

namespace keel {
namespace {

constexpr char kUsage[] =
    "usage: keel user create --email EMAIL [--admin] [--name NAME]  (password on stdin)\n";

struct CreateArgs {
  std::string email;
  std::optional<std::string> name;
  bool admin = false;
};

std::optional<CreateArgs> ParseArgs(const std::vector<std::string>& args) {
  CreateArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--admin") {
      out.admin = true;
    } else if ((a == "--email" || a == "--name") && i + 1 < args.size()) {
      (a == "--email" ? out.email : out.name.emplace()) = args[++i];
    } else if (a.starts_with("--email=")) {
      out.email = a.substr(8);
    } else if (a.starts_with("--name=")) {
      out.name = a.substr(7);
    } else {
      return std::nullopt;
    }
  }
  if (out.email.empty()) return std::nullopt;
  return out;
}

// Turns terminal echo off for its lifetime (restored even on an early return).
class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// One line of stdin without its line ending; nullopt at end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> ReadPassword() {
  if (!isatty(STDIN_FILENO)) return ReadLine();
  NoEcho no_echo;
  std::fprintf(stderr, "Password: ");
  std::optional<std::string> first = ReadLine();
  std::fprintf(stderr, "\nRepeat password: ");
  std::optional<std::string> second = ReadLine();
  std::fprintf(stderr, "\n");
  if (!first || !second) return std::nullopt;
  if (*first != *second) {
    std::fprintf(stderr, "keel user create: the passwords differ\n");
    return std::nullopt;
  }
  return first;
}

// The email normalised and validated exactly as the API does it.
std::optional<std::string> NormalisedEmail(const std::string& raw) {
  http::Fields fields;
  fields.Add("email", http::FieldValue{.kind = http::FieldValue::Kind::kString, .text = raw});
  api::FieldReader reader(fields);
  api::Value<std::string> email = reader.Email("email", true);
  if (!reader.Finish().ok()) return std::nullopt;
  return email.value;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "keel user create: %s\n", message.c_str());
  return 1;
}

}  // namespace

int RunUserCreateCommand(const Config& config, const std::vector<std::string>& args) {
  std::optional<CreateArgs> parsed = ParseArgs(args);
  if (!parsed) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::optional<std::string> email = NormalisedEmail(parsed->email);
  if (!email) return Fail("not a valid email address");
  if (parsed->name && api::Utf8Length(*parsed->name) > users::kMaxNameChars) {
    return Fail("the name must be at most 100 characters");
  }
  std::optional<std::string> password = ReadPassword();
  if (!password || password->empty()) return Fail("no password given on stdin");
  if (auto problem = auth::PasswordProblem(*password, *email, "password")) return Fail(*problem);

  StatusOr<std::string> hash = crypto::HashPassword(
      *password,
      crypto::Argon2Params{.memory_kib = config.argon2_memory_kib, .time = config.argon2_time});
  if (!hash.ok()) return Fail("could not hash the password");
  db::Connection db(db::ConnectionOptions{.url = config.database_url, .connect_timeout_ms = 5000});
  if (Status s = db.Connect(); !s.ok()) {
    return Fail("cannot connect to the database: " + db.last_error().message);
  }
  users::NewUser user{*email, *hash, parsed->name,
                      parsed->admin ? users::kRoleAdmin : users::kRoleUser};
  StatusOr<users::User> created = users::InsertUser(db, user);
  if (!created.ok()) {
    if (created.status().code() == ErrorCode::kConflict) {
      return Fail("a user with email " + *email + " already exists");
    }
    return Fail(created.status().message());
  }
  std::printf("%s\n", created->id.c_str());
  return 0;
}

}  // namespace keel
