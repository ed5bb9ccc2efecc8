#pragma once
// A branch of a live run, made when a lever moves in the view's lever panel:
// the run of the same spec and seed to the end of `from_month`, checkpointed
// (sim/checkpoint.h, in memory), then continued from the checkpoint with the
// panel's edits as a dated policy change from the month after, exactly as
//   stackrace run CONFIG --checkpoint-at M --out A
//   stackrace run --from A/checkpoint-M.pb --set policy.levers.X=V --out B
// would, so that B's global.csv holds the months the branch shows. Like the
// live run it runs in a thread of its own at low priority (live_run.h), fills
// a Timeline of its own, and stops and joins when destroyed.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sim/spec.h"
#include "viz/core/timeline.h"

namespace stackrace::viz {

struct BranchRequest {
  int from_month = 0;             // index of the checkpointed month; the change is in force from the next
  std::vector<std::string> sets;  // policy.levers.FIELD=VALUE
};

// The branch's whole run into `timeline` (every month from the first, the
// checkpointed ones included), in the calling thread. `spec` must be the
// live run's, as load_spec made it from spec.config_path. Stops early, with
// the timeline unfinished, when `stop` becomes true. Throws InputError for
// edits a branch refuses (a value out of range).
void run_branch(const Spec& spec, std::uint64_t seed, const BranchRequest& request, Timeline& timeline,
                const std::atomic<bool>& stop);

class LiveBranch {
 public:
  // Starts at once.
  LiveBranch(std::shared_ptr<const Spec> spec, std::uint64_t seed, BranchRequest request);
  ~LiveBranch();
  LiveBranch(const LiveBranch&) = delete;
  LiveBranch& operator=(const LiveBranch&) = delete;

  const BranchRequest& request() const { return request_; }
  const Timeline& timeline() const { return *timeline_; }

 private:
  std::shared_ptr<const Spec> spec_;
  std::uint64_t seed_;
  BranchRequest request_;
  std::unique_ptr<Timeline> timeline_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace stackrace::viz
