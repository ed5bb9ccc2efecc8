// Throughput of the adopter phase and wall time of the default run.
//   build/release/bench/stackrace_bench
// Figures and the machine they were taken on: docs/performance.md.

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <filesystem>
#include <memory>
#include <string>

#include "agents/adopter_step.h"
#include "sim/runner.h"
#include "sim/simulation.h"
#include "sim/spec.h"

namespace stackrace {
namespace {

const std::string kBaseline = std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto";

// Adopter-updates per second: one Simulation::step() updates every adopter
// once (the government and table phases, ~241 countries, are included). Each
// iteration runs the same first year from a fresh population, so that 1 and
// 2 threads are timed on identical work.
void BM_MonthStep(benchmark::State& state) {
  const auto adopters = static_cast<std::uint64_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  constexpr int kMonths = 12;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Spec spec = load_spec(kBaseline, {{}, adopters});
  std::size_t population = 0, bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto sim = std::make_unique<Simulation>(spec, 1);
    state.ResumeTiming();
    for (int m = 0; m < kMonths; ++m) sim->step();
    population = sim->population().size();
    bytes = sim->population().bytes_per_adopter();
    state.PauseTiming();
    sim.reset();
    state.ResumeTiming();
  }
  const double updates = static_cast<double>(state.iterations()) * kMonths * static_cast<double>(population);
  state.SetItemsProcessed(static_cast<std::int64_t>(updates));
  state.counters["bytes_per_adopter"] = static_cast<double>(bytes);
  state.counters["updates_per_s_per_thread"] = benchmark::Counter(updates / threads, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MonthStep)
    ->ArgNames({"adopters", "threads"})
    ->Args({1000000, 1})
    ->Args({1000000, 2})
    ->Args({10000000, 1})
    ->Args({10000000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Adopters built per second: constructing a Simulation draws every
// adopter's traits, peer links and starting state, which is most of what a
// large run does before its first month (the month's first tables, a cost
// that does not grow with the population, are included).
void BM_Build(benchmark::State& state) {
  const auto adopters = static_cast<std::uint64_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Spec spec = load_spec(kBaseline, {{}, adopters});
  std::size_t population = 0;
  for (auto _ : state) {
    auto sim = std::make_unique<Simulation>(spec, 1);
    population = sim->population().size();
    state.PauseTiming();
    sim.reset();
    state.ResumeTiming();
  }
  const double built = static_cast<double>(state.iterations()) * static_cast<double>(population);
  state.SetItemsProcessed(static_cast<std::int64_t>(built));
  state.counters["adopters_per_s_per_thread"] = benchmark::Counter(built / threads, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Build)
    ->ArgNames({"adopters", "threads"})
    ->Args({10000000, 1})
    ->Args({10000000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The adopter kernel alone: what bench/peers/numpy_kernel.py times. The
// baseline is run for a year (not timed) for a realistic mix of states; a
// copy of its population is then stepped for 12 more months with that
// month's tables held fixed, one country's range at a time, as the month step
// does, with snapshot semantics (next becomes current after each month).
// One thread. Without the per-month tables, supply and labour phases that
// BM_MonthStep includes.
void BM_AdopterKernel(benchmark::State& state) {
  const auto adopters = static_cast<std::uint64_t>(state.range(0));
  constexpr int kWarmMonths = 12, kMonths = 12;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
  const Spec spec = load_spec(kBaseline, {{}, adopters});
  Simulation sim(spec, 1);
  for (int m = 0; m < kWarmMonths; ++m) sim.step();
  const StepTables& tables = sim.tables();
  const std::size_t countries = sim.population().country_begin.size() - 1;
  for (auto _ : state) {
    state.PauseTiming();
    AdopterPopulation pop = sim.population();
    state.ResumeTiming();
    StateCounts counts{};
    for (int m = 0; m < kMonths; ++m) {
      for (std::size_t c = 0; c < countries; ++c) {
        step_adopters(pop, tables, 1, static_cast<std::uint32_t>(kWarmMonths + m), pop.country_begin[c],
                      pop.country_begin[c + 1], counts);
      }
      pop.state.swap(pop.next_state);
    }
    benchmark::DoNotOptimize(counts);
  }
  const double updates =
      static_cast<double>(state.iterations()) * kMonths * static_cast<double>(sim.population().size());
  state.counters["updates_per_s_per_thread"] = benchmark::Counter(updates, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AdopterKernel)
    ->ArgNames({"adopters"})
    ->Arg(1000000)
    ->Arg(10000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The default run: baseline, 1M adopters, 72 months, outputs written.
void BM_DefaultRun(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Spec spec = load_spec(kBaseline);
  const auto out = std::filesystem::temp_directory_path() / "stackrace_bench_run";
  for (auto _ : state) {
    std::filesystem::remove_all(out);
    RunOptions options;
    options.seed = spec.scenario.seed();
    options.threads = static_cast<unsigned>(threads);
    options.out = out.string();
    benchmark::DoNotOptimize(run(spec, options));
  }
  std::filesystem::remove_all(out);
}
BENCHMARK(BM_DefaultRun)->ArgNames({"threads"})->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace stackrace

BENCHMARK_MAIN();
