#pragma once
// Runs a list of study runs on this machine's cores with oneTBB.
//   side-by-side  `jobs` runs at a time, each confined to one thread
//   nested        runs in parallel and each run's own parallel loops too, in one
//                 arena of `jobs` threads (TBB balances the two levels)
//   sequential    one run at a time, each using all `jobs` threads
// docs/studies.md compares them; results are identical in every mode because
// a run's outputs do not depend on its thread count.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "study/run_executor.h"

namespace stackrace {

enum class Parallelism { kSideBySide, kNested, kSequential };

// "side-by-side", "nested" or "sequential"; false otherwise.
bool parse_parallelism(const std::string& text, Parallelism& out);

// Calls `sink` once per run as it finishes, from the thread that ran it (the
// sink must be thread-safe). Runs start in list order.
void run_locally(const LoadedStudy& study, const std::vector<std::size_t>& runs, unsigned jobs, Parallelism mode,
                 const std::function<void(const RunResult&)>& sink);

}  // namespace stackrace
