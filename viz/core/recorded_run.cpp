#include "viz/core/recorded_run.h"

#include <filesystem>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/range_check.h"

namespace stackrace::viz {
namespace fs = std::filesystem;

RecordedRun load_recorded_run(const std::string& dir) {
  if (!fs::is_directory(dir))
    throw InputError(dir, "is not a directory, expected a run directory (stackrace run CONFIG --out DIR)");
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
