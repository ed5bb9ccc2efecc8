#include "viz/core/recorded_run.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/range_check.h"

namespace stackrace::viz {
namespace fs = std::filesystem;

namespace {

// A comparison's or a study's directory is not a run: say what it is, and
// where its runs are if it keeps any.
void refuse_other_outputs(const std::string& dir) {
  const fs::path path(dir);
  if (fs::exists(path / "compare.csv")) {
    std::vector<std::string> found;
    for (const fs::directory_entry& entry : fs::directory_iterator(path))
      if (fs::is_regular_file(entry.path() / "manifest.textproto")) found.push_back(entry.path().string());
    std::sort(found.begin(), found.end());
    std::string runs;
    for (const std::string& run : found) runs += (runs.empty() ? "" : ", ") + run;
    throw InputError(dir, "is the output of stackrace compare, not a run: " +
                              (runs.empty() ? std::string("it keeps no runs (compare --out keeps one per scenario)")
                                            : "give one of its scenarios' runs: " + runs));
  }
  if (fs::exists(path / "study.sqlite")) {
    throw InputError(dir,
                     "is the output of stackrace study, not a run: a study keeps no run outputs (run one "
                     "point with stackrace run CONFIG --out DIR --set ...)");
  }
}

// "number with thousands separators": 1030378 -> "1,030,378".
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string run_settings(const RecordedRun& run) {
  std::string settings = "seed " + std::to_string(run.manifest.seed()) + ", " + grouped(run.manifest.adopters()) +
                         " adopters";
  for (const std::string& set : run.manifest.overrides()) settings += ", --set " + set;
  if (!run.manifest.from_checkpoint().empty()) settings += ", continued from " + run.manifest.from_checkpoint();
  // A branch's levers are what tell it from the run it branched from.
  for (const Branch& branch : run.manifest.branches()) {
    settings += ", from " + branch.month();
    for (const std::string& set : branch.sets()) settings += " --set " + set;
  }
  return settings;
}

RecordedRun load_recorded_run(const std::string& dir) {
  if (!fs::is_directory(dir))
    throw InputError(dir, "is not a directory, expected a run directory (stackrace run CONFIG --out DIR)");
  refuse_other_outputs(dir);
  RecordedRun run;
  run.dir = dir;
  const std::string manifest = (fs::path(dir) / "manifest.textproto").string();
  // Present but not a regular file (a fifo, a link to a device): the read says so.
  if (!fs::exists(manifest)) throw InputError(manifest, "no such file: " + dir + " is not a complete run directory");
  load_checked(manifest, run.manifest, kManifestFile);
  run.trajectory = read_trajectory((fs::path(dir) / "trajectory.pb").string());
  const std::string global = (fs::path(dir) / "global.csv").string();
  run.global = read_global_csv(global);
  const auto& frames = run.trajectory.frames;
  if (run.global.months.size() != frames.size() || run.global.months.front() != frames.front().month) {
    throw InputError(global, "has months " + run.global.months.front().str() + ".." + run.global.months.back().str() +
                                 " but trajectory.pb has " + frames.front().month.str() + ".." +
                                 frames.back().month.str() + ": the files are from different runs");
  }
  return run;
}

std::unique_ptr<Timeline> make_timeline(const RecordedRun& run) {
  const auto& frames = run.trajectory.frames;
  auto timeline = std::make_unique<Timeline>(run.trajectory.iso3, run.global.columns, frames.front().month,
                                             static_cast<int>(frames.size()));
  for (std::size_t i = 0; i < frames.size(); ++i) timeline->append(frames[i], run.global.rows[i]);
  timeline->finish();
  return timeline;
}

}  // namespace stackrace::viz
