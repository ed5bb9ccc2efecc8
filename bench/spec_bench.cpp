// Cost of checking a scenario: load_spec of the shipped baseline (every file
// read, parsed and checked, the world built) against SpecVariants::check of
// one more --set on a baseline loaded once, which is what a study pays per
// design point before any run. Figures: docs/performance.md.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "sim/spec.h"

namespace stackrace {
namespace {

const std::string kBaseline = std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto";

void BM_LoadSpec(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_spec(kBaseline, {{"choice.beta_price_per_usd_mtok=0.1"}, {}}));
}
BENCHMARK(BM_LoadSpec)->Unit(benchmark::kMillisecond);

void BM_CheckVariant(benchmark::State& state) {
  const SpecVariants variants(kBaseline, {});
  const std::vector<std::string> point{"choice.beta_price_per_usd_mtok=0.1"};
  for (auto _ : state) variants.check(point);
}
BENCHMARK(BM_CheckVariant)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace stackrace
