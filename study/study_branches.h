#pragma once
// The common past of a study with branch_from: for each seed, the checkpoint
// of a run of the base scenario (with the study's `set`s) at the end of the
// branch month, taken once and kept in DIR/checkpoints/ for --resume, and
// the study's country, region and group series of the months up to it (the
// checkpoint's attachment). Every run of that seed continues from it with
// its own levers (sim/checkpoint.h, branch changes).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/proto/output.pb.h"
#include "sim/spec.h"
#include "study/study_loader.h"

namespace stackrace {

struct BranchPoint {
  Checkpoint checkpoint;
  std::string path;  // the file it is kept in (or would be): errors name it
  // [month][series]: the study's scoped series (LoadedStudy::series) of the
  // months up to the checkpoint.
  std::vector<std::vector<double>> series;
};

struct StudyBranches {
  std::map<std::uint64_t, BranchPoint> by_seed;
};

// DIR/checkpoints/seed-SEED-YYYY-MM.pb.
std::filesystem::path branch_checkpoint_path(const std::filesystem::path& dir, std::uint64_t seed, Month month);

// The branch points of the seeds of `runs`: read from DIR/checkpoints/ where
// there, otherwise computed (`jobs` seeds at a time) and, with a `dir`,
// written there atomically. Throws InputError naming the file for one that
// is damaged, of another program or model, or not of this study, seed and
// month (remove it, and the next start computes it again). Throws
// Interrupted after SIGINT or SIGTERM.
StudyBranches prepare_branches(const LoadedStudy& study, const std::optional<std::filesystem::path>& dir,
                               const std::vector<std::size_t>& runs, unsigned jobs);

// The same from checkpoints already in memory (serialized, e.g. sent by
// another MPI rank), checked as a file is.
StudyBranches branches_from_bytes(const LoadedStudy& study, const std::vector<std::string>& paths,
                                  const std::vector<std::string>& bytes);

// The spec of `run` in a study with branch_from: the base scenario with the
// study's `set`s, and the run's option and factor levers as a dated change
// in the month after the branch month.
Spec branch_run_spec(const LoadedStudy& study, std::size_t run);

}  // namespace stackrace
