#include "viz_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "viz/core/world_files.h"

namespace stackrace::viz_test {
namespace fs = std::filesystem;

CommandResult run_command(const std::vector<std::string>& argv, double timeout_s) {
  CommandResult r;
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // own process group, so a timeout kills xvfb-run's children too
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  ::fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  for (;;) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    const double left = timeout_s - elapsed();
    if (left <= 0) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    // Wake up at least every 100 ms to check the deadline.
    constexpr int kPollMs = 100;
    ::poll(&p, 1, kPollMs);
    char buf[4096];
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n > 0) {
      r.output.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) break;  // all writers closed
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.seconds = elapsed();
  if (!r.timed_out && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  return r;
}

CommandResult run_stackrace(const std::vector<std::string>& args, bool with_display, double timeout_s,
                            const std::vector<std::string>& env) {
  std::vector<std::string> argv;
  if (!env.empty()) {
    argv.emplace_back("env");
    argv.insert(argv.end(), env.begin(), env.end());
  }
  if (with_display) argv.insert(argv.end(), {XVFB_RUN, "-a", "-s", "-screen 0 1920x1080x24 -noreset"});
  argv.push_back(STACKRACE_BIN);
  argv.insert(argv.end(), args.begin(), args.end());
  return with_display ? run_under_display(argv, timeout_s) : run_command(argv, timeout_s);
}

CommandResult run_under_display(const std::vector<std::string>& command, double timeout_s) {
  // Under the asan preset, LeakSanitizer's exit-time tracer, which stops
  // every thread to scan for leaks, itself crashes now and then ("Tracer
  // caught signal 11") on the threads Mesa's llvmpipe driver leaves behind
  // under Xvfb, failing a run that did all it should. The leak check is off
  // for programs run on a display: the simulation, branching and file code
  // they run is leak-checked by the tests that run without one, the view's
  // drawing is not. Outside the asan preset ASAN_OPTIONS does nothing.
  const char* options = std::getenv("ASAN_OPTIONS");  // the preset's and the caller's, kept
  const std::string kept = options != nullptr && *options != '\0' ? std::string(options) + ":" : "";
  std::vector<std::string> argv{"env", "ASAN_OPTIONS=" + kept + "detect_leaks=0"};
  argv.insert(argv.end(), command.begin(), command.end());
  // Xvfb can fail to come up when tests start servers side by side on a
  // loaded machine (xvfb-run -a picks a display number that another is
  // taking); each retry waits a little longer first.
  constexpr int kTries = 3;
  CommandResult r = run_command(argv, timeout_s);
  for (int attempt = 1; attempt < kTries && x_server_failed(r); ++attempt) {
    std::printf("[ NOTE ] the X server did not come up; trying again under a fresh one in %d s. Output:\n%s\n", attempt,
                r.output.c_str());
    std::this_thread::sleep_for(std::chrono::seconds(attempt));
    r = run_command(argv, timeout_s);
  }
  return r;
}

bool x_server_failed(const CommandResult& r) {
  if (r.timed_out || r.exit_code == 0) return false;
  for (const char* sign : {"Xvfb failed to start", "Failed to open X11 display", "cannot open display"})
    if (r.output.find(sign) != std::string::npos) return true;
  return false;
}

fs::path repo_root() { return STACKRACE_ROOT; }
std::string stackrace_bin() { return STACKRACE_BIN; }
fs::path fixture_run() { return VIZ_FIXTURE_RUN; }
const FixtureScene& fixture_scene() {
  static const FixtureScene scene = [] {
    FixtureScene s;
    s.run = viz::load_recorded_run(fixture_run().string());
    s.model = viz::build_map_model(s.run.trajectory.iso3, {(repo_root() / "worlds/countries.textproto").string(),
                                                           (repo_root() / "worlds/geometry_50m.textproto").string()});
    return s;
  }();
  return scene;
}

std::size_t FixtureScene::index(const std::string& iso3) const {
  for (std::size_t i = 0; i < run.trajectory.iso3.size(); ++i)
    if (run.trajectory.iso3[i] == iso3) return i;
  ADD_FAILURE() << iso3 << " is not in the fixture run";
  return 0;
}

const viz::CountryFrame& FixtureScene::last(const std::string& iso3) const {
  return run.trajectory.frames.back().countries[index(iso3)];
}

bool have_sfml() { return VIZ_HAVE_SFML != 0; }
bool have_xvfb_run() {
  return std::string(XVFB_RUN).size() > 0 && std::string(XVFB_RUN).find("NOTFOUND") == std::string::npos;
}

}  // namespace stackrace::viz_test
