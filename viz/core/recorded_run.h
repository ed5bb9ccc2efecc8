#pragma once
// A run directory written by `stackrace run` (docs/outputs.md), read for the
// map: the manifest (for the scenario name and where its world files are),
// the trajectory and global.csv, checked against each other.

#include <memory>
#include <string>

#include "viz/core/global_series.h"
#include "base/proto/output.pb.h"
#include "viz/core/timeline.h"
#include "viz/core/trajectory.h"

namespace stackrace::viz {

struct RecordedRun {
  std::string dir;
  RunManifest manifest;
  Trajectory trajectory;
  GlobalSeries global;
};

// Throws InputError naming the file and what is wrong or missing.
RecordedRun load_recorded_run(const std::string& dir);

// A finished timeline holding every month of the run.
std::unique_ptr<Timeline> make_timeline(const RecordedRun& run);

}  // namespace stackrace::viz
