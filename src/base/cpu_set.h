// Which CPUs keel may run on, and which of them password hashing may use.
//
// A login storm keeps the sign-in pool hashing flat out. On a small machine (a 2-vCPU
// VM) hashing on every core, even at the lowest priority, roughly triples the p99 of
// the rest of the API: its requests hop between nginx, a worker and PostgreSQL, and
// each hop may land on a core that is busy. Keeping hashing off the first CPU(s)
// leaves those cores to the API whatever the sign-in pool does.
#pragma once

#include <string>
#include <vector>

namespace keel {

// The CPUs this process may run on (its affinity mask), in ascending order; never empty.
std::vector<int> AllowedCpus();

// The CPUs password hashing may use: `allowed` without its first `reserved` ones (kept
// for the rest of the API), or all of `allowed` when that would leave none.
std::vector<int> HashingCpus(const std::vector<int>& allowed, int reserved);

// Confines the calling process to `cpus`; false (errno set) if the kernel refused.
bool RunOnlyOn(const std::vector<int>& cpus);

// "1,2,3" for logs.
std::string CpuListText(const std::vector<int>& cpus);

}  // namespace keel
