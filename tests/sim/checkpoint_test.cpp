#include "sim/checkpoint.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <fstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "sim/runner.h"
#include "support/files.h"
#include "support/run_files.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

// The baseline, short and small: 3 years, so that checkpoints fall before,
// on and after the calibration months, the first government review after
// the start, the policy's start month and a lab release cadence.
Spec small_baseline() {
  SpecOptions o;
  o.adopters = 20000;
  o.overrides = {"horizon.end_month=2027-12"};
  return load_spec(baseline_scenario().string(), o);
}

// A run into `out` at `threads` workers; from a checkpoint when `from` is set.
RunReport run_into(const Spec& spec, const fs::path& out, int threads, std::optional<Month> checkpoint_at = {},
                   const Checkpoint* from = nullptr, const std::string& from_path = "") {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  tbb::task_arena arena(threads);
  RunReport report;
  arena.execute([&] {
    RunOptions o;
    o.seed = from ? from->seed() : 11;
    o.threads = static_cast<unsigned>(threads);
    o.out = out.string();
    o.checkpoint_at = checkpoint_at;
    o.from = from;
    o.from_path = from_path;
    report = run(spec, o);
  });
  return report;
}

RunFiles files_of(const fs::path& dir) {
  return {read_file(dir / "global.csv"), read_file(dir / "countries.csv"), read_file(dir / "events.csv"),
          read_file(dir / "trajectory.pb")};
}

void expect_same_files(const RunFiles& a, const RunFiles& b, const std::string& what) {
  EXPECT_TRUE(a.global == b.global) << what << ": global.csv differs";
  EXPECT_TRUE(a.countries == b.countries) << what << ": countries.csv differs";
  EXPECT_TRUE(a.events == b.events) << what << ": events.csv differs";
  EXPECT_TRUE(a.trajectory == b.trajectory) << what << ": trajectory.pb differs";
}

// The test that catches a piece of state left out of a checkpoint
// (visit_state in sim/simulation.h, sim/supply_side.h and the agents'
// headers): the run is checkpointed at several months, continued from each
// checkpoint at the other thread count, and every output byte compared with
// the uninterrupted run. A member that a run changes but the checkpoint does
// not carry comes back at its initial value, and the months after differ.
TEST(Checkpoint, ContinuedRunsWriteTheUninterruptedRunsFilesByteForByte) {
  const Spec spec = small_baseline();
  TempDir dir;
  run_into(spec, dir / "whole", 1);
  const RunFiles whole = files_of(dir / "whole");
  // The first month; the calibration months (2025-06, 2025-12); the month
  // before the policy starts and the first government review after it
  // (2026-01); mid-run; the last month but one.
  const std::vector<std::string> months = {"2025-01", "2025-06", "2025-12", "2026-01", "2026-09", "2027-11"};
  for (const std::string& text : months) {
    for (const int threads : {1, 2}) {
      SCOPED_TRACE(text + " at " + std::to_string(threads) + " thread(s), continued at " + std::to_string(3 - threads));
      Month m;
      ASSERT_TRUE(parse_month(text, m));
      const fs::path a = dir / ("a-" + text + "-" + std::to_string(threads));
      const fs::path b = dir / ("b-" + text + "-" + std::to_string(threads));
      const RunReport report_a = run_into(spec, a, threads, m);
      expect_same_files(files_of(a), whole, "the checkpointed run");
      const std::string path = (a / checkpoint_file_name(m)).string();
      const Checkpoint c = read_checkpoint(path);
      EXPECT_EQ(c.month(), text);
      const Spec continued = branch_spec(c, path, std::nullopt, {});
      const RunReport report_b = run_into(continued, b, 3 - threads, std::nullopt, &c, path);
      expect_same_files(files_of(b), whole, "the continued run");
      EXPECT_EQ(report_b.months, report_a.months);
      EXPECT_EQ(report_b.global_values, report_a.global_values);
      EXPECT_EQ(report_b.fit_h2.mae_pp, report_a.fit_h2.mae_pp);
      EXPECT_EQ(report_b.last_month, "2027-12");
      if (HasFailure()) return;
    }
  }
}

// The state itself: a simulation restored from another's state saves the
// same bytes, and both step on to the same state.
TEST(Checkpoint, RestoredStateStepsOnLikeTheOriginal) {
  const Spec spec = small_baseline();
  Simulation original(spec, 5);
  for (int m = 0; m < 14; ++m) original.step();
  const std::string saved = original.save_state();
  Simulation restored(spec, 5);
  EXPECT_NE(restored.save_state(), saved);
  restored.restore_state(saved);
  EXPECT_EQ(restored.save_state(), saved);
  EXPECT_EQ(restored.fixed_digest(), original.fixed_digest());
  for (int m = 0; m < 3; ++m) {
    original.step();
    restored.step();
  }
  EXPECT_EQ(restored.save_state(), original.save_state());
  EXPECT_EQ(restored.month(), 17);
}

TEST(Checkpoint, StateThatIsNotThisScenariosIsRefused) {
  const Spec spec = small_baseline();
  Simulation sim(spec, 5);
  sim.step();
  const std::string saved = sim.save_state();
  Simulation other(spec, 5);
  EXPECT_THROW(other.restore_state(saved.substr(0, saved.size() - 1)), StateError);
  EXPECT_THROW(other.restore_state(saved + "x"), StateError);
  EXPECT_THROW(other.restore_state(""), StateError);
}

// A branch: --set of levers applies from the month after the checkpoint,
// through a dated change. The months up to the checkpoint are the
// checkpointed run's, the rest differ, and the whole is byte for byte the
// run of the scenario with that change written in it from the start.
TEST(Checkpoint, ABranchFollowsItsLeversFromTheMonthAfterTheCheckpoint) {
  const Spec spec = small_baseline();
  TempDir dir;
  const Month at = Month::from_year_month(2026, 6);
  run_into(spec, dir / "a", 2, at);
  const std::string path = (dir / "a" / checkpoint_file_name(at)).string();
  const Checkpoint c = read_checkpoint(path);
  const std::vector<std::string> sets = {"policy.levers.remote_access_closure=1",
                                         "policy.levers.us_export_promotion=1"};
  const Spec branch = branch_spec(c, path, std::nullopt, sets);
  ASSERT_EQ(branch.scenario.policy().change_size(), 1);
  EXPECT_EQ(branch.scenario.policy().change(0).month(), "2026-07");
  run_into(branch, dir / "b", 1, std::nullopt, &c, path);

  const RunFiles a = files_of(dir / "a"), b = files_of(dir / "b");
  const auto rows_a = split_lines(a.global), rows_b = split_lines(b.global);
  ASSERT_EQ(rows_a.size(), rows_b.size());
  int same = 0, differ = 0;
  for (std::size_t i = 1; i < rows_a.size(); ++i) {
    if (rows_a[i].substr(0, 7) <= "2026-06") {
      EXPECT_EQ(rows_a[i], rows_b[i]);
      ++same;
    } else {
      differ += rows_a[i] != rows_b[i];
    }
  }
  EXPECT_EQ(same, 18);
  EXPECT_EQ(differ, 18);
  const auto cut = [](const std::string& s) { return s.substr(0, s.find("\n2026-07")); };
  EXPECT_EQ(cut(a.countries), cut(b.countries));
  EXPECT_NE(a.countries, b.countries);

  // The same change, written in the scenario and run from the start.
  Spec scratch = spec;
  PolicyChange* change = scratch.scenario.mutable_policy()->add_change();
  change->set_month("2026-07");
  change->mutable_levers()->set_remote_access_closure(1);
  change->mutable_levers()->set_us_export_promotion(1);
  scratch.supply_index.change_months = {Month::from_year_month(2026, 7)};
  run_into(scratch, dir / "scratch", 2);
  expect_same_files(b, files_of(dir / "scratch"), "the branch against the run with the change from the start");
  const std::string manifest = read_file(dir / "b" / "manifest.textproto");
  EXPECT_NE(manifest.find("branches {\n  month: \"2026-07\"\n  sets: \"policy.levers.remote_access_closure=1\""),
            std::string::npos)
      << manifest;
  EXPECT_NE(manifest.find("from_checkpoint: \"" + path + "\""), std::string::npos);
}

// A branch checkpointed and continued: its own checkpoint carries the
// branch, so that the run continued from it is the branch, byte for byte,
// and branches again from there.
TEST(Checkpoint, ABranchCanBeCheckpointedAndBranchedAgain) {
  const Spec spec = small_baseline();
  TempDir dir;
  const Month first = Month::from_year_month(2026, 3), second = Month::from_year_month(2026, 11);
  run_into(spec, dir / "a", 1, first);
  const std::string path_a = (dir / "a" / checkpoint_file_name(first)).string();
  const Checkpoint ca = read_checkpoint(path_a);
  const Spec b = branch_spec(ca, path_a, std::nullopt, {"policy.levers.china_chip_subsidy=1"});
  run_into(b, dir / "b", 2, second, &ca, path_a);
  const std::string path_b = (dir / "b" / checkpoint_file_name(second)).string();
  const Checkpoint cb = read_checkpoint(path_b);
  ASSERT_EQ(cb.branches_size(), 1);
  EXPECT_EQ(cb.branches(0).month(), "2026-04");
  run_into(branch_spec(cb, path_b, std::nullopt, {}), dir / "c", 1, std::nullopt, &cb, path_b);
  expect_same_files(files_of(dir / "c"), files_of(dir / "b"), "the branch continued from its checkpoint");
  const Spec d = branch_spec(cb, path_b, std::nullopt, {"policy.levers.remote_access_closure=1"});
  ASSERT_EQ(d.scenario.policy().change_size(), 2);
  EXPECT_EQ(d.scenario.policy().change(1).month(), "2026-12");
  ASSERT_EQ(d.branches.size(), 2u);
}

// A --set of a lever the scenario also changes in the branch's month joins
// that change; other --set are refused.
TEST(Checkpoint, BranchSetsAreLeversOnly) {
  const Spec spec = small_baseline();
  TempDir dir;
  const Month at = Month::from_year_month(2025, 12);
  run_into(spec, dir / "a", 1, at);
  const std::string path = (dir / "a" / checkpoint_file_name(at)).string();
  const Checkpoint c = read_checkpoint(path);
  try {
    branch_spec(c, path, std::nullopt, {"adoption.peer_weight=0.5"});
    FAIL() << "a --set outside policy.levers must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--set adoption.peer_weight=0.5: a branch (--from) changes levers only"),
              std::string::npos)
        << e.what();
  }
  // The baseline's policy starts in 2026-01, the branch's month: the change
  // holds over `levers` from then on.
  const Spec branch = branch_spec(c, path, std::nullopt, {"policy.levers.china_chip_subsidy=0"});
  ASSERT_EQ(branch.scenario.policy().change_size(), 1);
  EXPECT_EQ(branch.scenario.policy().change(0).month(), "2026-01");
  EXPECT_EQ(branch.scenario.policy().change(0).levers().china_chip_subsidy(), 0.0);
}

TEST(Checkpoint, ABranchFromTheLastMonthIsRefused) {
  // Nothing is left to run after the horizon's last month: a change there
  // would be recorded in the manifest and act nowhere.
  const Spec spec = small_baseline();
  TempDir dir;
  const Month last = Month::from_year_month(2027, 12);
  run_into(spec, dir / "a", 1, last);
  const std::string path = (dir / "a" / checkpoint_file_name(last)).string();
  const Checkpoint c = read_checkpoint(path);
  EXPECT_NO_THROW(branch_spec(c, path, std::nullopt, {}));  // continuing it is allowed (and runs no month)
  try {
    branch_spec(c, path, std::nullopt, {"policy.levers.remote_access_closure=1"});
    FAIL() << "a branch after the last month must be refused";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--set policy.levers.remote_access_closure=1: the checkpoint is of 2027-12, the run's last month "
              "(horizon.end_month 2027-12): no month is left for a change to act in");
  }
}

std::string refusal(const std::string& path) {
  try {
    read_checkpoint(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Checkpoint, DamagedTruncatedAndForeignFilesAreRefusedByName) {
  const Spec spec = small_baseline();
  TempDir dir;
  const Month at = Month::from_year_month(2025, 3);
  run_into(spec, dir / "a", 1, at);
  const fs::path good = dir / "a" / checkpoint_file_name(at);
  const std::string bytes = read_file(good);
  EXPECT_EQ(refusal(good.string()), "");

  const fs::path bad = dir / "bad.pb";
  for (const std::size_t keep : {std::size_t{0}, std::size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    write_file(bad, bytes.substr(0, keep));
    const std::string why = refusal(bad.string());
    EXPECT_EQ(why.rfind(bad.string() + ": ", 0), 0u) << keep << ": " << why;
    EXPECT_TRUE(why.find("truncated") != std::string::npos || why.find("damaged") != std::string::npos) << why;
  }
  std::string flipped = bytes;
  flipped[bytes.size() / 3] ^= 0x10;
  write_file(bad, flipped);
  EXPECT_NE(refusal(bad.string()).find("damaged"), std::string::npos);

  Checkpoint c = read_checkpoint(good.string());
  c.set_model_hash("0000000000000000");
  write_file(bad, c.SerializeAsString());
  EXPECT_NE(refusal(bad.string()).find("model hash 0000000000000000), but this is stackrace"), std::string::npos)
      << refusal(bad.string());

  // A checkpoint of an earlier state layout (before the labs' distillation
  // sums) is refused as such, not as damaged.
  c = read_checkpoint(good.string());
  c.set_format("stackrace checkpoint 1");
  write_file(bad, c.SerializeAsString());
  EXPECT_NE(
      refusal(bad.string()).find("another build's state layout (\"stackrace checkpoint 1\"; this stackrace reads"),
      std::string::npos)
      << refusal(bad.string());

  // Another scenario: the checkpoint's own resolves differently when its
  // scenario is another file.
  c = read_checkpoint(good.string());
  try {
    branch_spec(c, good.string(), (repo_root() / "configs/scenarios/parity.textproto").string(), {});
    FAIL() << "another scenario must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("resolves to another scenario now"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stackrace
