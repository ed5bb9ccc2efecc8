// Tests a study with branch_from through the real binary: every run continues
// from its seed's checkpoint, and gives what `run --checkpoint-at` and
// `run --from ... --set` of the same levers give; the months before the
// branch are the same at every design point; the checkpoints are kept,
// reused and, when damaged or foreign, refused; bad specs are located errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "base/errors.h"
#include "sim/checkpoint.h"
#include "sim/runner.h"
#include "study/study_branches.h"
#include "study/study_loader.h"
#include "study/study_session.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

namespace fs = std::filesystem;
using namespace study_test;

std::string base_path() { return (repo_root() / "configs/scenarios/baseline.textproto").string(); }
std::string adopters() { return sanitized() ? "4000" : "20000"; }

// Two levers on a 2 x 2 grid, 2 replicates, branching after 2026-03 in a
// horizon that ends 2026-12; outcomes and a record before and after it.
std::string branch_spec_text(const std::string& extra = "") {
  return "name: \"branch\"\n"
         "base_scenario: \"" +
         base_path() +
         "\"\n"
         "set: \"population.adopters=" +
         adopters() +
         "\"\n"
         "set: \"horizon.end_month=2026-12\"\n"
         "factor { path: \"policy.levers.remote_access_closure\" name: \"closure\" levels: [0, 1] }\n"
         "factor { path: \"policy.levers.distillation_deterrence\" name: \"deter\" levels: [0, 0.9] }\n"
         "design { grid { levels_per_range: 2 } }\n"
         "replicates: 2\n"
         "seed: 7\n"
         "branch_from: \"2026-03\"\n"
         "outcome { metric: \"lead_months@2026-12\" name: \"lead_end\" }\n"
         "outcome { metric: \"mean(dev_share_cn_open, 2025-06..2026-09)\" name: \"cn_open_mean\" }\n"
         "outcome { metric: \"KEN:share_cn_open@2026-03\" name: \"ken_at_branch\" }\n"
         "outcome { metric: \"KEN:share_cn_open@2026-12\" name: \"ken_end\" }\n"
         "record { metric: \"lead_months\" every: 3 }\n" +
         extra;
}

// The column of `name` in global.csv's header order.
std::size_t global_column(const std::string& name) {
  const std::vector<std::string>& names = global_column_names();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

TEST(StudyBranchTest, RunsAreTheBranchesOfRunFromAndShareTheirPast) {
  TempDir t;
  write_file(t / "study.textproto", branch_spec_text());
  ASSERT_EQ(
      run(study_command({(t / "study.textproto").string(), "--out", (t / "out").string(), "--jobs", "2", "--quiet"}),
          t / "log"),
      0)
      << read_file(t / "log");
  const OpenedStudy study = open_study_dir(t / "out");
  ASSERT_EQ(study.runs.size(), 8u);
  ASSERT_TRUE(study.plan.common_random_numbers);
  // One checkpoint per seed (two replicates on common random numbers).
  for (const StoredRun& r : study.runs) {
    ASSERT_TRUE(r.ok()) << r.status;
    EXPECT_EQ(r.seed, study.runs[static_cast<std::size_t>(r.replicate)].seed);
    EXPECT_TRUE(fs::exists(branch_checkpoint_path(t / "out", static_cast<std::uint64_t>(r.seed), Month{2026 * 12 + 2})))
        << r.seed;
  }

  // The months up to the branch are the same at every design point (of a
  // replicate); after it the levers act.
  std::map<int, const StoredRun*> first_of;
  for (const StoredRun& r : study.runs) {
    const StoredRun*& first = first_of[static_cast<int>(r.replicate)];
    if (!first) {
      first = &r;
      continue;
    }
    EXPECT_EQ(r.outcomes[2], first->outcomes[2]) << "KEN at the branch month, run " << r.run;
    for (std::size_t k = 0; k < r.recorded[0].size(); ++k) {
      if (r.recorded[0][k].month <= "2026-03") {
        EXPECT_EQ(r.recorded[0][k].value, first->recorded[0][k].value) << r.recorded[0][k].month;
      }
    }
  }
  const StoredRun& none = study.runs[0];  // closure 0, deterrence 0, replicate 0
  const StoredRun& both = study.runs[6];  // closure 1, deterrence 0.9, replicate 0
  ASSERT_EQ(both.factors, (std::vector<double>{1, 0.9}));
  EXPECT_NE(none.outcomes[0], both.outcomes[0]);

  // `run --checkpoint-at 2026-03` on the run's seed, then `run --from` with
  // the same levers: the same numbers, to the last bit.
  const std::string seed = std::to_string(both.seed);
  ASSERT_EQ(
      run({STACKRACE_BIN, "run", base_path(), "--out", (t / "a").string(), "--seed", seed, "--set",
           "population.adopters=" + adopters(), "--set", "horizon.end_month=2026-12", "--checkpoint-at", "2026-03"},
          t / "run.log"),
      0)
      << read_file(t / "run.log");
  const std::string checkpoint_file = (t / "a/checkpoint-2026-03.pb").string();
  ASSERT_EQ(run({STACKRACE_BIN, "run", "--from", checkpoint_file, "--out", (t / "b").string(), "--set",
                 "policy.levers.remote_access_closure=1", "--set", "policy.levers.distillation_deterrence=0.9"},
                t / "run.log"),
            0)
      << read_file(t / "run.log");
  // The branch's numbers at full precision: run --from in this process.
  const Checkpoint checkpoint = read_checkpoint(checkpoint_file);
  const Spec spec = branch_spec(checkpoint, checkpoint_file, std::nullopt,
                                {"policy.levers.remote_access_closure=1", "policy.levers.distillation_deterrence=0.9"});
  RunOptions options;
  options.seed = checkpoint.seed();
  options.from = &checkpoint;
  options.from_path = checkpoint_file;
  options.out = (t / "c").string();
  const RunReport report = run(spec, options);
  EXPECT_EQ(read_file(t / "c/global.csv"), read_file(t / "b/global.csv"));
  ASSERT_EQ(report.months.back(), "2026-12");
  const std::size_t lead = global_column("lead_months");
  EXPECT_EQ(both.outcomes[0], report.global_values.back()[lead]);
  double sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < report.months.size(); ++i) {
    if (report.months[i] < "2025-06" || report.months[i] > "2026-09") continue;
    sum += report.global_values[i][global_column("dev_share_cn_open")];
    ++n;
  }
  EXPECT_DOUBLE_EQ(both.outcomes[1], sum / n);
  for (const RecordedValue& v : both.recorded[0]) {
    const auto i = static_cast<std::size_t>(std::find(report.months.begin(), report.months.end(), v.month) -
                                            report.months.begin());
    ASSERT_LT(i, report.months.size());
    EXPECT_EQ(v.value, report.global_values[i][lead]) << v.month;
  }
}

TEST(StudyBranchTest, CheckpointsAreReusedAndADamagedOrForeignOneIsRefused) {
  TempDir t;
  write_file(t / "study.textproto", branch_spec_text());
  LoadedStudy study = load_study((t / "study.textproto").string());
  const std::vector<std::size_t> runs{0, 1};  // both seeds
  const StudyBranches made = prepare_branches(study, t.path(), runs, 1);
  ASSERT_EQ(made.by_seed.size(), 2u);
  const auto seed0 = made.by_seed.begin()->first, seed1 = std::next(made.by_seed.begin())->first;
  const fs::path file0 = branch_checkpoint_path(t.path(), seed0, *study.plan.branch_from);
  const fs::path file1 = branch_checkpoint_path(t.path(), seed1, *study.plan.branch_from);
  const auto written = fs::last_write_time(file0);
  // Read again, not computed again.
  const StudyBranches read = prepare_branches(study, t.path(), runs, 1);
  EXPECT_EQ(fs::last_write_time(file0), written);
  EXPECT_EQ(read.by_seed.at(seed0).checkpoint.SerializeAsString(),
            made.by_seed.at(seed0).checkpoint.SerializeAsString());
  EXPECT_EQ(read.by_seed.at(seed0).series, made.by_seed.at(seed0).series);

  // Another seed's checkpoint under this seed's name.
  const std::string good1 = read_file(file1);
  fs::copy_file(file0, file1, fs::copy_options::overwrite_existing);
  try {
    prepare_branches(study, t.path(), runs, 1);
    ADD_FAILURE() << "a foreign checkpoint was used";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(file1.string() + ": a checkpoint of seed " + std::to_string(seed0)),
              std::string::npos)
        << e.what();
  }
  // A damaged one.
  std::string bytes = good1;
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
  write_file(file1, bytes);
  try {
    prepare_branches(study, t.path(), runs, 1);
    ADD_FAILURE() << "a damaged checkpoint was used";
  } catch (const InputError& e) {
    // Named, with what to do: the study takes its checkpoints itself.
    EXPECT_EQ(std::string(e.what()).rfind(file1.string() + ": ", 0), 0u) << e.what();
    const std::string what = e.what(), remedy = "; remove it, and the study computes it again";
    ASSERT_GE(what.size(), remedy.size()) << what;
    EXPECT_EQ(what.substr(what.size() - remedy.size()), remedy) << what;
    EXPECT_EQ(what.find("remove it", what.find("remove it") + 1), std::string::npos) << what;  // said once
    EXPECT_EQ(what.find("stackrace run"), std::string::npos) << what;  // not run --from's advice
  }
  // A checkpoint of another study's base (other `set`s).
  write_file(t / "other.textproto",
             replace_once(branch_spec_text(), "population.adopters=" + adopters(), "population.adopters=3000"));
  const LoadedStudy other = load_study((t / "other.textproto").string());
  write_file(file1, good1);
  EXPECT_NO_THROW(prepare_branches(study, t.path(), runs, 1));
  try {
    prepare_branches(other, t.path(), runs, 1);
    ADD_FAILURE() << "another study's checkpoint was used";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("another scenario or with other `set`s"), std::string::npos) << e.what();
  }
  // One taken on other world data (an export-tier edit leaves the adopters,
  // and so the population digest, as they were).
  Checkpoint moved = made.by_seed.at(seed1).checkpoint;
  moved.set_world_digest(moved.world_digest() ^ 1);
  write_file(file1, moved.SerializeAsString());
  try {
    prepare_branches(study, t.path(), runs, 1);
    ADD_FAILURE() << "a checkpoint of another world was used";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("taken on other world data"), std::string::npos) << e.what();
  }
  write_file(file1, good1);
  // A study's checkpoint holds no output files: run --from refuses it.
  ASSERT_EQ(run({STACKRACE_BIN, "run", "--from", file0.string(), "--out", (t / "b").string()}, t / "run.log"), 2);
  EXPECT_NE(read_file(t / "run.log").find("taken by a study"), std::string::npos) << read_file(t / "run.log");
  EXPECT_FALSE(fs::exists(t / "b"));
}

// Runs the study; expects exit 2, the message and no --out directory.
void expect_refused(const std::string& text, const std::string& message) {
  TempDir t;
  write_file(t / "study.textproto", text);
  EXPECT_EQ(run(study_command({(t / "study.textproto").string(), "--out", (t / "out").string(), "--quiet"}), t / "log"),
            2)
      << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find(message), std::string::npos) << read_file(t / "log");
  EXPECT_FALSE(fs::exists(t / "out"));
}

TEST(StudyBranchTest, BadSpecsAreLocatedErrors) {
  // A factor that would change the common past: located at its path.
  expect_refused(
      replace_once(branch_spec_text(), "factor { path: \"policy.levers.remote_access_closure\" name: \"closure\"",
                   "factor { path: \"choice.beta_price_per_ln_usd_mtok\" name: \"closure\""),
      "study.textproto:5:10: factor 'closure' varies choice.beta_price_per_ln_usd_mtok, but with branch_from every "
      "run continues from its seed's checkpoint");
  expect_refused(branch_spec_text("option { name: \"a\" set: \"policy.pre.remote_access_closure=1\" }\n"),
                 "option 'a' sets \"policy.pre.remote_access_closure=1\", but with branch_from");
  expect_refused(replace_once(branch_spec_text(), "branch_from: \"2026-03\"", "branch_from: \"2026-12\""),
                 "study.textproto:10:1: branch_from = \"2026-12\" leaves no month of the base scenario's horizon "
                 "2025-01..2026-12 after it: expected 2025-01 to 2026-11");
  expect_refused(replace_once(branch_spec_text(), "branch_from: \"2026-03\"", "branch_from: \"2024-12\""),
                 "branch_from = \"2024-12\" is before the base scenario's horizon 2025-01..2026-12: expected");
  expect_refused(replace_once(branch_spec_text(), "branch_from: \"2026-03\"", "branch_from: \"2026-13\""),
                 "study.textproto:10:1: branch_from = \"2026-13\": expected a month YYYY-MM");
  expect_refused(branch_spec_text("common_random_numbers: false\n"), "common_random_numbers: false with branch_from");
}

TEST(StudyBranchTest, DryRunCountsTheCommonPastAndWritesNothing) {
  TempDir t;
  write_file(t / "study.textproto", branch_spec_text());
  ASSERT_EQ(run(study_command({(t / "study.textproto").string(), "--dry-run", "--jobs", "1"}), t / "log"), 0)
      << read_file(t / "log");
  const std::string log = read_file(t / "log");
  EXPECT_NE(log.find("branch_from 2026-03: the months up to it took"), std::string::npos) << log;
  EXPECT_NE(log.find("2 seeds x"), std::string::npos) << log;
  EXPECT_NE(log.find("how: run 0"), std::string::npos) << log;
}

}  // namespace
}  // namespace stackrace

namespace stackrace {
namespace {

using namespace study_test;

// Rank 0 computes the checkpoints and sends them to the workers: the same
// runs as one process.
TEST(StudyBranchMpiTest, TwoWorkerRanksEqualOneProcess) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not installed (openmpi-bin)";
  if (sanitized()) GTEST_SKIP() << "StudyCliTest.TwoMpiRanksEqualOneProcess covers MPI under the sanitizers";
  TempDir t;
  write_file(t / "study.textproto", branch_spec_text());
  ASSERT_EQ(run(study_command({(t / "study.textproto").string(), "--out", (t / "one").string(), "--quiet"}), t / "log"),
            0)
      << read_file(t / "log");
  std::vector<std::string> args{"mpirun", "--allow-run-as-root", "--oversubscribe", "-np", "3"};
  for (const std::string& a :
       study_command({(t / "study.textproto").string(), "--out", (t / "mpi").string(), "--quiet"}))
    args.push_back(a);
  const int code = run(args, t / "mpi.log");
  const std::string log = read_file(t / "mpi.log");
  if (log.find("built without MPI support") != std::string::npos) GTEST_SKIP() << "stackrace built without Boost.MPI";
  ASSERT_EQ(code, 0) << log;
  EXPECT_EQ(runs_without_wall(t / "mpi/runs.csv"), runs_without_wall(t / "one/runs.csv"));
  EXPECT_EQ(read_file(t / "mpi/summary.csv"), read_file(t / "one/summary.csv"));
}

}  // namespace
}  // namespace stackrace
