// The README's walk-through, as a new user runs it on a fresh clone: every
// command of its fenced blocks, in order, after `make run`, in a new
// directory that holds only the repository's configs and world data and the
// built binary at build/release/stackrace. Every command must exit 0.
//
// Only these changes are made, to keep the test fast and headless:
//   - `make run` runs the Makefile's recipe for it (the binary is built
//     already); `make test` is left out, as it runs this suite;
//   - a command that simulates (run, fit, compare, a live view) runs with
//     --adopters 20000, but a run --from a checkpoint, which has the
//     checkpoint's adopters;
//   - `view` closes after a few frames (--exit-after-frames) and, as every
//     command that needs a display, runs under xvfb-run. Without SFML or
//     xvfb-run those commands are skipped, and the test says so;
//   - `render --frames` and `render --video` draw at --size 480x270 unless
//     the README gives a size (full size, a frame takes about half a second);
//   - a command under xvfb-run whose X server fails to come up (it happens
//     now and then on a busy machine) runs once more.
// A command the test does not know how to run fails it, so that the README
// cannot gain an example that no test runs.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "viz_support.h"

namespace stackrace {
namespace {

namespace fs = std::filesystem;
using test_support::read_file;
using test_support::split_lines;
using test_support::TempDir;

constexpr const char* kBinary = "build/release/stackrace";
constexpr const char* kSmallAdopters = "20000";
constexpr double kCommandTimeoutS = 240;

// `line` without a trailing "# comment" (a '#' outside quotes, after a space).
std::string without_comment(const std::string& line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ')) {
      return line.substr(0, i);
    }
  }
  return line;
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The commands of the fenced blocks of `markdown`, continuation lines joined.
std::vector<std::string> fenced_commands(const std::string& markdown) {
  std::vector<std::string> commands;
  bool fenced = false;
  std::string pending;
  for (const std::string& line : split_lines(markdown)) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) continue;
    std::string text = trimmed(without_comment(line));
    const bool continued = !text.empty() && text.back() == '\\';
    if (continued) text.pop_back();
    if (!pending.empty()) pending += ' ';
    pending += trimmed(text);
    if (continued) continue;
    if (!pending.empty()) commands.push_back(pending);
    pending.clear();
  }
  return commands;
}

// The recipe of `target` in a Makefile, with $(STACKRACE) spelt out.
std::vector<std::string> make_recipe(const std::string& makefile, const std::string& target) {
  std::vector<std::string> recipe;
  bool inside = false;
  for (const std::string& line : split_lines(makefile)) {
    if (!line.empty() && line[0] != '\t') inside = line.rfind(target + ":", 0) == 0;
    if (!inside || line.empty() || line[0] != '\t') continue;
    std::string command = trimmed(line);
    if (!command.empty() && command[0] == '@') command.erase(0, 1);
    const std::string variable = "$(STACKRACE)";
    if (const auto at = command.find(variable); at != std::string::npos) command.replace(at, variable.size(), kBinary);
    recipe.push_back(command);
  }
  return recipe;
}

std::vector<std::string> words(const std::string& command) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : command + " ") {
    if (c != ' ') {
      word += c;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  return out;
}

struct Prepared {
  std::string shell;    // for sh -c, in the walk-through directory
  std::string command;  // the stackrace command ("run", "view", ...), "" for another program
  bool needs_display = false;
};

// A README command made fast and headless as the header says.
Prepared prepare(const std::string& command) {
  std::vector<std::string> w = words(command);
  Prepared p;
  std::size_t at = 0;
  while (at < w.size() && w[at] != kBinary) ++at;
  if (at + 1 >= w.size()) {
    p.shell = command;
    return p;
  }
  p.command = w[at + 1];
  p.needs_display = w[0] == "xvfb-run" || p.command == "view";
  const bool live_view = p.command == "view" && at + 2 < w.size() && w[at + 2].ends_with(".textproto");
  // A run continued --from a checkpoint has the checkpoint's adopters.
  const bool continued = std::find(w.begin(), w.end(), "--from") != w.end();
  if ((p.command == "run" && !continued) || p.command == "fit" || p.command == "compare" || live_view) {
    const auto adopters = std::find(w.begin(), w.end(), "--adopters");
    if (adopters != w.end() && adopters + 1 != w.end()) {
      *(adopters + 1) = kSmallAdopters;
    } else {
      w.insert(w.end(), {"--adopters", kSmallAdopters});
    }
  }
  if (p.command == "view") w.insert(w.end(), {"--exit-after-frames", "3"});
  const bool frames = std::find(w.begin(), w.end(), "--frames") != w.end() ||
                      std::find(w.begin(), w.end(), "--video") != w.end();
  if (p.command == "render" && frames && std::find(w.begin(), w.end(), "--size") == w.end())
    w.insert(w.end(), {"--size", "480x270"});
  if (p.needs_display && w[0] != "xvfb-run") w.insert(w.begin(), {XVFB_RUN, "-a", "-s", "'-screen 0 1280x720x24'"});
  for (const std::string& word : w) p.shell += (p.shell.empty() ? "" : " ") + word;
  return p;
}

TEST(Readme, WalkThroughWorksAfterMakeRun) {
  const std::vector<std::string> readme = fenced_commands(read_file(viz_test::repo_root() / "README.md"));
  TempDir dir("stackrace_readme");
  for (const char* shipped : {"configs", "worlds"})
    fs::create_directory_symlink(viz_test::repo_root() / shipped, dir / shipped);
  fs::create_directories(dir / "build/release");
  fs::create_symlink(viz_test::stackrace_bin(), dir / kBinary);

  std::vector<std::string> commands;
  for (const std::string& c : readme) {
    if (c == "make test") continue;  // the suite this test is part of
    if (c == "make run") {
      const auto recipe = make_recipe(read_file(viz_test::repo_root() / "Makefile"), "run");
      ASSERT_FALSE(recipe.empty()) << "no recipe for `run` in the Makefile";
      commands.insert(commands.end(), recipe.begin(), recipe.end());
      continue;
    }
    ASSERT_TRUE(c.rfind(std::string(kBinary) + " ", 0) == 0 || c.rfind("xvfb-run ", 0) == 0)
        << "the README shows a command this test does not know how to run: " << c;
    commands.push_back(c);
  }
  std::set<std::string> seen;
  std::vector<std::string> skipped;
  const bool display = viz_test::have_sfml() && viz_test::have_xvfb_run();
  for (const std::string& c : commands) {
    const Prepared p = prepare(c);
    seen.insert(p.command);
    if (p.needs_display && !display) {
      skipped.push_back(c);
      continue;
    }
    const std::string in_dir = "cd '" + dir.path().string() + "' && " + p.shell;
    const std::vector<std::string> argv = {"/bin/sh", "-c", in_dir};
    const viz_test::CommandResult r = p.needs_display ? viz_test::run_under_display(argv, kCommandTimeoutS)
                                                      : viz_test::run_command(argv, kCommandTimeoutS);
    ASSERT_FALSE(r.timed_out) << c << "\n(ran as: " << p.shell << ")\n" << r.output;
    ASSERT_EQ(r.exit_code, 0) << c << "\n(ran as: " << p.shell << ")\n" << r.output;
    std::printf("[ %5.1f s ] %s\n", r.seconds, p.shell.c_str());
  }
  // What `make run` promises: a run per scenario that view and render read.
  for (const char* scenario : {"baseline", "commanding_lead", "parity"})
    EXPECT_TRUE(fs::is_regular_file(dir / "out/compare" / scenario / "trajectory.pb")) << scenario;
  // The walk-through covers every command a new user meets first.
  for (const char* command : {"compare", "run", "validate", "describe", "fit", "view", "render", "plot", "study"})
    EXPECT_TRUE(seen.count(command)) << "the README shows no `" << command << "`";
  if (!skipped.empty()) {
    std::string list;
    for (const std::string& c : skipped) list += "\n  " + c;
    std::cout << "[ NOTE ] skipped, they need SFML and xvfb-run:" << list << "\n";
  }
}

}  // namespace
}  // namespace stackrace
