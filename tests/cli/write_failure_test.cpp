// Commands whose writes fail: past a file-size limit (prlimit --fsize, which
// also stands in for a full disk: the write fails part-way), into a full
// standard output, or with an odd --out. Each must say what it could not
// write and why, exit 1 (2 for a bad --out), and leave nothing half-written:
// no hidden partial directory, and a previous output as it was.

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/files.h"

namespace stackrace {
namespace {

namespace fs = std::filesystem;
using test_support::list_dir;
using test_support::read_file;
using test_support::TempDir;

struct Shell {
  int exit_code = -1;
  std::string err;
};

// `command` run by sh (std::system) in the repository root, its stderr collected; the
// binary is $B.
Shell sh(const std::string& command, const TempDir& io) {
  const std::string script = "cd '" STACKRACE_ROOT "' && B='" STACKRACE_BIN "' && " + command + " 2> '" +
                             (io / "stderr").string() + "'";
  const int status = std::system(script.c_str());
  Shell r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = read_file(io / "stderr");
  return r;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const std::string kSmallRun =
    "run configs/scenarios/baseline.textproto --adopters 5000 --set horizon.end_month=2025-06 --quiet";

TEST(WriteFailure, AFileSizeLimitFailsTheRunWithItsReasonAndKeepsThePreviousRun) {
  TempDir dir;
  const fs::path out = dir / "run";
  ASSERT_EQ(sh("$B " + kSmallRun + " --out " + out.string(), dir).exit_code, 0);
  const std::string before = read_file(out / "countries.csv");
  // 20 KB: the run's files are larger. Without the signal ignored the
  // process would die by SIGXFSZ (exit 153) with its staging directory left.
  const Shell r = sh("prlimit --fsize=20000 $B " + kSmallRun + " --out " + out.string() + " --overwrite", dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(contains(r.err, " of the run for " + out.string() + ": File too large")) << r.err;
  EXPECT_TRUE(contains(r.err, "File too large")) << r.err;
  EXPECT_EQ(read_file(out / "countries.csv"), before);
  EXPECT_EQ(list_dir(dir.path()), (std::vector<std::string>{"run", "stderr"}));
}

TEST(WriteFailure, AStudyThatCannotStartLeavesNoDirectoryBehind) {
  TempDir dir;
  const fs::path out = dir / "study";
  // 20 KB: the database is created and linked into place, then its
  // write-ahead log cannot grow; the start is undone.
  const Shell r = sh("prlimit --fsize=20000 $B study configs/studies/smoke.textproto --jobs 1 --quiet --out " +
                         out.string(),
                     dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // The failure came after the database was in place (not in its hidden
  // temporary), which is the start this test is about.
  EXPECT_TRUE(contains(r.err, (out / "study.sqlite").string() + ": SQLite: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "File too large")) << r.err;
  EXPECT_FALSE(fs::exists(out)) << r.err;
}

TEST(WriteFailure, AFullStandardOutputIsAnError) {
  TempDir dir;
  const Shell r = sh("$B validate configs/scenarios/baseline.textproto > /dev/full", dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "cannot write to standard output: No space left on device")) << r.err;
}

TEST(WriteFailure, OutDotNamesTheDirectoryItself) {
  TempDir dir;
  fs::create_directory(dir / "empty");
  const Shell r = sh("$B " + kSmallRun + " --out " + (dir / "empty").string() + "/.", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(list_dir(dir / "empty"), (std::vector<std::string>{"countries.csv", "events.csv", "global.csv",
                                                               "manifest.textproto", "trajectory.pb"}));
  EXPECT_EQ(list_dir(dir.path()), (std::vector<std::string>{"empty", "stderr"}));
}

TEST(WriteFailure, AnOutUnderARegularFileSaysSo) {
  TempDir dir;
  test_support::write_file(dir / "notes.txt", "x\n");
  const Shell r = sh("$B " + kSmallRun + " --out " + (dir / "notes.txt").string() + "/run", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "notes.txt").string() + " is not a directory")) << r.err;
}

TEST(WriteFailure, AnOutThatCannotBeReplacedIsRefusedBeforeTheRun) {
  TempDir dir;
  // The working directory: the run would replace the shell's directory.
  fs::create_directory(dir / "here");
  const Shell cwd = sh("cd " + (dir / "here").string() + " && $B run '" STACKRACE_ROOT
                       "/configs/scenarios/baseline.textproto' --adopters 5000 --quiet --out .",
                       dir);
  EXPECT_EQ(cwd.exit_code, 2);
  EXPECT_TRUE(contains(cwd.err, "is the working directory")) << cwd.err;
  // A link to an empty directory: the rename would replace the link.
  fs::create_directory(dir / "empty");
  fs::create_directory_symlink(dir / "empty", dir / "to-empty");
  const Shell link = sh("$B " + kSmallRun + " --out " + (dir / "to-empty").string() + "/.", dir);
  EXPECT_EQ(link.exit_code, 2);
  EXPECT_TRUE(contains(link.err, "is a symbolic link")) << link.err;
  EXPECT_TRUE(list_dir(dir / "empty").empty());
}

TEST(WriteFailure, OverwriteThroughASymbolicLinkIsRefusedAsALink) {
  TempDir dir;
  const fs::path out = dir / "run";
  ASSERT_EQ(sh("$B " + kSmallRun + " --out " + out.string(), dir).exit_code, 0);
  fs::create_directory_symlink(out, dir / "link");
  const Shell r = sh("$B " + kSmallRun + " --out " + (dir / "link").string() + " --overwrite", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "is a symbolic link: the output is renamed into place")) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
}

}  // namespace
}  // namespace stackrace
