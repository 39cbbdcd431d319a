// Which CPUs keel may run on, and which of them password hashing may use.
//
// A login storm keeps the sign-in pool hashing flat out. On a 2-vCPU VM, hashing on
// both CPUs roughly tripled the p99 of the rest of the API, and the same at nice 0, 10
// or 19 and under SCHED_IDLE: priority cannot win back time lost when every vCPU is
// busy (two plain busy loops did the same). With hashing kept off the first CPU the
// p99 rose 1.3-1.5x. So the sign-in pool runs on the CPUs after the first ones, which
// stay free of hashing for the API whatever the sign-in pool does.
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
