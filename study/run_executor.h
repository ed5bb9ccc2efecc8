#pragma once
// One run of a study: the design point's scenario, the run's seed, the
// simulation, and the outcomes read from its world metrics.

#include <cstddef>
#include <string>
#include <vector>

#include "study/study_loader.h"

namespace stackrace {

// One value of a recorded series (StudySpec.record) at the end of a month.
struct RecordedValue {
  std::string month;  // YYYY-MM
  double value = 0;
  bool operator==(const RecordedValue& other) const = default;
};

struct RunResult {
  std::size_t run = 0;
  std::vector<double> outcomes;  // in plan order; NaN when the run failed
  std::string status = "ok";     // "ok", or "error: ..." (retried by --resume)
  double wall_s = 0;             // the simulation's own wall time, without loading the scenario
  // [record][k]: each record's values in month order (empty when the run failed).
  std::vector<std::vector<RecordedValue>> recorded;
};

// Runs on the calling thread's TBB arena: the caller decides how many threads
// the simulation may use. Never throws for a failing run: the failure is the
// result's status. Throws Interrupted (base/interrupt.h) after a SIGINT or
// SIGTERM, between two months: that is the study's stop, not the run's fault.
RunResult execute_run(const LoadedStudy& study, std::size_t run);

}  // namespace stackrace
