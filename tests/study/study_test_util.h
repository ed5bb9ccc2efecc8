#pragma once
// Helpers for the study tests: temporary directories, files, running the
// stackrace binary, and study specs derived from the shipped smoke study.

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace stackrace::study_test {

// A fresh directory under the system temp directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);
// `text` with the single occurrence of `from` replaced; throws unless it occurs once.
std::string replace_once(const std::string& text, const std::string& from, const std::string& to);

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

// Rows of the runs table, -1 while the database does not exist yet.
int committed_runs(const std::filesystem::path& db);

}  // namespace stackrace::study_test
