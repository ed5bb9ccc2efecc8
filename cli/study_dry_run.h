#pragma once
// `stackrace study SPEC --dry-run`: the study checked as for a real start,
// its run count, and an estimate of its time from one run measured here.

#include <ostream>

#include "study/study_loader.h"
#include "study/study_session.h"

namespace stackrace::cli {

// Runs the shard's first run on one thread, timed, and prints the study's
// size and the estimate: runs x that time / jobs. Writes nothing. Returns
// the exit code: 1 when the measured run fails.
int dry_run(const LoadedStudy& study, Shard shard, unsigned jobs, std::ostream& out);

}  // namespace stackrace::cli
