// Structured logging: one JSON object per line on stderr.
//
// Every value goes through RapidJSON's string escaping, so a CR or LF inside a value
// (a hostile user agent, say) is written as "\r\n" and can never start a forged line.
// Callers must never pass secrets (passwords, tokens, cookies, hashes): the log is for
// operators, and the access log records only the route pattern, not the raw query.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace keel::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void SetLevel(Level level);
bool Enabled(Level level);
// Parses "debug|info|warn|error"; returns false on anything else.
bool ParseLevel(std::string_view text, Level& out);

// A field of a log line: a key and a string, integer or double value.
struct Field {
  std::string_view key;
  std::variant<std::string_view, int64_t, double, bool> value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(int64_t{v}) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};

// Where the lines go (KEEL_LOG_DEST): "stderr" (the default), "file:PATH" (appended;
// reopened on SIGUSR1, for logrotate: send it to every keel process) or "syslog" (the
// daemon facility, ident "keel", the level as the priority). Returns false, with the
// reason in `error`, for an unknown destination or a file that cannot be opened.
bool SetDestination(std::string_view spec, std::string& error);
// True for the forms SetDestination accepts (nothing is opened): for config checks.
bool ValidDestination(std::string_view spec);

// Writes {"time":…,"level":…,"msg":…, fields…} as one line with a single write(2).
void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}
inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kDebug, m, f);
}

// Formats the line Write would emit (without writing it); for tests.
std::string FormatLine(Level level, std::string_view message, std::initializer_list<Field> fields);

}  // namespace keel::log
