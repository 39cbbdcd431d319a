// argon2-cost: what one Argon2id hash costs on this machine at each parameter set, with
// libargon2 alone (no keel, no nginx, no PostgreSQL): the sign-in section of `make bench`
// (scripts/bench) prints it next to the logins/s keel reaches, also for the OWASP
// settings keel's configuration refuses (below m = 19456 KiB or t = 2, CONTRACT §4.1).
//
//   argon2-cost ROUNDS M:T [M:T ...]      (M in KiB, T passes; p = 1, 32-byte hash)
//
// The settings are taken in turn, ROUNDS times round-robin, so that a machine whose load
// drifts weighs on every setting alike; one JSON line per setting on stdout:
//   {"memory_kib":M,"time":T,"hashes":N,"median_ms":…,"min_ms":…}
// Each hash allocates and frees its memory, as a keel worker's first hash does. Built by
// scripts/bench with `g++ -O2 scripts/bench-tools/argon2-cost.cc -largon2`; run pinned to
// one CPU (taskset). Not part of the product.
#include <argon2.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Setting {
  uint32_t memory_kib = 0;
  uint32_t time = 0;
  std::vector<double> ms;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: argon2-cost ROUNDS M:T [M:T ...]\n");
    return 2;
  }
  const int rounds = std::atoi(argv[1]);
  if (rounds < 1 || rounds > 1000) {
    std::fprintf(stderr, "argon2-cost: ROUNDS must be 1..1000\n");
    return 2;
  }
  std::vector<Setting> settings;
  for (int i = 2; i < argc; ++i) {
    Setting s;
    unsigned m = 0, t = 0;
    if (std::sscanf(argv[i], "%u:%u", &m, &t) != 2 || m < 8 || t < 1) {
      std::fprintf(stderr, "argon2-cost: bad setting %s (M:T)\n", argv[i]);
      return 2;
    }
    s.memory_kib = m;
    s.time = t;
    settings.push_back(s);
  }
  const std::string password = "bench-password-correct-horse";
  const std::string salt = "0123456789abcdef";
  uint8_t out[32];
  // One unmeasured hash per setting first (page tables, the library's first call).
  for (Setting& s : settings) {
    argon2id_hash_raw(s.time, s.memory_kib, 1, password.data(), password.size(), salt.data(),
                      salt.size(), out, sizeof out);
  }
  for (int r = 0; r < rounds; ++r) {
    for (Setting& s : settings) {
      const auto t0 = std::chrono::steady_clock::now();
      const int rc = argon2id_hash_raw(s.time, s.memory_kib, 1, password.data(), password.size(),
                                       salt.data(), salt.size(), out, sizeof out);
      const auto t1 = std::chrono::steady_clock::now();
      if (rc != ARGON2_OK) {
        std::fprintf(stderr, "argon2-cost: %s\n", argon2_error_message(rc));
        return 1;
      }
      s.ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  }
  for (const Setting& s : settings) {
    std::printf("{\"memory_kib\":%u,\"time\":%u,\"hashes\":%zu,\"median_ms\":%.2f,\"min_ms\":%.2f}\n",
                s.memory_kib, s.time, s.ms.size(), Median(s.ms),
                *std::min_element(s.ms.begin(), s.ms.end()));
  }
  return 0;
}
