#pragma once
// Loading a study spec and validating it against its base scenario, before
// any run starts: every factor path and value, every fixed `set`, every
// outcome month, and (check_points) every design point as a whole scenario.

#include <memory>
#include <string>
#include <vector>

#include "base/months.h"
#include "sim/spec.h"
#include "study/country_series.h"
#include "study/study_plan.h"

namespace stackrace {

struct StudyBranches;  // study/study_branches.h

struct LoadedStudy {
  std::string spec_path;
  std::string base_path;  // base_scenario resolved against the study file's directory
  StudyPlan plan;
  // The base scenario with the study's fixed `set`s, loaded once: each design
  // point is checked against it without reading the files again.
  std::shared_ptr<const SpecVariants> base;
  // plan.series resolved against the base scenario's world.
  std::vector<ResolvedSeries> series;
  // A hash of the spec's canonical text and of the resolved base scenario:
  // a --resume or a merge is refused when it differs.
  std::string fingerprint;
  // A hash of the base scenario's world files (world_data, world_config,
  // observed_adoption) as parsed, stored beside the fingerprint: a --resume
  // or a merge is refused when they changed since the study started.
  std::string world_digest;
  Month base_start, base_end;
  // With branch_from: the checkpoints the runs continue from, one per seed
  // (prepare_branches, study/study_branches.h); set before the runs start.
  std::shared_ptr<const StudyBranches> branches;
};

// Throws InputError located in the study file (file:line:column), or naming
// the --set. `sets` (the command line's --set) apply after the study's own
// `set`s and become part of the plan, so that a report, a merge and --resume
// see them; one may not fix a field that a factor varies.
LoadedStudy load_study(const std::string& spec_path, const std::vector<std::string>& sets = {});

// Checks the scenario of every design point (the base with the point's
// factor values, as load_spec would load it for the run), `threads` at a
// time, to catch what only the whole scenario can tell (constraints between
// fields). Reads no file. Throws InputError naming the first bad points in
// point order, so the message does not depend on the thread count.
void check_points(const LoadedStudy& study, unsigned threads);

// 64-bit FNV-1a of `text`, as 16 hex digits.
std::string fingerprint_of(const std::string& text);
// A 64-bit digest (a world's World::digest, a fingerprint) as 16 hex digits.
std::string hex_digest(std::uint64_t digest);

}  // namespace stackrace
