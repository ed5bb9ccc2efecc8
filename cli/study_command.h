#pragma once
// `stackrace study ...`: parameter studies (docs/studies.md).
//   stackrace study SPEC --out DIR [--jobs N] [--resume] [--quiet] [--shard i/N]
//   stackrace study report DIR
//   stackrace study merge OUT DIR...
// Under mpirun the first form runs distributed (rank 0 coordinates).

namespace stackrace {

// argv[1] is "study". Returns the exit code (0 success, 1 when runs failed);
// bad input throws InputError and other failures throw, for main() to report
// with exit code 2 or 1.
int study_main(int argc, char** argv);

}  // namespace stackrace
