#pragma once
// One run of a spec into a temporary directory, at a given number of worker
// threads, and the bytes of its result files (the manifest left out: it
// records the thread count and wall time).

#include <cstdint>
#include <string>
#include <vector>

#include "sim/simulation.h"
#include "sim/spec.h"

namespace stackrace::test_support {

struct RunFiles {
  std::string global, countries, events, trajectory;
};

// Runs in a oneTBB arena of `threads` workers, with the process limited to as
// many, so that the schedule really differs between thread counts.
RunFiles run_files(const Spec& spec, std::uint64_t seed, int threads);

// The simulation's state at the start and after every month, for comparing
// runs: adopter states, per-country counts, and each government's default
// stack and partnership (one number per government).
struct MonthTrace {
  std::vector<std::vector<std::uint8_t>> states;
  std::vector<std::vector<StateCounts>> counts;
  std::vector<std::vector<int>> governments;
  bool operator==(const MonthTrace&) const = default;
};

// Steps the simulation without writing outputs, in an arena as run_files.
MonthTrace trace_months(const Spec& spec, std::uint64_t seed, int threads);

}  // namespace stackrace::test_support
