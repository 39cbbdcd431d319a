// JSON log lines, escaped by RapidJSON's Writer and written atomically to stderr.
#include "base/log.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <atomic>

#include "base/clock.h"

namespace keel::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

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
  buffer.Put('\n');
  // One write(2) per line keeps lines from concurrent workers whole (stderr is a pipe
  // or file opened O_APPEND by the supervisor; lines are far below PIPE_BUF... mostly).
  ssize_t ignored = ::write(STDERR_FILENO, buffer.GetString(), buffer.GetSize());
  (void)ignored;
}

}  // namespace keel::log
