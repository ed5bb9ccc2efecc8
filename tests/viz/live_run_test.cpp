// viz/core/live_run: the background simulation of `view CONFIG` produces the
// same months as a recorded run, and stops promptly when asked.

#include "viz/core/live_run.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "sim/runner.h"
#include "viz/core/trajectory.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

std::shared_ptr<const Spec> small_spec(const std::string& end_month) {
  SpecOptions options{{"horizon.end_month=" + end_month}, 20000};
  return std::make_shared<const Spec>(
      load_spec((viz_test::repo_root() / "configs/scenarios/baseline.textproto").string(), options));
}

bool wait_until_finished(const Timeline& t, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!t.finished()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

TEST(LiveRun, ProducesTheMonthsARunRecords) {
  const auto spec = small_spec("2025-04");
  const auto timeline = make_live_timeline(*spec);
  {
    LiveRun live(spec, spec->scenario.seed(), *timeline);
    ASSERT_TRUE(wait_until_finished(*timeline, 60));
  }
  EXPECT_EQ(timeline->error(), "");
  ASSERT_EQ(timeline->size(), 4);

  viz_test::TempDir dir;
  RunOptions options;
  options.seed = spec->scenario.seed();
  options.out = (dir / "run").string();
  run(*spec, options);
  const Trajectory recorded = read_trajectory((dir / "run/trajectory.pb").string());
  ASSERT_EQ(recorded.frames.size(), 4u);
  EXPECT_EQ(recorded.iso3, timeline->iso3());
  for (int m = 0; m < 4; ++m) {
    const MapFrame live_frame = timeline->frame(m);
    EXPECT_EQ(live_frame.month, recorded.frames[m].month);
    for (std::size_t c = 0; c < recorded.iso3.size(); ++c) {
      const CountryFrame &a = live_frame.countries[c], &b = recorded.frames[m].countries[c];
      ASSERT_EQ(a.ai_user_share, b.ai_user_share) << recorded.iso3[c];
      ASSERT_EQ(a.stack_share, b.stack_share) << recorded.iso3[c];
      ASSERT_EQ(a.dominant_stack, b.dominant_stack) << recorded.iso3[c];
      ASSERT_EQ(a.partnership, b.partnership) << recorded.iso3[c];
      ASSERT_EQ(a.export_tier, b.export_tier) << recorded.iso3[c];
    }
  }
  EXPECT_EQ(timeline->global().rows.size(), 4u);
}

TEST(LiveRun, StopsSoonWhenDestroyed) {
  const auto spec = small_spec("2030-12");
  const auto timeline = make_live_timeline(*spec);
  { LiveRun live(spec, spec->scenario.seed(), *timeline); }
  // Destroying the run stopped it before its last month (a wall-clock bound
  // would fail on a loaded machine and prove nothing more).
  EXPECT_LT(timeline->size(), spec->months);
}

}  // namespace
}  // namespace stackrace::viz
