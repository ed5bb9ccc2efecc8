#pragma once
// A study over MPI (Boost.MPI): rank 0 coordinates and owns the database,
// handing out one run at a time to whichever worker rank asks next; workers
// run it and send back the outcomes. The runs, seeds and results are those of
// a single-process study; only which rank ran which run differs. Compiled
// only when the build found Boost.MPI (STACKRACE_HAVE_MPI).

#include <boost/mpi/communicator.hpp>
#include <functional>

#include "study/run_executor.h"
#include "study/study_session.h"

namespace stackrace {

// Rank 0: hands out session.pending() in run order until every worker has
// been told to stop; calls `on_result` (after the run is committed) for each.
void coordinate_runs(const boost::mpi::communicator& world, StudySession& session,
                     const std::function<void(const RunResult&)>& on_result);

// Ranks 1..K-1: asks for runs and runs them with `threads` threads each,
// until told to stop.
void serve_runs(const boost::mpi::communicator& world, const LoadedStudy& study, unsigned threads);

}  // namespace stackrace
