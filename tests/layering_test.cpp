// The tree is layered, ground floor first: base/ -> worlds/ -> agents/ ->
// sim/ -> study/ and viz/ -> cli/ and bench/. Every quoted include names its
// header by the path from the repository root, and a folder may include only
// headers of its own layer and the layers below it. This test reads every
// source file and fails on any include that runs against that order, so the
// layering stays true without anyone remembering it.

#include <gtest/gtest.h>

#include "support/files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

// What each top-level folder may include. viz/ reads outputs and runs the
// engine for a live view, but knows nothing of studies; viz/core/ never
// includes the SFML part (checked separately below).
const std::map<std::string, std::set<std::string>>& allowed() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"base", {"base"}},
      {"worlds", {"base", "worlds"}},
      {"agents", {"base", "worlds", "agents"}},
      {"sim", {"base", "worlds", "agents", "sim"}},
      {"study", {"base", "worlds", "agents", "sim", "study"}},
      {"viz", {"base", "worlds", "agents", "sim", "viz"}},
      {"cli", {"base", "worlds", "agents", "sim", "study", "viz", "cli"}},
      {"bench", {"base", "worlds", "agents", "sim", "study", "viz", "bench"}},
  };
  return table;
}

struct Include {
  std::string file;  // relative to the root
  int line = 0;
  std::string target;
};

// The target of a line `#include "X"` (spaces allowed around '#'), or "".
// Plain string work: std::regex trips GCC 12's -Wmaybe-uninitialized under
// the sanitizers.
std::string quoted_include(const std::string& line) {
  const auto after_spaces = [&](std::size_t at) { return line.find_first_not_of(" \t", at); };
  std::size_t at = after_spaces(0);
  if (at == std::string::npos || line[at] != '#') return "";
  at = after_spaces(at + 1);
  const std::string_view directive = "include";
  if (at == std::string::npos || line.compare(at, directive.size(), directive) != 0) return "";
  at = after_spaces(at + directive.size());
  if (at == std::string::npos || line[at] != '"') return "";
  const std::size_t close = line.find('"', at + 1);
  return close == std::string::npos ? "" : line.substr(at + 1, close - at - 1);
}

std::vector<Include> quoted_includes(const fs::path& root) {
  std::vector<Include> found;
  for (const auto& [folder, unused] : allowed()) {
    if (!fs::exists(root / folder)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
      std::ifstream in(entry.path());
      std::string text;
      int line = 0;
      while (std::getline(in, text)) {
        ++line;
        if (const std::string target = quoted_include(text); !target.empty())
          found.push_back({fs::relative(entry.path(), root).generic_string(), line, target});
      }
    }
  }
  return found;
}

std::string first_component(const std::string& path) { return path.substr(0, path.find('/')); }

// One line per include that runs against the layering, empty when none does.
std::string violations(const fs::path& root) {
  std::ostringstream bad;
  for (const auto& inc : quoted_includes(root)) {
    const std::string from = first_component(inc.file);
    const std::string to = first_component(inc.target);
    const std::string where = inc.file + ":" + std::to_string(inc.line) + ": \"" + inc.target + "\"";
    if (!allowed().contains(to)) {
      bad << where << " is not a path from the repository root\n";
    } else if (!allowed().at(from).contains(to)) {
      bad << where << " includes " << to << "/ from " << from << "/, a layer it may not use\n";
    } else if (inc.file.starts_with("viz/core/") && inc.target.starts_with("viz/sfml/")) {
      bad << where << " includes the SFML part from viz/core/\n";
    } else if (!inc.target.ends_with(".pb.h") && !fs::exists(root / inc.target)) {
      bad << where << " names no file of the tree\n";
    }
  }
  return bad.str();
}

TEST(Layering, EveryQuotedIncludeIsARootPathToAnAllowedLayer) {
  const fs::path root = STACKRACE_ROOT;
  ASSERT_GT(quoted_includes(root).size(), 100u) << "the scan found too few includes to be reading the tree";
  EXPECT_EQ(violations(root), "");
}

// The check itself, on a small tree with one include of each kind.
TEST(Layering, FindsUpwardBareAndDanglingIncludes) {
  stackrace::test_support::TempDir dir;
  const auto put = [&](const std::string& path, const std::string& text) {
    fs::create_directories((dir.path() / path).parent_path());
    stackrace::test_support::write_file(dir.path() / path, text);
  };
  put("base/low.h", "#pragma once\n");
  put("sim/high.h", "#pragma once\n#include \"base/low.h\"\n");
  put("agents/up.cpp", "#include \"base/low.h\"\n\n#include \"sim/high.h\"\n");
  put("worlds/bare.cpp", "#include \"low.h\"\n");
  put("study/gone.cpp", "#include \"sim/missing.h\"\n");
  put("viz/core/a.cpp", "#include \"viz/sfml/w.h\"\n");
  put("viz/sfml/w.h", "#pragma once\n");
  put("sim/spaced.cpp", "  #  include \"study/x.h\"  // a comment\n");
  const std::string found = violations(dir.path());
  EXPECT_NE(found.find("agents/up.cpp:3: \"sim/high.h\" includes sim/ from agents/"), std::string::npos) << found;
  EXPECT_NE(found.find("worlds/bare.cpp:1: \"low.h\" is not a path from the repository root"), std::string::npos)
      << found;
  EXPECT_NE(found.find("study/gone.cpp:1: \"sim/missing.h\" names no file"), std::string::npos) << found;
  EXPECT_NE(found.find("viz/core/a.cpp:1: \"viz/sfml/w.h\" includes the SFML part"), std::string::npos) << found;
  EXPECT_NE(found.find("sim/spaced.cpp:1: \"study/x.h\" includes study/ from sim/"), std::string::npos) << found;
  // The allowed includes (sim/ and agents/ of base/) add nothing.
  EXPECT_EQ(std::count(found.begin(), found.end(), '\n'), 5) << found;
}

}  // namespace
