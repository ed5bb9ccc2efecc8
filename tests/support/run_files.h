#pragma once
// One run of a spec into a temporary directory, at a given number of worker
// threads, and the bytes of its result files (the manifest left out: it
// records the thread count and wall time).

#include <cstdint>
#include <string>

#include "sim/spec.h"

namespace stackrace::test_support {

struct RunFiles {
  std::string global, countries, events, trajectory;
};

// Runs in a oneTBB arena of `threads` workers, with the process limited to as
// many, so that the schedule really differs between thread counts.
RunFiles run_files(const Spec& spec, std::uint64_t seed, int threads);

}  // namespace stackrace::test_support
