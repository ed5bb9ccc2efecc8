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

// What makes a run what it is besides its scenario: "seed 1, 200,000
// adopters, --set k=v, ..." (and the checkpoint it continued from, with
// each branch's month and levers: "from 2027-01 --set k=v"), for
// figure captions and the video's title bar.
std::string run_settings(const RecordedRun& run);

// A finished timeline holding every month of the run.
std::unique_ptr<Timeline> make_timeline(const RecordedRun& run);

}  // namespace stackrace::viz
