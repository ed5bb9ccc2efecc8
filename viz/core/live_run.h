#pragma once
// A simulation running in a background thread for `stackrace view CONFIG`:
// each completed month is summarised and appended to a Timeline, which the
// window reads. The simulation belongs to this thread alone; the window only
// ever sees copies. Destroying the LiveRun asks the thread to stop after the
// month in progress and joins it.
//
// The simulation's threads run at the lowest scheduling priority (SCHED_IDLE,
// else nice +10): on a small machine both compete for the same cores, and a
// smooth animation matters more than finishing the run sooner.

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "viz/core/map_frame.h"
#include "sim/metrics.h"
#include "sim/simulation.h"
#include "sim/spec.h"
#include "viz/core/timeline.h"

namespace stackrace::viz {

class LiveRun {
 public:
  // Starts at once; `timeline` must outlive this object.
  LiveRun(std::shared_ptr<const Spec> spec, std::uint64_t seed, Timeline& timeline);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  void stop();

 private:
  void run();

  std::shared_ptr<const Spec> spec_;
  std::uint64_t seed_;
  Timeline& timeline_;
  std::atomic<bool> stop_{false};
  std::unique_ptr<class NiceWorkers> nice_workers_;
  std::thread thread_;
};

// A timeline for the spec's countries and global.csv columns.
std::unique_ptr<Timeline> make_live_timeline(const Spec& spec);

// Lowers the calling thread's scheduling priority as the live run's threads
// are (SCHED_IDLE, else nice +10); a branch's thread calls it too.
void lower_simulation_priority();

// What trajectory.pb would record for the month just completed.
MapFrame frame_from_simulation(const Simulation& sim, const MonthSummary& summary);

}  // namespace stackrace::viz
