// The settings table (config/settings.h): README's configuration table is the one it prints,
// and a KEEL_ key that no setting has is reported, not silently ignored.
#include "config/settings.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace keel {
namespace {

std::string ReadmePath() {
  for (const char* var : {"KEEL_REPO", "REPO"}) {
    const char* dir = std::getenv(var);
    if (dir != nullptr && *dir != '\0') {
      std::string path = std::string(dir) + "/README.md";
      if (std::ifstream(path).good()) return path;
    }
  }
  return "README.md";
}

// The lines of README.md from the table's header to its last row.
std::string ReadmeTable() {
  std::ifstream in(ReadmePath());
  std::string line, out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "| key | default | meaning |") inside = true;
    if (!inside) continue;
    if (line.rfind("|", 0) != 0) break;
    out += line + "\n";
  }
  return out;
}

TEST(Settings, ReadmeTableIsTheOneTheSettingsPrint) {
  std::string readme = ReadmeTable();
  ASSERT_FALSE(readme.empty()) << "no configuration table in " << ReadmePath();
  EXPECT_EQ(readme, SettingsMarkdownTable())
      << "README.md's configuration table differs from `keel config-table`; paste its output";
}

TEST(Settings, EveryKeyOnceAndEveryRowDescribed) {
  std::vector<std::string> seen;
  for (const Setting& s : Settings()) {
    for (const std::string& k : seen) EXPECT_NE(k, s.key);
    seen.push_back(s.key);
    EXPECT_NE(std::string(s.meaning), "");
  }
}

TEST(Settings, UnknownKeysAreNamed) {
  std::vector<std::string> vars = {"DATABASE_URL=postgresql://keel@/keel", "KEEL_WORKRES=3",
                                   "KEEL_WORKERS=3", "PATH=/bin"};
  std::vector<char*> env;
  for (std::string& v : vars) env.push_back(v.data());
  env.push_back(nullptr);
  auto c = LoadConfig("", env.data());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->workers, 3);
  EXPECT_EQ(c->unknown_keys, std::vector<std::string>{"KEEL_WORKRES"});
}

}  // namespace
}  // namespace keel
