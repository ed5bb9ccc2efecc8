#include "viz/core/live_run.h"

#include <tbb/task_scheduler_observer.h>

#include <exception>

#ifdef __linux__
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace stackrace::viz {
namespace {

// Niceness of the simulation's threads where SCHED_IDLE is refused: +10 of the
// 0..19 range leaves the window (nice 0) ahead whenever both want a core.
constexpr int kSimulationNice = 10;

}  // namespace

void lower_simulation_priority() {
#ifdef __linux__
  // SCHED_IDLE: the simulation runs only on cycles that the window and the X
  // server leave idle. Where that is refused, nice +10. On Linux both apply
  // to this thread only; failure only costs smoothness, so it is ignored.
  const sched_param param{};
  if (sched_setscheduler(0, SCHED_IDLE, &param) != 0)
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kSimulationNice);
#endif
}

// Lowers the priority of every TBB worker that joins the simulation.
class NiceWorkers : public tbb::task_scheduler_observer {
 public:
  NiceWorkers() { observe(true); }
  ~NiceWorkers() override { observe(false); }
  void on_scheduler_entry(bool is_worker) override {
    if (is_worker) lower_simulation_priority();
  }
};

LiveRun::LiveRun(std::shared_ptr<const Spec> spec, std::uint64_t seed, Timeline& timeline)
    : spec_(std::move(spec)),
      seed_(seed),
      timeline_(timeline),
      nice_workers_(std::make_unique<NiceWorkers>()),
      thread_([this] { run(); }) {}

LiveRun::~LiveRun() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void LiveRun::stop() { stop_.store(true, std::memory_order_relaxed); }

void LiveRun::run() {
  lower_simulation_priority();
  try {
    Simulation sim(*spec_, seed_);
    while (!sim.done() && !stop_.load(std::memory_order_relaxed)) {
      sim.step();
      const MonthSummary summary = summarize(sim);
      timeline_.append(frame_from_simulation(sim, summary), global_values(summary));
    }
    timeline_.finish();
  } catch (const std::exception& e) {
    timeline_.fail(e.what());
  }
}

std::unique_ptr<Timeline> make_live_timeline(const Spec& spec) {
  std::vector<std::string> iso3;
  for (const Country& c : spec.world.countries) iso3.push_back(c.iso3);
  return std::make_unique<Timeline>(std::move(iso3), global_column_names(), spec.start, spec.months);
}

MapFrame frame_from_simulation(const Simulation& sim, const MonthSummary& summary) {
  const World& world = sim.spec().world;
  MapFrame frame;
  frame.month = sim.calendar_month();
  frame.countries.resize(world.countries.size());
  for (std::size_t c = 0; c < world.countries.size(); ++c) {
    const CountryRow& row = summary.countries[c];
    const GovernmentState& gov = sim.governments()[c];
    CountryFrame& out = frame.countries[c];
    out.ai_user_share = row.ai_user_share;
    out.stack_share = row.stack_share;
    out.dominant_stack = row.dominant_stack;
    // A stack, or -1: none yet. A small signed number, not a character.
    out.government_default = gov.default_stack;  // NOLINT(bugprone-signed-char-misuse)
    out.partnership = gov.partnership;
    out.export_tier = static_cast<int>(world.countries[c].export_tier);
    out.displaced_worker_share = row.displaced_worker_share;
    out.stability_index = row.stability_index;
  }
  return frame;
}

}  // namespace stackrace::viz
