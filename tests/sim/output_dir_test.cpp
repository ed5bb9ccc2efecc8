#include "sim/output_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "base/errors.h"
#include "base/state_archive.h"
#include "sim/runner.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

std::string error_of(const fs::path& target, bool overwrite) {
  try {
    OutputDir dir(target, overwrite, run_output_layout());
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for " << target;
  return "";
}

TEST(OutputDir, AppearsOnlyOnCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  {
    OutputDir dir(target, false, run_output_layout());
    EXPECT_FALSE(fs::exists(target));
    EXPECT_EQ(dir.staging().parent_path(), parent.path());
    EXPECT_EQ(dir.staging().filename().string().rfind(".run.partial-", 0), 0u) << dir.staging();
    EXPECT_TRUE(fs::is_directory(dir.staging()));
    EXPECT_EQ(dir.file("a.csv"), dir.staging() / "a.csv");
    write_file(dir.file("a.csv"), "x\n");
    dir.commit();
    EXPECT_TRUE(fs::exists(target));
    EXPECT_FALSE(fs::exists(dir.staging()));
  }
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
  EXPECT_EQ(read_file(target / "a.csv"), "x\n");
}

// The longest name a file system takes still works: the hidden staging name
// (".NAME.partial-PID") is cut to fit, with a digest, not refused as "File
// name too long". Two long names that differ only past the cut get apart.
TEST(OutputDir, TheLongestNameStillCommits) {
  TempDir parent;
  const fs::path a = parent / std::string(255, 'x'), b = parent / (std::string(254, 'x') + "y");
  OutputDir first(a, false, run_output_layout()), second(b, false, run_output_layout());
  EXPECT_LE(first.staging().filename().string().size(), 255u);
  EXPECT_NE(first.staging(), second.staging());
  write_file(first.file("a.csv"), "x\n");
  first.commit();
  EXPECT_EQ(read_file(a / "a.csv"), "x\n");
}

// What a killed run left (".run.partial-PID" of a process that is gone) is
// cleared by the next output to the same name; that of a live process, of
// another name, or not a pid is left alone.
TEST(OutputDir, ClearsWhatKilledRunsLeftForTheSameName) {
  TempDir parent;
  const std::string dead = ".run.partial-999999999";  // above any pid_max
  const std::string live = ".run.partial-" + std::to_string(::getppid());
  for (const std::string& name :
       {dead, live, std::string(".run.partial-notes"), std::string(".other.partial-999999999")})
    write_file(parent / name / "global.csv", "x\n");
  // Dead, but holding a finished run (a command may have named it in its
  // last message) or a file no run writes: kept.
  write_file(parent / ".run.partial-999999998" / "manifest.textproto", "x\n");
  write_file(parent / ".run.partial-999999997" / "notes.md", "mine\n");
  // A long name's staging directory is cut, with a digest: still found.
  const std::string long_name(250, 'x');
  char digest[20];
  std::snprintf(digest, sizeof digest, "~%016llx", static_cast<unsigned long long>(digest_bytes(long_name)));
  const std::string cut = "." + long_name.substr(0, 255 - 1 - 18 - 17) + digest + ".partial-999999999";
  write_file(parent / cut / "global.csv", "x\n");
  OutputDir dir(parent / "run", false, run_output_layout());
  EXPECT_FALSE(fs::exists(parent / dead));
  for (const char* kept :
       {".run.partial-notes", ".other.partial-999999999", ".run.partial-999999998", ".run.partial-999999997"})
    EXPECT_TRUE(fs::exists(parent / kept)) << kept;
  EXPECT_TRUE(fs::exists(parent / live));
  EXPECT_TRUE(fs::exists(parent / cut));
  OutputDir long_dir(parent / long_name, false, run_output_layout());
  EXPECT_FALSE(fs::exists(parent / cut));
}

TEST(OutputDir, NothingRemainsWithoutCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  {
    OutputDir dir(target, false, run_output_layout());
    write_file(dir.file("a.csv"), "x\n");
  }
  EXPECT_TRUE(list_dir(parent.path()).empty());
}

TEST(OutputDir, TrailingSlashNamesTheSameDirectory) {
  TempDir parent;
  {
    OutputDir dir((parent / "run").string() + "/", false, run_output_layout());
    dir.commit();
  }
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
}

TEST(OutputDir, EmptyExistingDirectoryIsUsed) {
  TempDir parent;
  fs::create_directory(parent / "run");
  {
    OutputDir dir(parent / "run", false, run_output_layout());
    write_file(dir.file("a.csv"), "new\n");
    dir.commit();
  }
  EXPECT_EQ(list_dir(parent / "run"), std::vector<std::string>{"a.csv"});
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
}

// The run that takes the place of a directory keeps its permissions: a
// private --out stays private, and one without write permission still gets
// its files (set after they are written).
TEST(OutputDir, TheDirectoryFoundThereKeepsItsPermissions) {
  for (const fs::perms mode : {fs::perms::owner_all, fs::perms::owner_read | fs::perms::owner_exec}) {
    TempDir parent;
    fs::create_directory(parent / "run");
    fs::permissions(parent / "run", mode);
    {
      OutputDir dir(parent / "run", false, run_output_layout());
      write_file(dir.file("a.csv"), "new\n");
      dir.commit();
    }
    EXPECT_EQ(fs::status(parent / "run").permissions(), mode);
    EXPECT_EQ(read_file(parent / "run" / "a.csv"), "new\n");
    fs::permissions(parent / "run", fs::perms::owner_all);  // for TempDir to remove it
  }
}

TEST(OutputDir, NonEmptyDirectoryWithoutManifestIsNeverReplaced) {
  TempDir parent;
  const fs::path target = parent / "thesis";
  write_file(target / "chapter1.tex", "precious\n");
  write_file(target / "sub/data.csv", "1,2\n");
  const std::string plain = error_of(target, false);
  EXPECT_EQ(plain, "--out " + target.string() +
                       ": directory exists and is not empty: choose a new directory, or pass --overwrite to replace a "
                       "previous stackrace run there");
  const std::string forced = error_of(target, true);
  EXPECT_EQ(forced, "--out " + target.string() +
                        ": --overwrite refused: the directory has no manifest.textproto, so it is not a stackrace run "
                        "and its files are left alone");
  EXPECT_EQ(read_file(target / "chapter1.tex"), "precious\n");
  EXPECT_EQ(read_file(target / "sub/data.csv"), "1,2\n");
  EXPECT_EQ(list_dir(target), (std::vector<std::string>{"chapter1.tex", "sub"}));
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"thesis"}) << "no staging directory may be left";
}

TEST(OutputDir, OverwriteReplacesAPreviousRunOnlyOnCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  write_file(target / "manifest.textproto", "seed: 1\n");
  write_file(target / "global.csv", "old\n");
  EXPECT_NE(error_of(target, false).find("directory exists and is not empty"), std::string::npos);
  {
    OutputDir dir(target, true, run_output_layout());
    write_file(dir.file("manifest.textproto"), "seed: 2\n");
    EXPECT_EQ(read_file(target / "global.csv"), "old\n") << "the previous run stays until commit";
  }
  // Not committed: the previous run is intact.
  EXPECT_EQ(list_dir(target), (std::vector<std::string>{"global.csv", "manifest.textproto"}));
  EXPECT_EQ(read_file(target / "manifest.textproto"), "seed: 1\n");
  {
    OutputDir dir(target, true, run_output_layout());
    write_file(dir.file("manifest.textproto"), "seed: 3\n");
    dir.commit();
  }
  EXPECT_EQ(list_dir(target), std::vector<std::string>{"manifest.textproto"});
  EXPECT_EQ(read_file(target / "manifest.textproto"), "seed: 3\n");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"}) << "no .old- or .partial- sibling may be left";
}

// The message of the std::runtime_error that commit() throws.
std::string commit_error(OutputDir& dir) {
  try {
    dir.commit();
  } catch (const InputError& e) {
    ADD_FAILURE() << "a conflict at commit is not bad input (exit 2) but a failure (exit 1): " << e.what();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "commit() did not throw";
  return "";
}

// Where commit() keeps a finished run that it cannot put at `target`.
fs::path kept_run(const fs::path& target) {
  return target.parent_path() / (target.filename().string() + ".run-" + std::to_string(::getpid()));
}

TEST(OutputDir, DirectoryThatAppearsDuringTheRunIsNotReplaced) {
  TempDir parent;
  const fs::path target = parent / "run";
  OutputDir dir(target, false, run_output_layout());
  write_file(dir.file("manifest.textproto"), "seed: 2\n");
  write_file(target / "notes.txt", "made while the run was going\n");
  const std::string error = commit_error(dir);
  EXPECT_EQ(error, "--out " + target.string() +
                       ": appeared while the run was going and is not replaced (pass --overwrite to replace a "
                       "previous run); the finished run is kept in " +
                       kept_run(target).string());
  EXPECT_EQ(list_dir(target), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(read_file(target / "notes.txt"), "made while the run was going\n");
  EXPECT_EQ(read_file(kept_run(target) / "manifest.textproto"), "seed: 2\n");
  EXPECT_EQ(list_dir(parent.path()), (std::vector<std::string>{"run", kept_run(target).filename().string()}));
}

TEST(OutputDir, EmptyDirectoryFilledDuringTheRunIsNotReplaced) {
  TempDir parent;
  const fs::path target = parent / "run";
  fs::create_directory(target);
  OutputDir dir(target, false, run_output_layout());
  write_file(dir.file("a.csv"), "run\n");
  write_file(target / "mine.csv", "mine\n");
  EXPECT_NE(commit_error(dir).find("appeared while the run was going"), std::string::npos);
  EXPECT_EQ(list_dir(target), std::vector<std::string>{"mine.csv"});
  EXPECT_EQ(read_file(kept_run(target) / "a.csv"), "run\n");
}

TEST(OutputDir, EmptyDirectoryMadeDuringTheRunIsNotReplaced) {
  // Only the empty directory that was there at the start stands for "write here".
  TempDir parent;
  const fs::path target = parent / "run";
  OutputDir dir(target, false, run_output_layout());
  fs::create_directory(target);
  EXPECT_NE(commit_error(dir).find("appeared while the run was going"), std::string::npos);
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_TRUE(fs::is_directory(kept_run(target)));
}

// A command that takes no --overwrite (render --frames) is not told to pass it.
TEST(OutputDir, ACommandWithoutOverwriteIsNotToldToPassIt) {
  TempDir parent;
  const OutputLayout frames{"render --frames", {"frame_####.png"}, nullptr, false};
  OutputDir dir(parent / "frames", false, frames, "--frames");
  write_file(dir.file("frame_0000.png"), "png");
  write_file(parent / "frames" / "mine.txt", "mine\n");
  const std::string why = commit_error(dir);
  EXPECT_EQ(why.rfind("--frames " + (parent / "frames").string() +
                          ": appeared while render --frames was going and is not replaced; the finished run is kept "
                          "in ",
                      0),
            0u)
      << why;
  EXPECT_EQ(why.find("--overwrite"), std::string::npos) << why;
  EXPECT_EQ(read_file(parent / "frames" / "mine.txt"), "mine\n");
}

TEST(OutputDir, RunCommittedByAnotherProcessIsNotReplacedWithoutOverwrite) {
  // Two runs to one directory, neither with --overwrite: the one that
  // finishes second keeps its run beside the first (cli_test runs two
  // processes; here the other run's commit is played by hand).
  TempDir parent;
  const fs::path target = parent / "run";
  OutputDir dir(target, false, run_output_layout());
  write_file(dir.file("manifest.textproto"), "seed: 2\n");
  write_file(target / "manifest.textproto", "seed: 1\n");  // the other run, finished first
  EXPECT_NE(commit_error(dir).find("appeared while the run was going"), std::string::npos);
  EXPECT_EQ(read_file(target / "manifest.textproto"), "seed: 1\n");
  EXPECT_EQ(read_file(kept_run(target) / "manifest.textproto"), "seed: 2\n");
}

TEST(OutputDir, OverwriteLeavesATargetReplacedByANonRunBeforeCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  write_file(target / "manifest.textproto", "seed: 1\n");
  OutputDir dir(target, true, run_output_layout());
  write_file(dir.file("manifest.textproto"), "seed: 2\n");
  // While the run goes, the previous run is deleted and the name reused.
  fs::remove_all(target);
  write_file(target / "thesis.tex", "precious\n");
  EXPECT_EQ(commit_error(dir), "--out " + target.string() +
                                   ": --overwrite refused at the end of the run: the directory has no "
                                   "manifest.textproto, so it is not a stackrace run and its files are left alone; "
                                   "the finished run is kept in " +
                                   kept_run(target).string());
  EXPECT_EQ(list_dir(target), std::vector<std::string>{"thesis.tex"});
  EXPECT_EQ(read_file(target / "thesis.tex"), "precious\n");
  EXPECT_EQ(read_file(kept_run(target) / "manifest.textproto"), "seed: 2\n");
  EXPECT_EQ(list_dir(parent.path()), (std::vector<std::string>{"run", kept_run(target).filename().string()}));
}

TEST(OutputDir, OverwriteLeavesAFileThatReplacedTheTarget) {
  TempDir parent;
  const fs::path target = parent / "run";
  write_file(target / "manifest.textproto", "seed: 1\n");
  OutputDir dir(target, true, run_output_layout());
  fs::remove_all(target);
  write_file(target, "a file now\n");
  EXPECT_NE(commit_error(dir).find("--overwrite refused at the end of the run"), std::string::npos);
  EXPECT_EQ(read_file(target), "a file now\n");
  EXPECT_TRUE(fs::is_directory(kept_run(target)));
}

TEST(OutputDir, OverwriteReplacesARunCommittedDuringTheRun) {
  TempDir parent;
  const fs::path target = parent / "run";
  OutputDir dir(target, true, run_output_layout());
  write_file(dir.file("manifest.textproto"), "seed: 2\n");
  write_file(target / "manifest.textproto", "seed: 1\n");
  write_file(target / "global.csv", "old\n");
  dir.commit();
  EXPECT_EQ(list_dir(target), std::vector<std::string>{"manifest.textproto"});
  EXPECT_EQ(read_file(target / "manifest.textproto"), "seed: 2\n");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
}

// --overwrite replaces a previous run only when it holds nothing but what a
// run writes: a user's notes, figures or any other file keep it in place.
TEST(OutputDir, OverwriteRefusesADirectoryHoldingWhatARunDoesNotWrite) {
  TempDir parent;
  const fs::path target = parent / "run";
  for (const char* f : {"manifest.textproto", "global.csv", "countries.csv", "events.csv", "trajectory.pb",
                        "checkpoint-2026-06.pb"})
    write_file(target / f, "run\n");
  {
    OutputDir dir(target, true, run_output_layout());  // a run's files alone: replaced
  }
  write_file(target / "notes.md", "mine\n");
  EXPECT_EQ(error_of(target, true), "--out " + target.string() +
                                        ": --overwrite refused: the directory holds notes.md, which a run does not "
                                        "write, and replacing the directory would delete it: move it elsewhere, or "
                                        "choose another --out");
  write_file(target / "figures/share.png", "figure\n");
  write_file(target / "global.csv.bak", "copy\n");
  write_file(target / "z1", "1\n");
  write_file(target / "z2", "2\n");
  EXPECT_NE(error_of(target, true).find("the directory holds figures/, global.csv.bak, notes.md and 2 more, which a "
                                        "run does not write, and replacing the directory would delete them: move "
                                        "them elsewhere"),
            std::string::npos);
  EXPECT_EQ(read_file(target / "notes.md"), "mine\n");
  EXPECT_EQ(read_file(target / "figures/share.png"), "figure\n");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"}) << "no staging directory may be left";
}

// A checkpoint is checkpoint-YYYY-MM.pb: a user's file that merely starts
// and ends like one is theirs.
TEST(OutputDir, OverwriteTakesOnlyCheckpointNamesARunGives) {
  for (const char* mine :
       {"checkpoint-notes.pb", "checkpoint-.pb", "checkpoint-2026.pb", "checkpoint-2026-06x.pb",
        "checkpoint-my thesis draft.pb", "checkpoint--06.pb", "checkpoint-1-2.pb", "checkpoint-2026-123456.pb"}) {
    TempDir parent;
    const fs::path target = parent / "run";
    write_file(target / "manifest.textproto", "run\n");
    write_file(target / "checkpoint-2027-12.pb", "run\n");
    write_file(target / mine, "mine\n");
    EXPECT_EQ(error_of(target, true), "--out " + target.string() + ": --overwrite refused: the directory holds " +
                                          mine +
                                          ", which a run does not write, and replacing the directory would delete "
                                          "it: move it elsewhere, or choose another --out");
    EXPECT_EQ(read_file(target / mine), "mine\n");
  }
}

TEST(OutputDir, OverwriteRefusesWhenAFileARunDoesNotWriteAppearsBeforeCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  write_file(target / "manifest.textproto", "seed: 1\n");
  OutputDir dir(target, true, run_output_layout());
  write_file(dir.file("manifest.textproto"), "seed: 2\n");
  write_file(target / "notes.md", "written while the run went\n");
  EXPECT_EQ(commit_error(dir), "--out " + target.string() +
                                   ": --overwrite refused at the end of the run: the directory holds notes.md, which "
                                   "a run does not write, and replacing the directory would delete it: move it "
                                   "elsewhere, or choose another --out; the finished run is kept in " +
                                   kept_run(target).string());
  EXPECT_EQ(read_file(target / "notes.md"), "written while the run went\n");
  EXPECT_EQ(read_file(target / "manifest.textproto"), "seed: 1\n");
  EXPECT_EQ(read_file(kept_run(target) / "manifest.textproto"), "seed: 2\n");
}

// A layout with directories (a comparison's runs) accounts for what they
// hold, and names a foreign file inside one by its path.
TEST(OutputDir, OverwriteLooksInsideTheDirectoriesALayoutWrites) {
  const OutputLayout comparison{"a comparison", {"compare.csv", "manifest.textproto"}, &run_output_layout()};
  TempDir parent;
  const fs::path target = parent / "cmp";
  for (const char* f : {"manifest.textproto", "compare.csv", "baseline/manifest.textproto", "baseline/global.csv",
                        "parity/trajectory.pb"})
    write_file(target / f, "x\n");
  {
    OutputDir dir(target, true, comparison);
    write_file(dir.file("compare.csv"), "new\n");
    dir.commit();
  }
  EXPECT_EQ(list_dir(target), std::vector<std::string>{"compare.csv"});
  write_file(target / "manifest.textproto", "x\n");
  write_file(target / "parity/notes.md", "mine\n");
  try {
    OutputDir dir(target, true, comparison);
    ADD_FAILURE() << "parity/notes.md was not seen";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the directory holds parity/notes.md, which a comparison does not write"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(read_file(target / "parity/notes.md"), "mine\n");
}

// A file the command reads is never deleted with the directory it lies in,
// even one the command itself wrote there (run --from a checkpoint of the run
// being replaced).
TEST(OutputDir, OverwriteRefusesADirectoryHoldingAnInput) {
  TempDir parent;
  const fs::path target = parent / "before";
  write_file(target / "manifest.textproto", "seed: 1\n");
  write_file(target / "checkpoint-2026-06.pb", "state\n");
  const fs::path checkpoint = parent / "." / "before" / "checkpoint-2026-06.pb";
  try {
    OutputDir dir(target, true, run_output_layout(), "--out", {{"--from", checkpoint}});
    ADD_FAILURE() << "the checkpoint inside --out was not seen";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "--out " + target.string() + ": --overwrite refused: --from " +
                                         checkpoint.string() +
                                         " lies inside the directory, and replacing the directory would delete it: "
                                         "move it elsewhere, or choose another --out");
  }
  EXPECT_EQ(read_file(target / "checkpoint-2026-06.pb"), "state\n");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"before"});
  // An input elsewhere, even beside it, is no obstacle.
  write_file(parent / "before2/checkpoint-2026-06.pb", "other\n");
  OutputDir dir(target, true, run_output_layout(), "--out", {{"--from", parent / "before2/checkpoint-2026-06.pb"}});
}

TEST(OutputDir, RefusesFilesMissingParentsAndEmptyPaths) {
  TempDir parent;
  write_file(parent / "file.txt", "keep\n");
  EXPECT_EQ(error_of(parent / "file.txt", true),
            "--out " + (parent / "file.txt").string() + ": exists and is not a directory");
  EXPECT_EQ(read_file(parent / "file.txt"), "keep\n");
  const fs::path orphan = parent / "no" / "such" / "run";
  EXPECT_EQ(error_of(orphan, false),
            "--out " + orphan.string() + ": parent directory " + (parent / "no" / "such").string() + " does not exist");
  EXPECT_EQ(error_of("", false), "--out: an output directory is required");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"file.txt"});
}

TEST(RunOutputs, AppearOnlyAfterTheRunSucceeds) {
  const TinyWorld w;
  SpecOptions so;
  so.adopters = 20000;
  const Spec spec = w.load(so);
  TempDir parent;
  const fs::path target = parent / "out";
  RunOptions o;
  o.seed = 1;
  o.out = target.string();
  int months = 0;
  o.on_month = [&](int, int) {
    ++months;
    EXPECT_FALSE(fs::exists(target)) << "outputs visible before the run finished";
    const auto names = list_dir(parent.path());
    ASSERT_EQ(names.size(), 1u);
    EXPECT_EQ(names[0].rfind(".out.partial-", 0), 0u) << names[0];
    const auto staged = list_dir(parent / names[0]);
    EXPECT_EQ(staged, (std::vector<std::string>{"countries.csv", "events.csv", "global.csv", "trajectory.pb"}));
  };
  run(spec, o);
  EXPECT_EQ(months, 12);
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(list_dir(target), (std::vector<std::string>{"countries.csv", "events.csv", "global.csv",
                                                        "manifest.textproto", "trajectory.pb"}));
}

TEST(RunOutputs, RefusedDirectoryFailsBeforeAnyWork) {
  const TinyWorld w;
  SpecOptions so;
  so.adopters = 20000;
  const Spec spec = w.load(so);
  TempDir parent;
  write_file(parent / "out" / "mine.txt", "mine\n");
  RunOptions o;
  o.out = (parent / "out").string();
  o.overwrite = true;
  bool stepped = false;
  o.on_month = [&](int, int) { stepped = true; };
  EXPECT_THROW(run(spec, o), InputError);
  EXPECT_FALSE(stepped);
  EXPECT_EQ(list_dir(parent / "out"), std::vector<std::string>{"mine.txt"});
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"out"});
}

}  // namespace
}  // namespace stackrace
