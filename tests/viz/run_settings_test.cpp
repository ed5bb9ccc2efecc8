// run_settings: what a figure's caption says about a run besides its
// scenario, including the levers of a branch continued from a checkpoint.
#include "viz/core/recorded_run.h"

#include <gtest/gtest.h>

namespace stackrace::viz {
namespace {

TEST(RunSettings, NamesTheSeedSizeSetsAndEachBranchsLevers) {
  RecordedRun run;
  run.manifest.set_seed(7);
  run.manifest.set_adopters(1030378);
  run.manifest.add_overrides("adoption.peer_weight=0.5");
  EXPECT_EQ(run_settings(run), "seed 7, 1,030,378 adopters, --set adoption.peer_weight=0.5");
  run.manifest.set_from_checkpoint("out/a/checkpoint-2026-12.pb");
  Branch* branch = run.manifest.add_branches();
  branch->set_month("2027-01");
  branch->add_sets("policy.levers.allied_cn_service_restrictions=1");
  branch->add_sets("policy.levers.us_export_promotion=1");
  EXPECT_EQ(run_settings(run),
            "seed 7, 1,030,378 adopters, --set adoption.peer_weight=0.5, continued from out/a/checkpoint-2026-12.pb, "
            "from 2027-01 --set policy.levers.allied_cn_service_restrictions=1 --set "
            "policy.levers.us_export_promotion=1");
}

}  // namespace
}  // namespace stackrace::viz
