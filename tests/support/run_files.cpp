#include "support/run_files.h"

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "sim/runner.h"
#include "support/files.h"

namespace stackrace::test_support {

RunFiles run_files(const Spec& spec, std::uint64_t seed, int threads) {
  TempDir dir;
  const std::filesystem::path out = dir / "run";
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    RunOptions o;
    o.seed = seed;
    o.threads = static_cast<unsigned>(threads);
    o.out = out.string();
    run(spec, o);
  });
  return {read_file(out / "global.csv"), read_file(out / "countries.csv"), read_file(out / "events.csv"),
          read_file(out / "trajectory.pb")};
}

MonthTrace trace_months(const Spec& spec, std::uint64_t seed, int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  tbb::task_arena arena(threads);
  MonthTrace t;
  arena.execute([&] {
    Simulation sim(spec, seed);
    t.states.emplace_back(sim.population().state.begin(), sim.population().state.end());
    while (!sim.done()) {
      sim.step();
      t.states.emplace_back(sim.population().state.begin(), sim.population().state.end());
      t.counts.push_back(sim.counts());
      std::vector<int> g;
      g.reserve(sim.governments().size());
      for (const GovernmentState& gov : sim.governments()) g.push_back(gov.default_stack * 3 + gov.partnership);
      t.governments.push_back(g);
    }
  });
  return t;
}

}  // namespace stackrace::test_support
