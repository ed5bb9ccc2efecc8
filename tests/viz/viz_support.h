#pragma once
// Helpers for the map-view tests: the suite's file helpers, and running the real `stackrace` binary (optionally under
// xvfb-run) with a time limit, so that a hang fails the test instead of blocking the suite.

#include <filesystem>
#include <string>
#include <vector>

#include "viz/core/map_model.h"
#include "viz/core/recorded_run.h"
#include "support/files.h"

namespace stackrace::viz_test {

// The suite's file helpers (tests/support/files.h).
using test_support::list_dir;
using test_support::read_file;
using test_support::TempDir;
using test_support::write_file;

struct CommandResult {
  int exit_code = -1;  // -1 when killed or not run
  bool timed_out = false;
  std::string output;  // stdout and stderr together
  double seconds = 0;
};

// Runs argv[0] with the arguments, waiting at most timeout_s.
CommandResult run_command(const std::vector<std::string>& argv, double timeout_s);

// The stackrace binary with `args`; under `xvfb-run -a` (1920x1080x24) when
// with_display (once more when the X server failed to come up); with `env`
// ("NAME=value", ...) set for it when given.
CommandResult run_stackrace(const std::vector<std::string>& args, bool with_display = false, double timeout_s = 60,
                            const std::vector<std::string>& env = {});

// Whether a command under xvfb-run failed because its X server did not come
// up (xvfb-run's or SFML's message), which on a busy machine happens now and
// then and says nothing about the command: such a command is run once more.
bool x_server_failed(const CommandResult& r);

// run_command for a command under xvfb-run (without LeakSanitizer's exit
// check under the asan preset): once more when its X server failed to come
// up, after printing the first output.
CommandResult run_under_display(const std::vector<std::string>& argv, double timeout_s);

std::filesystem::path repo_root();
std::string stackrace_bin();
// The small run made by the CTest fixture (tests/viz/CMakeLists.txt).
std::filesystem::path fixture_run();
// The fixture run and the map model of its countries, loaded once.
struct FixtureScene {
  viz::RecordedRun run;
  viz::MapModel model;
  std::size_t index(const std::string& iso3) const;              // fails the test when absent
  const viz::CountryFrame& last(const std::string& iso3) const;  // in the run's last month
};
const FixtureScene& fixture_scene();
bool have_sfml();      // the binary was built with the SFML window
bool have_xvfb_run();  // xvfb-run was found at configure time

}  // namespace stackrace::viz_test
