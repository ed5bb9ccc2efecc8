#include "study/study_branches.h"

#include <google/protobuf/util/message_differencer.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <set>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/interrupt.h"
#include "base/state_archive.h"
#include "sim/checkpoint.h"
#include "sim/runner.h"
#include "sim/simulation.h"
#include "study/country_series.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> study_sets(const LoadedStudy& study) {
  return {study.plan.spec.set().begin(), study.plan.spec.set().end()};
}

// What to do with a checkpoint of DIR/checkpoints the study cannot use.
constexpr const char* kRemoveCheckpoint = "remove it, and the study computes it again";

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw InputError(path, why + "; " + kRemoveCheckpoint);
}

// Refuses a checkpoint that is not the common past of this study's runs of
// `seed`: another seed, month, scenario or `set`s, a branched run, or one
// without the study's series.
BranchPoint check_branch_point(const LoadedStudy& study, std::uint64_t seed, Checkpoint checkpoint,
                               const std::string& path) {
  const Month month = *study.plan.branch_from;
  if (checkpoint.seed() != seed || checkpoint.month() != month.str()) {
    refuse(path, "a checkpoint of seed " + std::to_string(checkpoint.seed()) + " at " + checkpoint.month() +
                     ", where this study needs seed " + std::to_string(seed) + " at " + month.str());
  }
  const std::vector<std::string> sets = study_sets(study);
  if (checkpoint.config_path() != study.base_path || !checkpoint.branches().empty() ||
      !std::equal(checkpoint.overrides().begin(), checkpoint.overrides().end(), sets.begin(), sets.end()) ||
      !google::protobuf::util::MessageDifferencer::Equals(checkpoint.resolved_config(), study.base->base().scenario)) {
    refuse(path, "taken from a run of another scenario or with other `set`s than this study's base scenario");
  }
  if (checkpoint.world_digest() != study.base->base().world.digest) {
    refuse(path,
           "taken on other world data: the base scenario's world files (world_data, world_config, "
           "observed_adoption) changed since");
  }
  BranchPoint point{std::move(checkpoint), path, {}};
  try {
    if (point.checkpoint.attachment().empty()) throw StateError("none");
    StateReader reader(point.checkpoint.attachment());
    reader(point.series);
    reader.finish();
  } catch (const StateError& e) {
    refuse(path, std::string("not taken by a study (its study series: ") + e.what() + ")");
  }
  const bool fits = point.series.size() == point.checkpoint.months_done() &&
                    std::all_of(point.series.begin(), point.series.end(),
                                [&](const std::vector<double>& row) { return row.size() == study.series.size(); });
  if (!fits) refuse(path, "taken by a study with other outcomes or records (its series do not fit this study's)");
  return point;
}

// Runs the base scenario on `seed` to the end of the branch month, keeping
// the study's series of each month, and takes the checkpoint there.
BranchPoint compute_branch_point(const LoadedStudy& study, std::uint64_t seed, const std::string& path) {
  BranchPoint point;
  point.path = path;
  RunOptions options;
  options.seed = seed;
  options.checkpoint_at = *study.plan.branch_from;
  options.on_summary = [&](const Simulation& sim, const MonthSummary& summary) {
    point.series.push_back(study.series.empty() ? std::vector<double>{} : series_values(study.series, sim, summary));
    throw_if_interrupted();
  };
  options.take_checkpoint = [&](Checkpoint& c) {
    StateWriter series;
    series(point.series);
    attach_to_checkpoint(c, series.bytes());
    point.checkpoint = std::move(c);
  };
  run(study.base->base(), options);
  return point;
}

std::vector<std::uint64_t> seeds_of(const StudyPlan& plan, const std::vector<std::size_t>& runs) {
  std::set<std::uint64_t> seeds;
  for (const std::size_t run : runs) seeds.insert(plan.run_seed(run));
  return {seeds.begin(), seeds.end()};
}

}  // namespace

fs::path branch_checkpoint_path(const fs::path& dir, std::uint64_t seed, Month month) {
  return dir / "checkpoints" / ("seed-" + std::to_string(seed) + "-" + month.str() + ".pb");
}

StudyBranches prepare_branches(const LoadedStudy& study, const std::optional<fs::path>& dir,
                               const std::vector<std::size_t>& runs, unsigned jobs) {
  StudyBranches branches;
  if (!study.plan.branch_from) return branches;
  const Month month = *study.plan.branch_from;
  const std::vector<std::uint64_t> seeds = seeds_of(study.plan, runs);
  std::vector<std::string> paths;
  std::vector<std::optional<BranchPoint>> points(seeds.size());
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    paths.push_back(dir ? branch_checkpoint_path(*dir, seeds[i], month).string()
                        : "the checkpoint of seed " + std::to_string(seeds[i]) + " at " + month.str());
    // read_checkpoint refuses a damaged one, or one of another program or
    // model, with the study's remedy rather than run --from's.
    if (dir && fs::exists(paths[i])) {
      points[i] =
          check_branch_point(study, seeds[i], read_checkpoint(paths[i], kRemoveCheckpoint), paths[i]);
    }
  }
  std::vector<char> computed(seeds.size(), 0);  // not vector<bool>: written from several threads
  tbb::task_arena arena(static_cast<int>(std::max(1u, jobs)));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, seeds.size(), [&](std::size_t i) {
      if (points[i]) return;
      points[i] = compute_branch_point(study, seeds[i], paths[i]);
      computed[i] = 1;
    });
  });
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (dir && computed[i] != 0) {
      fs::create_directories(fs::path(paths[i]).parent_path());
      write_file_atomically(paths[i], points[i]->checkpoint.SerializeAsString());
    }
    branches.by_seed.emplace(seeds[i], std::move(*points[i]));
  }
  return branches;
}

StudyBranches branches_from_bytes(const LoadedStudy& study, const std::vector<std::string>& paths,
                                  const std::vector<std::string>& bytes) {
  StudyBranches branches;
  for (std::size_t i = 0; i < bytes.size() && i < paths.size(); ++i) {
    Checkpoint c;
    if (!c.ParseFromString(bytes[i])) refuse(paths[i], "not a stackrace checkpoint, or truncated");
    const std::uint64_t seed = c.seed();
    branches.by_seed.emplace(seed, check_branch_point(study, seed, std::move(c), paths[i]));
  }
  return branches;
}

Spec branch_run_spec(const LoadedStudy& study, std::size_t run) {
  const StudyPlan& plan = study.plan;
  const SpecBranch branch{plan.point_overrides(plan.point_of(run)), Month{plan.branch_from->index + 1}};
  return load_spec(study.base_path, {study_sets(study), std::nullopt}, {branch});
}

}  // namespace stackrace
