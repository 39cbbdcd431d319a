// The table of settings: one row per configuration key (name, where it goes in Config,
// its kind and bounds, how its default is shown, what it means). LoadConfig checks
// every key by its row, `keel config-table` prints the README's table from the rows
// (a unit test keeps the two equal), and a KEEL_ key without a row is reported.
//
// Adding a setting is adding its member to Config (with its default) and one row to
// kSettings in settings.cc, e.g.
//   Integer("KEEL_UPLOAD_MAX_BYTES", &Config::upload_max_bytes, 1024, 1 << 30,
//           "largest upload accepted, bytes"),
// Row makers: Text, Integer (bounds inclusive), Flag (on|off|true|false|1|0), Listen
// (unix:PATH, HOST:PORT or fd:N), Checked (text a predicate accepts), Origin, OriginList
// (comma list), Secret (≥ 32 bytes), and OneOf (a fixed set of words). The last argument of each is
// the README's meaning; an optional `shown` default replaces the one printed from Config{} (e.g. "—
// (required)").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "config/config.h"

namespace keel {

struct Setting {
  const char* key;
  // Checks `value` and stores it into the Config; the error names the key.
  std::function<Status(const std::string& value, Config& config)> apply;
  // The default as the README shows it, from a default-constructed Config.
  std::function<std::string(const Config& defaults)> shown_default;
  const char* meaning;
};

// Every setting, in the README's order.
const std::vector<Setting>& Settings();

// The README's configuration table (markdown, header included, one line per row).
std::string SettingsMarkdownTable();

}  // namespace keel
