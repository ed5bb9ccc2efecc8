#pragma once
// Helpers for the study tests: temporary directories, files, running the
// stackrace binary, study specs derived from the shipped smoke study, and a
// fixture holding that study run once.

#include <gtest/gtest.h>
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/files.h"
#include "study/study_db.h"
#include "study/study_plan.h"

namespace stackrace::study_test {

// Temporary directories and file edits are the suite's shared helpers.
using test_support::read_file;
using test_support::replace_once;
using test_support::TempDir;
using test_support::write_file;

std::filesystem::path repo_root();
bool sanitized();

// The shipped smoke study, with its base scenario made absolute (so that the
// copy works from any directory) and, in sanitizer builds, fewer adopters.
std::string smoke_spec_text();

// Starts a program with `args` (argv[0] first); stdout and stderr go to
// `log` (appended). Returns the child's pid.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log);
// Waits for `pid`; returns its exit code (128 + signal if killed).
int wait_for(pid_t pid);
// spawn + wait_for.
int run(const std::vector<std::string>& args, const std::filesystem::path& log);

// `stackrace study ...` (STACKRACE_BIN).
std::vector<std::string> study_command(const std::vector<std::string>& args);

// runs.csv without its last column (wall_s), the part that must be identical.
std::string runs_without_wall(const std::filesystem::path& runs_csv);

// Runs SQL on a database directly, as a user or a bad disk might change it.
void sql(const std::filesystem::path& db, const std::string& statements);

// Rows of the runs table, -1 while the database does not exist yet.
int committed_runs(const std::filesystem::path& db);

// Run `run` of `plan` as the study would store it, ok, with `outcomes`: its
// point, replicate, seed and factor values from the plan (a hand-made row
// that verification accepts).
StoredRun planned_run(const StudyPlan& plan, std::size_t run, std::vector<double> outcomes);

// A fixture with one finished smoke study (smoke_spec_text, 16 runs on 2
// workers), run once per test suite: the reference the tests compare with,
// or copy and change.
class SmokeStudyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  // The spec file the study was run from.
  static std::string spec();
  // Its --out directory.
  static std::filesystem::path whole();

 private:
  static TempDir* dir_;
};

}  // namespace stackrace::study_test
