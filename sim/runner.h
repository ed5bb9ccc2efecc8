#pragma once
// One run from a validated spec: the simulation, its outputs, and what the
// command line reports afterwards.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/months.h"
#include "base/proto/output.pb.h"
#include "base/state_archive.h"
#include "sim/calibration.h"
#include "sim/metrics.h"
#include "sim/output_dir.h"
#include "sim/spec.h"

namespace stackrace {

class Simulation;

struct RunOptions {
  std::uint64_t seed = 0;
  unsigned threads = 1;
  std::optional<std::string> out;  // no outputs written when empty
  bool overwrite = false;
  // Called after each month with (months done, months in all).
  std::function<void(int, int)> on_month;
  // Called after each month is recorded in the report, before on_month and
  // any checkpoint, with the simulation and the month's summary: what a
  // caller reads beyond the world row (a study's country series). May throw
  // to stop the run.
  std::function<void(const Simulation&, const MonthSummary&)> on_summary;
  // Also write OUT/checkpoint-MONTH.pb at the end of this month
  // (sim/checkpoint.h); needs `out`.
  std::optional<Month> checkpoint_at;
  // With checkpoint_at: the checkpoint is handed to this (without output
  // files unless `out`) instead of written, and the run ends after that month.
  std::function<void(Checkpoint&)> take_checkpoint;
  // Continue from this checkpoint (read_checkpoint), whose file is at
  // from_path, instead of from the start; the spec is branch_spec's.
  const Checkpoint* from = nullptr;
  std::string from_path;
};

// The files a run writes into --out (RunWriter's, the manifest and
// checkpoints): what --overwrite may replace.
const OutputLayout& run_output_layout();

struct RunReport {
  GlobalRow first, calibration, last;  // world rows at the first month, calibration_h2 and the end
  std::string first_month, calibration_month, last_month;
  Fit fit_h1, fit_h2;                 // over observed economies (economies = 0 if outside the horizon)
  std::vector<std::string> fit_iso3;  // observed economies, in world order
  std::vector<double> simulated_h1, simulated_h2;
  std::vector<double> observed_h1, observed_h2;
  // Every month's global.csv row: months[i] and global_values[i][j] for
  // column global_column_names()[j].
  std::vector<std::string> months;
  std::vector<std::vector<double>> global_values;
  double wall_time_s = 0;
  std::size_t adopters = 0;
  std::vector<CountryStart> start;  // each country's start (sim/calibration.h)
};

// Checkpoints (base/state_archive.h): what the months so far added to the
// report. The rest is set at the start (adopters, start, the observed
// economies) or at the end (wall time).
template <class Archive, StateOf<RunReport> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.first, s.calibration, s.last, s.first_month, s.calibration_month, s.last_month, s.fit_h1, s.fit_h2,
     s.simulated_h1, s.simulated_h2, s.months, s.global_values);
}

// Runs a spec. Its parallel loops are its own: a caller's parallel loop that
// is cancelled (another run in it threw) does not reach them, so that the run
// goes on to its next interrupt check (on_month, on_summary) or its end.
RunReport run(const Spec& spec, const RunOptions& options);

std::string program_version();

}  // namespace stackrace
