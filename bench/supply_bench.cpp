// Cost of the supply side: one SupplySide::step (fabs, labs, smugglers,
// operators, chip and rental markets, services) per simulated month, on the
// shipped baseline. Compare with BM_MonthStep (adopters_bench.cpp) for its
// share of a month. Figures: docs/performance.md.

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <string>
#include <vector>

#include "sim/spec.h"
#include "sim/supply_side.h"

namespace stackrace {
namespace {

const std::string kBaseline = std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto";

// Each iteration runs the whole 72-month horizon from a fresh supply side, with
// a fixed world of 1.2 billion AI users spread over the stacks.
void BM_SupplyHorizon(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Spec spec = load_spec(kBaseline, {{}, 10000});
  const std::vector<GovernmentState> governments(spec.world.countries.size());
  const StackArray users{6e8, 1e8, 2e8, 2e8, 5e7};
  for (auto _ : state) {
    SupplySide supply(spec, 1);
    for (int m = 0; m < spec.months; ++m) supply.step(m, users, governments);
    benchmark::DoNotOptimize(supply.metrics());
  }
  state.counters["time_per_month"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * spec.months,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_SupplyHorizon)->ArgNames({"threads"})->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace stackrace
