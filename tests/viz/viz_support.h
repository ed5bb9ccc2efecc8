#pragma once
// Helpers for the map-view tests: a temporary directory, whole-file I/O, and
// running the real `stackrace` binary (optionally under xvfb-run) with a
// time limit, so that a hang fails the test instead of blocking the suite.

#include <filesystem>
#include <string>
#include <vector>

namespace stackrace::viz_test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);

struct CommandResult {
  int exit_code = -1;  // -1 when killed or not run
  bool timed_out = false;
  std::string output;  // stdout and stderr together
  double seconds = 0;
};

// Runs argv[0] with the arguments, waiting at most timeout_s.
CommandResult run_command(const std::vector<std::string>& argv, double timeout_s);

// The stackrace binary with `args`; under `xvfb-run -a` (1920x1080x24) when with_display.
CommandResult run_stackrace(const std::vector<std::string>& args, bool with_display = false, double timeout_s = 60);

std::filesystem::path repo_root();
std::string stackrace_bin();
// The small run made by the CTest fixture (tests/viz/CMakeLists.txt).
std::filesystem::path fixture_run();
bool have_sfml();      // the binary was built with the SFML window
bool have_xvfb_run();  // xvfb-run was found at configure time

}  // namespace stackrace::viz_test
