#include "viz/core/live_branch.h"

#include <exception>

#include "sim/checkpoint.h"
#include "sim/runner.h"
#include "sim/simulation.h"
#include "viz/core/live_run.h"

namespace stackrace::viz {
namespace {

// Where a checkpoint taken in memory says it came from, in its errors.
constexpr const char* kCheckpointName = "the view's checkpoint";

// One month of `sim` into the timeline and the report, as run_months records it.
void step_and_record(Simulation& sim, Timeline& timeline, RunReport& report) {
  sim.step();
  const MonthSummary summary = summarize(sim);
  std::vector<double> row = global_values(summary);
  report.months.push_back(sim.calendar_month().str());
  report.global_values.push_back(row);
  timeline.append(frame_from_simulation(sim, summary), std::move(row));
}

}  // namespace

void run_branch(const Spec& spec, std::uint64_t seed, const BranchRequest& request, Timeline& timeline,
                const std::atomic<bool>& stop) {
  // The original run to the end of from_month, and its checkpoint.
  Checkpoint checkpoint;
  {
    Simulation sim(spec, seed);
    RunReport report;
    while (sim.month() <= request.from_month && !sim.done()) {
      if (stop.load(std::memory_order_relaxed)) return;
      step_and_record(sim, timeline, report);
    }
    checkpoint = make_checkpoint(spec, seed, sim, report, {});
  }
  // Continued with the edits from the month after.
  const Spec branched = branch_spec(checkpoint, kCheckpointName, spec.config_path, request.sets);
  Simulation sim(branched, seed);
  RunReport report;
  restore_checkpoint(checkpoint, kCheckpointName, sim, report);
  while (!sim.done()) {
    if (stop.load(std::memory_order_relaxed)) return;
    step_and_record(sim, timeline, report);
  }
  timeline.finish();
}

LiveBranch::LiveBranch(std::shared_ptr<const Spec> spec, std::uint64_t seed, BranchRequest request)
    : spec_(std::move(spec)), seed_(seed), request_(std::move(request)), timeline_(make_live_timeline(*spec_)) {
  thread_ = std::thread([this] {
    lower_simulation_priority();
    try {
      run_branch(*spec_, seed_, request_, *timeline_, stop_);
    } catch (const std::exception& e) {
      timeline_->fail(e.what());
    }
  });
}

LiveBranch::~LiveBranch() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

}  // namespace stackrace::viz
