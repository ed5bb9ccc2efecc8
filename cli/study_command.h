#pragma once
// `stackrace study ...`: parameter studies (docs/studies.md).
//   stackrace study SPEC --out DIR [--jobs N] [--resume] [--quiet] [--shard i/N]
//   stackrace study report DIR
//   stackrace study merge OUT DIR...
// Under mpirun the first form runs distributed (rank 0 coordinates).

namespace stackrace {

// argv[1] is "study". Returns the exit code: 0 success, 2 bad input (before
// any run starts), 1 anything else (including runs that failed).
int study_main(int argc, char** argv);

}  // namespace stackrace
