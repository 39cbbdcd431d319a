// JSON log lines, escaped by RapidJSON's Writer and written atomically to stderr.
#include "base/log.h"

#include <fcntl.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "base/clock.h"

namespace keel::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

// The destination: the descriptor lines are written to (stderr, or the log file), or
// syslog. g_file_path is kept for the SIGUSR1 handler, which reopens with open + dup2 +
// close only (all async-signal-safe), so a rotated file is replaced at once.
int g_fd = STDERR_FILENO;
bool g_syslog = false;
char g_file_path[4096];
constexpr int kFileFlags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC;

void ReopenFile(int) {
  int saved = errno;
  int fd = ::open(g_file_path, kFileFlags, 0640);
  if (fd >= 0) {
    ::dup2(fd, g_fd);
    ::close(fd);
  }
  errno = saved;
}

int SyslogPriority(Level level) {
  switch (level) {
    case Level::kDebug:
      return LOG_DEBUG;
    case Level::kInfo:
      return LOG_INFO;
    case Level::kWarn:
      return LOG_WARNING;
    case Level::kError:
      return LOG_ERR;
  }
  return LOG_INFO;
}

const char* NameOf(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

bool ValidDestination(std::string_view spec) {
  return spec == "stderr" || spec == "syslog" ||
         (spec.rfind("file:", 0) == 0 && spec.size() > 5 && spec.size() - 5 < sizeof g_file_path);
}

bool SetDestination(std::string_view spec, std::string& error) {
  if (!ValidDestination(spec)) {
    error = "must be stderr, syslog or file:PATH";
    return false;
  }
  if (spec == "stderr") return true;
  if (spec == "syslog") {
    openlog("keel", LOG_PID | LOG_NDELAY, LOG_DAEMON);
    g_syslog = true;
    return true;
  }
  std::string path(spec.substr(5));
  int fd = ::open(path.c_str(), kFileFlags, 0640);
  if (fd < 0) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  std::memcpy(g_file_path, path.c_str(), path.size() + 1);
  g_fd = fd;
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sa.sa_handler = ReopenFile;
  sigaction(SIGUSR1, &sa, nullptr);
  return true;
}

void SetLevel(Level level) { g_level.store(static_cast<int>(level)); }
bool Enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

bool ParseLevel(std::string_view text, Level& out) {
  if (text == "debug")
    out = Level::kDebug;
  else if (text == "info")
    out = Level::kInfo;
  else if (text == "warn")
    out = Level::kWarn;
  else if (text == "error")
    out = Level::kError;
  else
    return false;
  return true;
}

namespace {

// Writes the line's JSON object (without the newline) into `buffer`.
void Format(rapidjson::StringBuffer& buffer, Level level, std::string_view message,
            std::initializer_list<Field> fields) {
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("time");
  std::string now = FormatRfc3339Millis(UnixMillis());
  w.String(now.data(), static_cast<rapidjson::SizeType>(now.size()));
  w.Key("level");
  w.String(NameOf(level));
  w.Key("msg");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  for (const Field& f : fields) {
    w.Key(f.key.data(), static_cast<rapidjson::SizeType>(f.key.size()));
    if (auto* s = std::get_if<std::string_view>(&f.value)) {
      w.String(s->data(), static_cast<rapidjson::SizeType>(s->size()));
    } else if (auto* i = std::get_if<int64_t>(&f.value)) {
      w.Int64(*i);
    } else if (auto* d = std::get_if<double>(&f.value)) {
      w.Double(*d);
    } else {
      w.Bool(std::get<bool>(f.value));
    }
  }
  w.EndObject();
}

}  // namespace

std::string FormatLine(Level level, std::string_view message, std::initializer_list<Field> fields) {
  rapidjson::StringBuffer buffer;
  Format(buffer, level, message, fields);
  std::string line(buffer.GetString(), buffer.GetSize());
  line.push_back('\n');
  return line;
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  // One buffer per thread, reused: after the first lines no allocation, and the line is
  // written from it without a copy (a worker logs one line per request).
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  Format(buffer, level, message, fields);
  if (g_syslog) {
    syslog(SyslogPriority(level), "%.*s", static_cast<int>(buffer.GetSize()), buffer.GetString());
    return;
  }
  buffer.Put('\n');
  // One write(2) per line keeps lines from concurrent workers whole (stderr is a pipe
  // or file opened O_APPEND by the supervisor; lines are far below PIPE_BUF... mostly).
  ssize_t ignored = ::write(g_fd, buffer.GetString(), buffer.GetSize());
  (void)ignored;
}

}  // namespace keel::log
