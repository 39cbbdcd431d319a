// CPU affinity helpers: the allowed CPUs, the hashing subset, and pinning to it.
#include "base/cpu_set.h"

#include <sched.h>

namespace keel {

std::vector<int> AllowedCpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  if (cpus.empty()) cpus.push_back(0);  // more CPUs than CPU_SETSIZE: treat as one
  return cpus;
}

std::vector<int> HashingCpus(const std::vector<int>& allowed, int reserved) {
  if (reserved <= 0 || static_cast<size_t>(reserved) >= allowed.size()) return allowed;
  return std::vector<int>(allowed.begin() + reserved, allowed.end());
}

bool RunOnlyOn(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : cpus) {
    if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(cpu, &set);
  }
  return sched_setaffinity(0, sizeof(set), &set) == 0;
}

std::string CpuListText(const std::vector<int>& cpus) {
  std::string text;
  for (int cpu : cpus) {
    if (!text.empty()) text += ',';
    text += std::to_string(cpu);
  }
  return text;
}

}  // namespace keel
