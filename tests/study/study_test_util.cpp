#include "study_test_util.h"

#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace stackrace::study_test {

namespace fs = std::filesystem;

fs::path repo_root() { return STACKRACE_ROOT; }
bool sanitized() { return STACKRACE_SANITIZED; }

std::string smoke_spec_text() {
  std::string text = read_file(repo_root() / "configs/studies/smoke.textproto");
  text = replace_once(text, "base_scenario: \"../scenarios/baseline.textproto\"",
                      "base_scenario: \"" + (repo_root() / "configs/scenarios/baseline.textproto").string() + "\"");
  // Sanitizer builds run several times slower: fewer adopters keep the tests short.
  if (sanitized()) text = replace_once(text, "population.adopters=20000", "population.adopters=4000");
  return text;
}

pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, STDIN_FILENO);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int run(const std::vector<std::string>& args, const fs::path& log) { return wait_for(spawn(args, log)); }

std::vector<std::string> study_command(const std::vector<std::string>& args) {
  std::vector<std::string> out{STACKRACE_BIN, "study"};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

std::string runs_without_wall(const fs::path& runs_csv) {
  std::istringstream in(read_file(runs_csv));
  std::string line, out;
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

void sql(const fs::path& db, const std::string& statements) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(handle, statements.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(handle);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

int committed_runs(const fs::path& db) {
  if (!fs::exists(db)) return -1;
  sqlite3* handle = nullptr;
  int count = -1;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(handle, 2000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle, "SELECT count(*) FROM runs", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
      count = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
  }
  sqlite3_close(handle);
  return count;
}

TempDir* SmokeStudyTest::dir_ = nullptr;

void SmokeStudyTest::SetUpTestSuite() {
  dir_ = new TempDir();
  write_file(*dir_ / "smoke.textproto", smoke_spec_text());
  ASSERT_EQ(run(study_command({spec(), "--out", whole().string(), "--jobs", "2", "--quiet"}), *dir_ / "whole.log"), 0)
      << read_file(*dir_ / "whole.log");
}

void SmokeStudyTest::TearDownTestSuite() {
  delete dir_;
  dir_ = nullptr;
}

std::string SmokeStudyTest::spec() { return (*dir_ / "smoke.textproto").string(); }

fs::path SmokeStudyTest::whole() { return *dir_ / "whole"; }

StoredRun planned_run(const StudyPlan& plan, std::size_t run, std::vector<double> outcomes) {
  StoredRun r;
  r.run = static_cast<std::int64_t>(run);
  r.point = static_cast<std::int64_t>(plan.point_of(run));
  r.replicate = plan.replicate_of(run);
  r.seed = static_cast<std::int64_t>(plan.run_seed(run));
  r.factors = plan.points[plan.point_of(run)];
  r.outcomes = std::move(outcomes);
  r.status = "ok";
  return r;
}

}  // namespace stackrace::study_test
