// Determinism under many schedules: ThreadSanitizer cannot check the TBB
// parallel loops here (Debian's oneTBB is not instrumented, see
// docs/reliability.md), so instead many seeds are each run at a thread count
// drawn from 1..8 and compared month by month with the single-thread run. A
// data race or a reduction whose order depends on the schedule shows up as a
// difference for some seed and thread count.
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "support/run_files.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;

TEST(Determinism, ManySeedsAtRandomThreadCountsMatchOneThread) {
  const TinyWorld w;
  SpecOptions options;
  // Eight or so chunks of 16384 adopters (sim/simulation.cpp): enough for the
  // threads to interleave, small enough for the test to stay a few seconds.
  options.adopters = 120000;
  const Spec spec = w.load(options);
  // A fixed generator: the thread counts are arbitrary but the same every
  // run, so a failure names a reproducible (seed, threads) pair.
  std::mt19937 pick(2028);
  std::uniform_int_distribution<int> threads_of(1, 8);
  for (std::uint64_t seed = 100; seed < 116; ++seed) {
    const int threads = threads_of(pick);
    SCOPED_TRACE("seed " + std::to_string(seed) + " at " + std::to_string(threads) + " threads");
    const MonthTrace one = trace_months(spec, seed, 1);
    ASSERT_FALSE(one.states.empty());
    EXPECT_TRUE(one == trace_months(spec, seed, threads));
  }
}

}  // namespace
}  // namespace stackrace
