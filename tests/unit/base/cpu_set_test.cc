// CPU sets for the sign-in pool (base/cpu_set.h).
#include "base/cpu_set.h"

#include <gtest/gtest.h>

#include <thread>

namespace keel {
namespace {

using Cpus = std::vector<int>;

TEST(CpuSet, HashingLeavesTheFirstCpusToTheApi) {
  EXPECT_EQ(HashingCpus({0, 1}, 1), (Cpus{1}));
  EXPECT_EQ(HashingCpus({0, 1, 2, 3, 4, 5, 6, 7}, 1), (Cpus{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(HashingCpus({0, 1, 2, 3}, 2), (Cpus{2, 3}));
  EXPECT_EQ(HashingCpus({2, 5, 9}, 1), (Cpus{5, 9}));  // a taskset/cpuset mask
}

TEST(CpuSet, HashingKeepsEveryCpuWhenNoneWouldBeLeft) {
  EXPECT_EQ(HashingCpus({0}, 1), (Cpus{0}));
  EXPECT_EQ(HashingCpus({0, 1}, 2), (Cpus{0, 1}));
  EXPECT_EQ(HashingCpus({0, 1}, 7), (Cpus{0, 1}));
  EXPECT_EQ(HashingCpus({0, 1, 2}, 0), (Cpus{0, 1, 2}));
  EXPECT_EQ(HashingCpus({0, 1, 2}, -1), (Cpus{0, 1, 2}));
}

TEST(CpuSet, AllowedCpusAreAscendingAndPinningNarrowsThem) {
  Cpus allowed = AllowedCpus();
  ASSERT_FALSE(allowed.empty());
  for (size_t i = 1; i < allowed.size(); ++i) EXPECT_LT(allowed[i - 1], allowed[i]);
  // Affinity is per thread: pin a thread of its own to the last allowed CPU.
  Cpus seen;
  bool pinned = false;
  std::thread([&] {
    pinned = RunOnlyOn({allowed.back()});
    seen = AllowedCpus();
  }).join();
  EXPECT_TRUE(pinned);
  EXPECT_EQ(seen, (Cpus{allowed.back()}));
  EXPECT_EQ(AllowedCpus(), allowed);  // this thread untouched
}

TEST(CpuSet, ListText) {
  EXPECT_EQ(CpuListText({}), "");
  EXPECT_EQ(CpuListText({1}), "1");
  EXPECT_EQ(CpuListText({1, 2, 7}), "1,2,7");
}

}  // namespace
}  // namespace keel
