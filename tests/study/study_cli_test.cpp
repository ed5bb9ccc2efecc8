// End-to-end tests of `stackrace study` (cli/study_command.cpp): the same
// runs.csv (bar wall_s) at any worker count, after a kill -9 and --resume,
// from shards merged, and from 2 MPI ranks; bad input exits 2 before any run.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>
#include <algorithm>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "study_test_util.h"

namespace stackrace {
namespace {

namespace fs = std::filesystem;
using namespace study_test;

// The uninterrupted smoke study is the reference the tests compare with.
class StudyCliTest : public SmokeStudyTest {};

TEST_F(StudyCliTest, WritesTheDatabaseAndCsvFiles) {
  for (const char* f : {"study.sqlite", "runs.csv", "summary.csv", "sensitivity.csv"})
    EXPECT_TRUE(fs::exists(whole() / f)) << f;
  // The write-ahead log is folded back when the study closes its database.
  EXPECT_FALSE(fs::exists(whole() / "study.sqlite-wal"));
  const std::string runs = read_file(whole() / "runs.csv");
  EXPECT_EQ(runs.substr(0, runs.find('\n')),
            "run,point,replicate,seed,beta_price,cn_offer,imitation_q,dev_share_cn_2026,ai_user_share_world@2026-06,"
            "us_closed_2026_mean,status,wall_s");
  EXPECT_EQ(std::count(runs.begin(), runs.end(), '\n'), 17);
  EXPECT_EQ(committed_runs(whole() / "study.sqlite"), 16);
  const std::string sensitivity = read_file(whole() / "sensitivity.csv");
  EXPECT_EQ(sensitivity.substr(0, sensitivity.find('\n')), "outcome,factor,method,SRC,SRC_ci95_low,SRC_ci95_high,R2");
}

TEST_F(StudyCliTest, OneWorkerAndOtherParallelismGiveTheSameRuns) {
  TempDir t;
  ASSERT_EQ(run(study_command({spec(), "--out", (t / "one").string(), "--jobs", "1", "--quiet"}), t / "log"), 0);
  ASSERT_EQ(run(study_command(
                    {spec(), "--out", (t / "nested").string(), "--jobs", "2", "--parallelism", "nested", "--quiet"}),
                t / "log"),
            0);
  EXPECT_EQ(runs_without_wall(t / "one/runs.csv"), runs_without_wall(whole() / "runs.csv"));
  EXPECT_EQ(runs_without_wall(t / "nested/runs.csv"), runs_without_wall(whole() / "runs.csv"));
  EXPECT_EQ(read_file(t / "one/summary.csv"), read_file(whole() / "summary.csv"));
  EXPECT_EQ(read_file(t / "one/sensitivity.csv"), read_file(whole() / "sensitivity.csv"));
}

TEST_F(StudyCliTest, KilledStudyResumesToTheSameRuns) {
  // A longer study (4 replicates, 32 runs, one worker) so that it can be
  // killed part-way: kill -9 once a few runs are committed.
  TempDir t;
  write_file(t / "long.textproto", replace_once(smoke_spec_text(), "replicates: 2", "replicates: 4"));
  const std::string long_spec = (t / "long.textproto").string();
  ASSERT_EQ(run(study_command({long_spec, "--out", (t / "reference").string(), "--jobs", "2", "--quiet"}), t / "log"),
            0);

  const pid_t pid =
      spawn(study_command({long_spec, "--out", (t / "killed").string(), "--jobs", "1", "--quiet"}), t / "log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (committed_runs(t / "killed/study.sqlite") < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGKILL);
  ASSERT_EQ(wait_for(pid), 128 + SIGKILL);
  const int committed = committed_runs(t / "killed/study.sqlite");
  ASSERT_GE(committed, 3);
  ASSERT_LT(committed, 32) << "the study finished before it could be killed";
  EXPECT_FALSE(fs::exists(t / "killed/runs.csv"));

  // Without --resume the directory is refused; with it the study completes.
  EXPECT_EQ(run(study_command({long_spec, "--out", (t / "killed").string(), "--quiet"}), t / "log"), 2);
  ASSERT_EQ(run(study_command({long_spec, "--out", (t / "killed").string(), "--jobs", "2", "--resume", "--quiet"}),
                t / "log"),
            0)
      << read_file(t / "log");
  EXPECT_EQ(runs_without_wall(t / "killed/runs.csv"), runs_without_wall(t / "reference/runs.csv"));
  EXPECT_EQ(read_file(t / "killed/sensitivity.csv"), read_file(t / "reference/sensitivity.csv"));
}

TEST_F(StudyCliTest, SigintStopsAStudyThatResumesFromItsHint) {
  TempDir t;
  write_file(t / "long.textproto", replace_once(smoke_spec_text(), "replicates: 2", "replicates: 4"));
  const std::string long_spec = (t / "long.textproto").string(), out = (t / "stopped").string();
  const pid_t pid = spawn(study_command({long_spec, "--out", out, "--jobs", "2", "--quiet"}), t / "log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (committed_runs(t / "stopped/study.sqlite") < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGINT);
  ASSERT_EQ(wait_for(pid), 128 + SIGINT) << read_file(t / "log");
  // The database closed cleanly (no -wal or -shm beside it) and nothing else
  // is left. Looked at first: a read-only look at the database makes a -shm.
  EXPECT_EQ(test_support::list_dir(t / "stopped"), std::vector<std::string>{"study.sqlite"});
  const int committed = committed_runs(t / "stopped/study.sqlite");
  ASSERT_LT(committed, 32) << "the study finished before it could be stopped";
  const std::string log = read_file(t / "log");
  EXPECT_NE(
      log.find("stopped: interrupted by SIGINT; " + std::to_string(committed) + " of 32 runs are done and kept in " +
               out + "/study.sqlite (runs cut short run again). Continue with:\n  stackrace study " + long_spec +
               " --out " + out + " --resume\n"),
      std::string::npos)
      << log;

  ASSERT_EQ(run(study_command({long_spec, "--out", out, "--resume", "--quiet"}), t / "log"), 0) << read_file(t / "log");
  const std::vector<std::string> rows = test_support::split_lines(read_file(t / "stopped/runs.csv"));
  ASSERT_EQ(rows.size(), 33u);
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_NE(rows[i].find(",ok,"), std::string::npos) << rows[i];
}

// --resume of a study the user may not write to says so, exit 2 (SQLite's
// "attempt to write a readonly database", exit 1, told little). Root writes
// through permissions: as root the command runs as `nobody` (setpriv).
TEST_F(StudyCliTest, ResumingAReadOnlyStudySaysSo) {
  std::vector<std::string> as_user;
  if (::geteuid() == 0) {
    if (!fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "root writes anywhere, and setpriv is missing";
    as_user = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  }
  constexpr fs::perms kAllWrite = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
  TempDir t;
  const fs::path copy = t / "ro";
  fs::copy(whole(), copy, fs::copy_options::recursive);
  fs::permissions(t.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  for (const auto& entry : fs::recursive_directory_iterator(copy))
    fs::permissions(entry.path(), kAllWrite, fs::perm_options::remove);
  fs::permissions(copy, kAllWrite, fs::perm_options::remove);
  const std::string before = read_file(copy / "runs.csv");
  std::vector<std::string> command = as_user;
  for (const std::string& arg : study_command({spec(), "--out", copy.string(), "--resume"})) command.push_back(arg);
  EXPECT_EQ(run(command, t / "log"), 2) << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find("is read-only: --resume writes"), std::string::npos) << read_file(t / "log");
  EXPECT_EQ(read_file(copy / "runs.csv"), before);
  fs::permissions(copy, fs::perms::owner_write, fs::perm_options::add);  // so that TempDir can remove it
}

TEST_F(StudyCliTest, ResumeAgainstADifferentSpecIsRefused) {
  TempDir t;
  write_file(t / "other.textproto", replace_once(smoke_spec_text(), "seed: 7", "seed: 99"));
  fs::copy(whole(), t / "copy", fs::copy_options::recursive);
  EXPECT_EQ(
      run(study_command({(t / "other.textproto").string(), "--out", (t / "copy").string(), "--resume"}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("started from a different spec"), std::string::npos);
  EXPECT_EQ(runs_without_wall(t / "copy/runs.csv"), runs_without_wall(whole() / "runs.csv"));
  // Without --resume, the refusal does not send the user to a --resume that
  // would refuse too; the same study is told to resume.
  EXPECT_EQ(run(study_command({(t / "other.textproto").string(), "--out", (t / "copy").string()}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("holds a study already: it was started from "), std::string::npos)
      << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find("so --resume would refuse it too: choose another --out"), std::string::npos);
  EXPECT_EQ(run(study_command({spec(), "--out", (t / "copy").string()}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("holds a study already: pass --resume to continue it"), std::string::npos)
      << read_file(t / "log");
  EXPECT_EQ(runs_without_wall(t / "copy/runs.csv"), runs_without_wall(whole() / "runs.csv"));
}

// A study's runs must all come from one world: once the base scenario's
// world files change (here the 2025 observations), --resume and a merge with
// a shard run before the change are refused, and the hint says why.
TEST_F(StudyCliTest, ResumeAndMergeOnOtherWorldDataAreRefused) {
  TempDir t;
  fs::copy(repo_root() / "configs", t / "configs", fs::copy_options::recursive);
  fs::copy(repo_root() / "worlds", t / "worlds", fs::copy_options::recursive);
  write_file(t / "spec.textproto",
             replace_once(smoke_spec_text(), (repo_root() / "configs/scenarios/baseline.textproto").string(),
                          (t / "configs/scenarios/baseline.textproto").string()));
  const std::string spec_file = (t / "spec.textproto").string(), before = (t / "before").string();
  ASSERT_EQ(run(study_command({spec_file, "--out", before, "--shard", "0/2", "--jobs", "1", "--quiet"}), t / "log"), 0)
      << read_file(t / "log");
  const fs::path observed = t / "configs/world/ai_user_share_2025.textproto";
  const std::string text = read_file(observed);
  const std::size_t at = text.find("h1_2025_pct: ");
  ASSERT_NE(at, std::string::npos);
  write_file(observed, text.substr(0, at) + "h1_2025_pct: 1" + text.substr(at + 13));  // 5.1 -> 15.1

  EXPECT_EQ(run(study_command({spec_file, "--out", before, "--shard", "0/2", "--resume"}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("--resume: the study there was run on other world data: the world files of"),
            std::string::npos)
      << read_file(t / "log");
  EXPECT_EQ(run(study_command({spec_file, "--out", before, "--shard", "0/2"}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("was run on other world data"), std::string::npos) << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find("so --resume would refuse it too"), std::string::npos) << read_file(t / "log");

  const std::string after = (t / "after").string();
  ASSERT_EQ(run(study_command({spec_file, "--out", after, "--shard", "1/2", "--jobs", "1", "--quiet"}), t / "log"), 0)
      << read_file(t / "log");
  EXPECT_EQ(run(study_command({"merge", (t / "merged").string(), before, after}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find(after + ": holds a study run on other world data"), std::string::npos)
      << read_file(t / "log");
  EXPECT_FALSE(fs::exists(t / "merged"));
  // A shard made before the digest was stored has none, and is not checked.
  sql(fs::path(before) / "study.sqlite", "DELETE FROM study WHERE key = 'world_digest'");
  EXPECT_EQ(run(study_command({"merge", (t / "merged").string(), before, after}), t / "log"), 0)
      << read_file(t / "log");
}

TEST_F(StudyCliTest, ShardsMergedEqualTheWholeStudy) {
  TempDir t;
  for (const char* shard : {"0/2", "1/2"}) {
    const std::string out = (t / ("shard" + std::string(1, shard[0]))).string();
    ASSERT_EQ(run(study_command({spec(), "--out", out, "--shard", shard, "--jobs", "1", "--quiet"}), t / "log"), 0);
  }
  EXPECT_FALSE(fs::exists(t / "shard0/sensitivity.csv"));  // a shard alone has half the points
  // One shard is not enough to merge.
  EXPECT_EQ(run(study_command({"merge", (t / "partial").string(), (t / "shard0").string()}), t / "log"), 2);
  EXPECT_FALSE(fs::exists(t / "partial"));
  ASSERT_EQ(run(study_command({"merge", (t / "merged").string(), (t / "shard0").string(), (t / "shard1").string()}),
                t / "log"),
            0)
      << read_file(t / "log");
  EXPECT_EQ(runs_without_wall(t / "merged/runs.csv"), runs_without_wall(whole() / "runs.csv"));
  EXPECT_EQ(read_file(t / "merged/summary.csv"), read_file(whole() / "summary.csv"));
  // OUT's missing parent folders are made, as study --out makes them.
  ASSERT_EQ(run(study_command({"merge", (t / "out/levers").string(), (t / "shard0").string(), (t / "shard1").string()}),
                t / "log"),
            0)
      << read_file(t / "log");
  EXPECT_EQ(runs_without_wall(t / "out/levers/runs.csv"), runs_without_wall(whole() / "runs.csv"));
  EXPECT_EQ(read_file(t / "merged/sensitivity.csv"), read_file(whole() / "sensitivity.csv"));

  // A shard given twice, by its directory spelt another way or by a copy, is
  // refused rather than counted twice.
  const std::string shard0 = (t / "shard0").string(), shard1 = (t / "shard1").string();
  EXPECT_EQ(run(study_command({"merge", (t / "twice").string(), shard0, shard1, shard0 + "/."}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("error: study merge: " + shard0 + "/. is " + shard0 +
                                      ", given twice: give each shard's directory once"),
            std::string::npos)
      << read_file(t / "log");
  fs::copy(t / "shard1", t / "copy1", fs::copy_options::recursive);
  EXPECT_EQ(run(study_command({"merge", (t / "twice").string(), shard0, shard1, (t / "copy1").string()}), t / "log"),
            2);
  EXPECT_NE(read_file(t / "log").find("error: study merge: " + (t / "copy1").string() + " holds shard 1/2, as " +
                                      shard1 + " does: give each shard's directory once"),
            std::string::npos)
      << read_file(t / "log");
  EXPECT_FALSE(fs::exists(t / "twice"));

  // OUT a symbolic link (to an empty directory, or to nothing): refused, the
  // link kept. The merged study was once renamed over the link.
  fs::create_directory(t / "target");
  fs::create_directory_symlink(t / "target", t / "link");
  fs::create_directory_symlink(t / "nothing", t / "dangling");
  for (const char* link : {"link", "dangling"}) {
    EXPECT_EQ(run(study_command({"merge", (t / link).string(), shard0, shard1}), t / "log"), 2) << link;
    EXPECT_NE(read_file(t / "log").find("is a symbolic link"), std::string::npos) << read_file(t / "log");
    EXPECT_TRUE(fs::is_symlink(t / link)) << link;
  }
  EXPECT_TRUE(fs::is_empty(t / "target"));
}

// scripts/slurm-study.sh as SLURM would run it: each array task its shard,
// the first submitting the merge; `sbatch` is a stand-in that records its
// arguments, and the merge it was given is then run as SLURM would run it.
TEST_F(StudyCliTest, SlurmScriptRunsTheShardsAndSubmitsTheirMerge) {
  TempDir t;
  fs::create_directories(t / "bin");
  write_file(t / "bin/sbatch", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + (t / "sbatch.args").string() + "\"\n");
  fs::permissions(t / "bin/sbatch", fs::perms::owner_all);
  const std::string script = (repo_root() / "scripts/slurm-study.sh").string();
  const auto task = [&](const char* id) {
    return run(
        {"env", "PATH=" + (t / "bin").string() + ":" + std::getenv("PATH"), "SLURM_ARRAY_TASK_ID=" + std::string(id),
         "SLURM_ARRAY_JOB_ID=77", "SLURM_CPUS_PER_TASK=1", std::string("STACKRACE=") + STACKRACE_BIN, "SPEC=" + spec(),
         "OUT=" + (t / "study").string(), "SHARDS=2", "bash", script},
        t / "log");
  };
  // Outside a job array it says how to submit it.
  EXPECT_EQ(run({"env", "-u", "SLURM_ARRAY_TASK_ID", "bash", script}, t / "log"), 2);
  ASSERT_EQ(task("1"), 0) << read_file(t / "log");
  EXPECT_FALSE(fs::exists(t / "sbatch.args"));  // only the first task submits the merge
  ASSERT_EQ(task("0"), 0) << read_file(t / "log");
  const std::string args = read_file(t / "sbatch.args");
  EXPECT_NE(args.find("--dependency=afterok:77\n"), std::string::npos) << args;
  const std::size_t wrap = args.find("--wrap=");
  ASSERT_NE(wrap, std::string::npos) << args;
  const std::string merge = args.substr(wrap + 7, args.find('\n', wrap) - wrap - 7);
  ASSERT_EQ(run({"bash", "-c", merge}, t / "log"), 0) << read_file(t / "log");
  EXPECT_EQ(runs_without_wall(t / "study/runs.csv"), runs_without_wall(whole() / "runs.csv"));
  EXPECT_EQ(read_file(t / "study/sensitivity.csv"), read_file(whole() / "sensitivity.csv"));
  // A task resubmitted after its shard finished resumes it instead of refusing.
  EXPECT_EQ(task("1"), 0) << read_file(t / "log");
}

TEST_F(StudyCliTest, TwoMpiRanksEqualOneProcess) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not installed (openmpi-bin)";
  TempDir t;
  std::vector<std::string> args{"mpirun", "--allow-run-as-root", "--oversubscribe", "-np", "2"};
  if (sanitized()) {
    // Open MPI's own allocations outlive MPI_Finalize: lsan_openmpi.supp
    // suppresses them by library. For the suppressions to match, the leak
    // reports need whole stacks (the slow unwinder: Open MPI has no frame
    // pointers) and the MCA plugins must stay loaded (no dlclose), or their
    // frames show as "<unknown module>".
    const char* asan = std::getenv("ASAN_OPTIONS");
    ::setenv("ASAN_OPTIONS", (std::string(asan ? asan : "") + ":fast_unwind_on_malloc=0").c_str(), 1);
    ::setenv("LSAN_OPTIONS", "suppressions=" STACKRACE_LSAN_SUPPRESSIONS, 1);
    ::setenv("OMPI_MCA_mca_base_component_disable_dlclose", "1", 1);
    args.insert(args.end(),
                {"-x", "LSAN_OPTIONS", "-x", "ASAN_OPTIONS", "-x", "OMPI_MCA_mca_base_component_disable_dlclose"});
  }
  for (const std::string& a : study_command({spec(), "--out", (t / "mpi").string(), "--quiet"})) args.push_back(a);
  const int code = run(args, t / "log");
  const std::string log = read_file(t / "log");
  if (log.find("built without MPI support") != std::string::npos) GTEST_SKIP() << "stackrace built without Boost.MPI";
  ASSERT_EQ(code, 0) << log;
  EXPECT_EQ(runs_without_wall(t / "mpi/runs.csv"), runs_without_wall(whole() / "runs.csv"));
  EXPECT_EQ(read_file(t / "mpi/sensitivity.csv"), read_file(whole() / "sensitivity.csv"));
}

TEST_F(StudyCliTest, DiscoverWritesTheBoxTrajectoryAndPictures) {
  TempDir t;
  fs::copy(whole(), t / "copy", fs::copy_options::recursive);
  const std::string dir = (t / "copy").string();
  // 16 runs: too few for the default options (400), and nothing written.
  EXPECT_EQ(run(study_command({"discover", dir, "--where", "dev_share_cn_2026 >= 0.3"}), t / "few"), 2);
  EXPECT_NE(read_file(t / "few").find("PRIM needs at least 400"), std::string::npos) << read_file(t / "few");
  EXPECT_EQ(run(study_command({"discover", dir, "--where", "nothing >= 1"}), t / "unknown"), 2);
  EXPECT_NE(read_file(t / "unknown").find("unknown outcome 'nothing'"), std::string::npos) << read_file(t / "unknown");
  EXPECT_FALSE(fs::exists(t / "copy/discover"));

  // Coarser peels make 16 runs enough: 1 / (0.25 x 0.25). The median of the
  // outcome splits the runs, so some are of interest and some not.
  const std::string runs = read_file(t / "copy/runs.csv");
  std::vector<double> values;
  std::istringstream lines(runs);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string c; std::getline(row, c, ',');) cells.push_back(c);
    values.push_back(std::stod(cells.at(7)));  // run,point,replicate,seed, 3 factors, then dev_share_cn_2026
  }
  std::sort(values.begin(), values.end());
  const std::string where = "dev_share_cn_2026 >= " + std::to_string(values[values.size() / 2]);
  ASSERT_EQ(run(study_command({"discover", dir, "--where", where, "--peel-alpha", "0.25", "--mass-min", "0.25"}),
                t / "log"),
            0)
      << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find("box: coverage"), std::string::npos) << read_file(t / "log");
  const std::string boxes = read_file(t / "copy/discover/boxes.csv");
  EXPECT_EQ(boxes.rfind("box,condition,coverage,density,mass,runs,of_interest,factor,restricted,low,high", 0), 0u);
  EXPECT_NE(boxes.find("beta_price"), std::string::npos);
  const std::string trajectory = read_file(t / "copy/discover/trajectory.csv");
  EXPECT_EQ(trajectory.rfind("step,coverage,density,mass,runs,of_interest,restricted,chosen,beta_price_low", 0), 0u);
  EXPECT_NE(trajectory.find("\n0,1,"), std::string::npos) << trajectory;  // step 0 covers every case
  for (const char* svg : {"trajectory.svg", "box.svg"})
    EXPECT_NE(read_file(t / "copy/discover" / svg).find("</svg>"), std::string::npos) << svg;

  // Half a study (one shard) is refused as report refuses it, not analysed.
  const std::string half = (t / "half").string();
  ASSERT_EQ(run(study_command({spec(), "--out", half, "--shard", "0/2", "--quiet"}), t / "log"), 0)
      << read_file(t / "log");
  EXPECT_EQ(run(study_command({"discover", half, "--where", where, "--peel-alpha", "0.25", "--mass-min", "0.25"}),
                t / "half_log"),
            2);
  EXPECT_NE(read_file(t / "half_log").find(half + ": the study is incomplete: 8 of 16 runs: finish it with"),
            std::string::npos)
      << read_file(t / "half_log");
  EXPECT_FALSE(fs::exists(t / "half/discover"));
}

TEST_F(StudyCliTest, ReportRanksLeversAndDrawsAChart) {
  TempDir t;
  fs::copy(whole(), t / "copy", fs::copy_options::recursive);
  ASSERT_EQ(run(study_command({"report", (t / "copy").string()}), t / "log"), 0) << read_file(t / "log");
  const std::string out = read_file(t / "log");
  EXPECT_NE(out.find("dev_share_cn_2026  (factors by |SRC|"), std::string::npos) << out;
  EXPECT_NE(out.find(" 1. "), std::string::npos);
  const std::string svg = read_file(t / "copy/report.svg");
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("beta_price"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  // Each outcome's panel prints its R^2 and draws response curves of its top three factors.
  std::size_t r2 = 0, curves = 0;
  for (std::size_t at = svg.find("class=\"r2\""); at != std::string::npos; at = svg.find("class=\"r2\"", at + 1)) ++r2;
  for (std::size_t at = svg.find("<g class=\"curve\">"); at != std::string::npos;
       at = svg.find("<g class=\"curve\">", at + 1))
    ++curves;
  EXPECT_EQ(r2, 3u) << svg;
  EXPECT_EQ(curves, 9u) << svg;
  EXPECT_NE(out.find("dev_share_cn_2026  (factors by |SRC|, R^2 0."), std::string::npos) << out;
}

// --set changes the study's scenario exactly as a `set` line in the spec
// would, after the spec's own; it is part of the study, so --resume needs it.
TEST_F(StudyCliTest, SetActsAsASetLineOfTheSpec) {
  TempDir t;
  const std::vector<std::string> sets{"--set", "population.adopters=30000", "--set", "adoption.peer_weight=0.7"};
  std::vector<std::string> args{spec(), "--out", (t / "with_set").string(), "--jobs", "2", "--quiet"};
  args.insert(args.end(), sets.begin(), sets.end());
  ASSERT_EQ(run(study_command(args), t / "log"), 0) << read_file(t / "log");
  // The same lines written into the spec (after its own set lines).
  write_file(t / "written.textproto",
             smoke_spec_text() + "\nset: \"population.adopters=30000\"\nset: \"adoption.peer_weight=0.7\"\n");
  ASSERT_EQ(run(study_command(
                    {(t / "written.textproto").string(), "--out", (t / "written").string(), "--jobs", "2", "--quiet"}),
                t / "log"),
            0)
      << read_file(t / "log");
  EXPECT_EQ(runs_without_wall(t / "with_set/runs.csv"), runs_without_wall(t / "written/runs.csv"));
  EXPECT_NE(runs_without_wall(t / "with_set/runs.csv"), runs_without_wall(whole() / "runs.csv"))
      << "30,000 adopters and another peer weight give other outcomes";
  // --resume without the --set is another study; the refusal lists the
  // set lines the study was started with, so that the user can resume.
  EXPECT_EQ(run(study_command({spec(), "--out", (t / "with_set").string(), "--resume"}), t / "log"), 2);
  const std::string log = read_file(t / "log");
  EXPECT_NE(log.find("started with the set lines "), std::string::npos) << log;
  EXPECT_NE(log.find("population.adopters=30000, adoption.peer_weight=0.7 (the spec's and --set's)"), std::string::npos)
      << log;
  args.push_back("--resume");
  EXPECT_EQ(run(study_command(args), t / "log"), 0) << read_file(t / "log");
}

TEST_F(StudyCliTest, BadSetExitsTwoBeforeAnyRun) {
  TempDir t;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"adoption.peer_weight=7", "error: --set adoption.peer_weight=7: adoption.peer_weight = 7: expected a value in"},
      {"adoption.nope=1", "error: --set adoption.nope=1: unknown field 'nope' in stackrace.Adoption"},
      {"choice.beta_price_per_ln_usd_mtok=0.2",
       "error: --set choice.beta_price_per_ln_usd_mtok=0.2: the study's factor 'beta_price' varies "
       "choice.beta_price_per_ln_usd_mtok, so its values come from the design"},
  };
  for (const auto& [assignment, expected] : cases) {
    fs::remove(t / "log");
    for (const char* mode : {"--quiet", "--dry-run"}) {
      EXPECT_EQ(run(study_command({spec(), "--out", (t / "out").string(), "--set", assignment, mode}), t / "log"), 2)
          << assignment << " " << mode;
      EXPECT_NE(read_file(t / "log").find(expected), std::string::npos) << read_file(t / "log");
      EXPECT_FALSE(fs::exists(t / "out"));
    }
  }
}

// validate takes a study's --set as `study` does.
TEST_F(StudyCliTest, ValidateAppliesSetToTheStudy) {
  TempDir t;
  const std::string bin = STACKRACE_BIN;
  EXPECT_EQ(run({bin, "validate", spec(), "--set", "population.adopters=30000"}, t / "log"), 0) << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find("OK: a study spec, 16 runs"), std::string::npos) << read_file(t / "log");
  fs::remove(t / "log");
  EXPECT_EQ(run({bin, "validate", spec(), "--set", "choice.beta_price_per_ln_usd_mtok=0.2"}, t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("the study's factor 'beta_price' varies"), std::string::npos)
      << read_file(t / "log");
  fs::remove(t / "log");
  EXPECT_EQ(run({bin, "validate", spec(), "--adopters", "30000"}, t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("give its adopters with --set population.adopters=30000"), std::string::npos)
      << read_file(t / "log");
}

// More jobs than cores cannot run at once: they are capped to the cores,
// with a note, and the estimate (as the summary) counts the jobs that run.
TEST_F(StudyCliTest, JobsBeyondTheCoresAreCappedWithANote) {
  TempDir t;
  ASSERT_EQ(run(study_command({spec(), "--dry-run", "--jobs", "1000"}), t / "log"), 0) << read_file(t / "log");
  const std::string out = read_file(t / "log");
  const std::string note = "note: --jobs 1000: this process can use ";
  const auto at = out.find(note);
  ASSERT_NE(at, std::string::npos) << out;
  const std::string cores = std::to_string(std::stoi(out.substr(at + note.size())));  // the scheduler's count
  EXPECT_GE(std::stoi(cores), 1);
  EXPECT_LT(std::stoi(cores), 1000);
  EXPECT_NE(out.find("; running " + cores + " at once\n", at), std::string::npos) << out;
  EXPECT_NE(out.find(" s with " + cores + " job"), std::string::npos) << out;
  EXPECT_EQ(out.find("TBB Warning"), std::string::npos) << out;
}

// --dry-run checks the study, counts its runs and estimates its time from
// one measured run, and writes nothing.
TEST_F(StudyCliTest, DryRunCountsRunsAndEstimatesTheTime) {
  TempDir t;
  ASSERT_EQ(run(study_command({spec(), "--dry-run", "--jobs", "2"}), t / "log"), 0) << read_file(t / "log");
  const std::string out = read_file(t / "log");
  EXPECT_NE(out.find("study smoke: 16 runs (8 design points x 2 replicates) of "), std::string::npos) << out;
  EXPECT_NE(out.find("  set: population.adopters="), std::string::npos) << out;
  EXPECT_NE(out.find("  estimated time: about "), std::string::npos) << out;
  EXPECT_NE(out.find(" s with 2 jobs\n"), std::string::npos) << out;
  // The estimate is the measured run's time x 16 / 2.
  const auto took = out.find("took ");
  ASSERT_NE(took, std::string::npos) << out;
  const double run_s = std::stod(out.substr(took + 5));
  EXPECT_GT(run_s, 0.0);
  EXPECT_NE(out.find("16 runs x "), std::string::npos) << out;
  const double estimate_s = std::stod(out.substr(out.find("about ") + 6));
  EXPECT_NEAR(estimate_s, 16 * run_s / 2, 0.05 * 16 * run_s / 2 + 0.01) << out;
  EXPECT_NE(out.find("how: run 0 (design point 0, replicate 0) took"), std::string::npos) << out;
  EXPECT_TRUE(test_support::list_dir(t.path()) == std::vector<std::string>{"log"}) << "a dry run writes nothing";

  // With --out, a shard and a --set: still nothing written.
  fs::remove(t / "log");
  ASSERT_EQ(run(study_command({spec(), "--out", (t / "out").string(), "--shard", "1/2", "--dry-run", "--set",
                               "population.adopters=25000"}),
                t / "log"),
            0)
      << read_file(t / "log");
  const std::string shard = read_file(t / "log");
  EXPECT_NE(shard.find("  shard 1/2: 8 of the runs\n"), std::string::npos) << shard;
  EXPECT_NE(shard.find("population.adopters=25000"), std::string::npos) << shard;
  EXPECT_NE(shard.find("how: run 1 (design point 0, replicate 1)"), std::string::npos) << shard;
  EXPECT_FALSE(fs::exists(t / "out"));
}

// A shard resumed (or restarted) without --shard is told which shard it is,
// and that no --shard means the whole study.
TEST_F(StudyCliTest, AShardResumedWithoutShardSaysSo) {
  TempDir t;
  const std::string out = (t / "s0").string();
  ASSERT_EQ(run(study_command({spec(), "--out", out, "--shard", "0/2", "--quiet"}), t / "log"), 0)
      << read_file(t / "log");
  EXPECT_EQ(run(study_command({spec(), "--out", out, "--resume"}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("is shard 0/2, not 0/1 (the whole study, as without --shard)"), std::string::npos)
      << read_file(t / "log");
  EXPECT_EQ(run(study_command({spec(), "--out", out}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("it is shard 0/2, not 0/1 (the whole study, as without --shard)"),
            std::string::npos)
      << read_file(t / "log");
}

// A dry run with --out refuses what the start would refuse there, before
// measuring anything, and leaves it as it was.
TEST_F(StudyCliTest, DryRunRefusesAnOutTheStartWouldRefuse) {
  TempDir t;
  fs::create_directories(t / "busy");
  write_file(t / "busy" / "notes.txt", "mine");
  write_file(t / "file", "mine");
  ASSERT_EQ(run(study_command({spec(), "--out", (t / "done").string(), "--quiet"}), t / "log"), 0)
      << read_file(t / "log");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"busy", "exists, is not empty and holds no study: choose another --out"},
      {"file", "exists and is not a directory"},
      {"done", "holds a study already: pass --resume to continue it"},
      {"file/inside", "cannot create the directory: "},  // under a file: the start could not make it
  };
  for (const auto& [dir, expected] : cases) {
    auto listing = [&] {
      return fs::is_directory(t / dir) ? test_support::list_dir(t / dir) : std::vector<std::string>{};
    };
    const auto before = listing();
    EXPECT_EQ(run(study_command({spec(), "--out", (t / dir).string(), "--dry-run"}), t / "log"), 2) << dir;
    const std::string err = read_file(t / "log");
    EXPECT_NE(err.find(expected), std::string::npos) << err;
    EXPECT_EQ(err.find("estimated time"), std::string::npos) << err;
    EXPECT_TRUE(listing() == before) << dir;
  }
}

TEST_F(StudyCliTest, BadInputExitsTwoBeforeAnyRun) {
  TempDir t;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {replace_once(smoke_spec_text(), "\"choice.beta_price_per_ln_usd_mtok\"", "\"choice.beta_prise\""),
       "unknown field 'beta_prise'"},
      {replace_once(smoke_spec_text(), "max: 0.5", "max: 101"), "expected a value in [0, 100]"},
      {replace_once(smoke_spec_text(), "max: 0.5", "max: nan"), "max = nan: expected a finite number"},
      {replace_once(smoke_spec_text(), "design { latin_hypercube { points: 8 } }", ""), "no design"},
      {replace_once(smoke_spec_text(), "@2026-06", "@2031-06"), "outside the base scenario's horizon"},
  };
  for (const auto& [text, expected] : cases) {
    write_file(t / "bad.textproto", text);
    fs::remove(t / "log");
    EXPECT_EQ(run(study_command({(t / "bad.textproto").string(), "--out", (t / "out").string()}), t / "log"), 2);
    EXPECT_NE(read_file(t / "log").find(expected), std::string::npos) << read_file(t / "log");
    EXPECT_NE(read_file(t / "log").find("bad.textproto:"), std::string::npos) << read_file(t / "log");
    EXPECT_FALSE(fs::exists(t / "out"));
  }
  EXPECT_EQ(run(study_command({spec(), "--out", (t / "out").string(), "--shard", "2/2"}), t / "log"), 2);
  EXPECT_EQ(run(study_command({"report", (t / "nowhere").string()}), t / "log"), 2);
}

// An --out (or merge's OUT) that cannot be made, here under a regular file,
// is bad input like run's: exit 2, saying which directory, nothing left.
TEST_F(StudyCliTest, OutThatCannotBeMadeExitsTwo) {
  TempDir t;
  write_file(t / "file", "not a directory");
  const std::string out = (t / "file" / "study").string();
  EXPECT_EQ(run(study_command({spec(), "--out", out, "--quiet"}), t / "log"), 2) << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find("--out " + out + ": cannot create the directory"), std::string::npos)
      << read_file(t / "log");
  const std::string merged = (t / "file" / "merged").string();
  EXPECT_EQ(run(study_command({"merge", merged, whole().string()}), t / "log"), 2) << read_file(t / "log");
  EXPECT_NE(read_file(t / "log").find("OUT " + merged + ": " + (t / "file").string() + " is not a directory"),
            std::string::npos)
      << read_file(t / "log");
  EXPECT_EQ(read_file(t / "file"), "not a directory");
}

}  // namespace
}  // namespace stackrace
