#include "sim/runner.h"

#include <gtest/gtest.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include "base/errors.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;

// Callers run several runs in one parallel loop (compare, studies), and the
// loop's context is cancelled when one of them throws. The runs still going
// must not notice: a parallel loop of theirs that the cancellation reached
// would return as if done, leaving the month half computed (at start-up,
// adopters with no class, which then indexed past a table: a heap
// corruption). Here the caller's loop is cancelled in the run's third month.
TEST(Run, GoesOnWhenItsCallersLoopIsCancelled) {
  const TinyWorld w;
  SpecOptions spec_options;
  spec_options.adopters = 60000;
  const Spec spec = w.load(spec_options);
  RunOptions options;
  options.seed = 5;
  const RunReport alone = run(spec, options);
  ASSERT_GT(alone.months.size(), 4u);

  tbb::task_group_context caller;
  RunReport inside;
  options.on_month = [&](int month, int) {
    if (month == 3) caller.cancel_group_execution();
  };
  tbb::parallel_for(
      tbb::blocked_range<int>(0, 1), [&](const tbb::blocked_range<int>&) { inside = run(spec, options); },
      tbb::simple_partitioner(), caller);
  ASSERT_TRUE(caller.is_group_execution_cancelled());
  EXPECT_EQ(inside.months, alone.months);
  EXPECT_TRUE(inside.global_values == alone.global_values) << "the run's months after the cancellation differ";
}

// What a run throws reaches its caller as it was thrown.
TEST(Run, ItsErrorsReachTheCallerUnchanged) {
  const TinyWorld w;
  const Spec spec = w.load();
  RunOptions options;
  options.on_month = [](int month, int) {
    if (month == 2) throw InputError("somewhere", "stop here");
  };
  try {
    run(spec, options);
    FAIL() << "the run did not stop";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("stop here"), std::string::npos);
  }
}

}  // namespace
}  // namespace stackrace
