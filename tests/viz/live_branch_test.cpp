// viz/core/live_branch: a lever moved in the view branches the live run from
// the month shown, and the branch is the run that `run --checkpoint-at M`
// then `run --from ... --set` makes, month for month and value for value.

#include "viz/core/live_branch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "sim/checkpoint.h"
#include "sim/runner.h"
#include "viz/core/live_run.h"
#include "viz/core/trajectory.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

// Past policy.start_month (2026-01), so that the branch lands among the scenario's own changes.
std::shared_ptr<const Spec> small_spec() {
  SpecOptions options{{"horizon.end_month=2026-06"}, 20000};
  return std::make_shared<const Spec>(
      load_spec((viz_test::repo_root() / "configs/scenarios/baseline.textproto").string(), options));
}

// A move with a visible effect within months: Chinese labs lose their rented offshore compute.
const std::vector<std::string> kSets = {"policy.levers.remote_access_closure=1",
                                        "policy.levers.us_export_promotion=0.9"};
constexpr int kFromMonth = 8;  // 2025-09: the change is in force from 2025-10

struct BatchRun {
  RunReport report;
  Trajectory trajectory;
};

// The command line's way: a checkpoint at from_month, then a run from it with the edits.
BatchRun batch_branch(const Spec& spec, std::uint64_t seed, const viz_test::TempDir& dir) {
  const Month at{spec.start.index + kFromMonth};
  RunOptions first;
  first.seed = seed;
  first.out = (dir / "a").string();
  first.checkpoint_at = at;
  run(spec, first);
  const std::string path = (dir / "a" / checkpoint_file_name(at)).string();
  const Checkpoint checkpoint = read_checkpoint(path);
  const Spec branched = branch_spec(checkpoint, path, std::nullopt, kSets);
  RunOptions second;
  second.seed = checkpoint.seed();
  second.out = (dir / "b").string();
  second.from = &checkpoint;
  second.from_path = path;
  BatchRun out;
  out.report = run(branched, second);
  out.trajectory = read_trajectory((dir / "b/trajectory.pb").string());
  return out;
}

TEST(LiveBranch, EqualsARunContinuedFromACheckpointWithTheSameSet) {
  const auto spec = small_spec();
  const std::uint64_t seed = spec->scenario.seed();
  const auto branch = make_live_timeline(*spec);
  const std::atomic<bool> stop{false};
  run_branch(*spec, seed, {kFromMonth, kSets}, *branch, stop);
  ASSERT_TRUE(branch->finished());
  ASSERT_EQ(branch->size(), spec->months);

  viz_test::TempDir dir;
  const BatchRun batch = batch_branch(*spec, seed, dir);
  const GlobalSeries series = branch->global();
  ASSERT_EQ(series.rows.size(), batch.report.global_values.size());
  for (std::size_t m = 0; m < series.rows.size(); ++m) {
    EXPECT_EQ(series.months[m].str(), batch.report.months[m]);
    EXPECT_EQ(series.rows[m], batch.report.global_values[m]) << "month " << batch.report.months[m];
  }
  ASSERT_EQ(batch.trajectory.frames.size(), static_cast<std::size_t>(branch->size()));
  for (int m = 0; m < branch->size(); ++m) {
    const MapFrame frame = branch->frame(m);
    for (std::size_t c = 0; c < frame.countries.size(); ++c) {
      ASSERT_EQ(frame.countries[c].ai_user_share, batch.trajectory.frames[m].countries[c].ai_user_share);
      ASSERT_EQ(frame.countries[c].stack_share, batch.trajectory.frames[m].countries[c].stack_share);
      ASSERT_EQ(frame.countries[c].partnership, batch.trajectory.frames[m].countries[c].partnership);
    }
  }

  // Up to the checkpoint it is the original run; after it, another one.
  const auto original = make_live_timeline(*spec);
  {
    LiveRun live(spec, seed, *original);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!original->finished() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(original->finished());
  const GlobalSeries before = original->global();
  for (int m = 0; m <= kFromMonth; ++m) EXPECT_EQ(series.rows[m], before.rows[m]) << "month " << m;
  EXPECT_NE(series.rows.back(), before.rows.back()) << "the edits changed nothing";
}

TEST(LiveBranch, RunsInItsOwnThreadAndReportsARefusedEdit) {
  const auto spec = small_spec();
  {
    LiveBranch refused(spec, spec->scenario.seed(), {2, {"policy.levers.remote_access_closure=2"}});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!refused.timeline().finished() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_NE(refused.timeline().error().find("remote_access_closure"), std::string::npos)
        << refused.timeline().error();
  }
  // Destroying a branch that is still running stops it promptly.
  const auto started = std::chrono::steady_clock::now();
  { LiveBranch running(spec, spec->scenario.seed(), {1, kSets}); }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), 10);
}

}  // namespace
}  // namespace stackrace::viz
