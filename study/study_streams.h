#pragma once
// Purposes of the study's random draws, for stackrace's counter-based
// generator (base/rng.h). The values sit far above the engine's own streams
// (1, 2, ...) so that a stream added there never collides with one here; a
// draw is then addressed by (study seed, purpose, run or point, k).

#include "base/rng.h"

namespace stackrace {

constexpr Stream kStudyRunSeed = Stream::kStudyRunSeed;
constexpr Stream kStudyDesign = Stream::kStudyDesign;
constexpr Stream kStudyBootstrap = Stream::kStudyBootstrap;

// The seed of run `run`: a keyed hash of the study seed and the run index, so
// that it does not depend on which worker or rank runs it, or when. The top
// bit is cleared so that the seed is a non-negative SQLite INTEGER as well.
constexpr std::uint64_t study_run_seed(std::uint64_t study_seed, std::uint64_t run) {
  return draw64(study_seed, kStudyRunSeed, run, 0) >> 1;
}

}  // namespace stackrace
