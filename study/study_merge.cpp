#include "study/study_merge.h"

#include <cmath>
#include <map>

#include "base/errors.h"
#include "sim/output_dir.h"
#include "study/study_outputs.h"
#include "study/study_session.h"
#include "study/study_verify.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

// Same run, same results: everything but the timing.
bool same_result(const StoredRun& a, const StoredRun& b) {
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i])))) return false;
    return true;
  };
  return a.point == b.point && a.replicate == b.replicate && a.seed == b.seed && a.status == b.status &&
         same(a.factors, b.factors) && same(a.outcomes, b.outcomes);
}

// What the shards hold together: the first shard's plan and metadata, and
// for each run the row to keep (an ok one over a failed one) and the shard
// directory it came from.
struct MergedShards {
  std::string fingerprint;
  std::map<std::string, std::string> meta;
  std::string world_digest_dir;  // the first shard with a world digest
  StudyPlan plan;
  std::map<std::int64_t, StoredRun> rows;
  std::map<std::int64_t, std::string> from;
  std::map<std::string, std::string> shard_dirs;  // shard ("1/3") -> the directory that holds it
};

// Adds one shard's runs. A run two shards both finished must agree, or the
// shards were run by different builds and the merge would mix their results.
void take_runs(std::vector<StoredRun> runs, const std::string& dir, MergedShards& merged) {
  for (StoredRun& r : runs) {
    auto it = merged.rows.find(r.run);
    if (it == merged.rows.end() || (!it->second.ok() && r.ok())) {
      merged.from[r.run] = dir;
      merged.rows[r.run] = std::move(r);
    } else if (r.ok() && !same_result(it->second, r)) {
      throw InputError(dir, "run " + std::to_string(r.run) + " differs from the same run in " + merged.from[r.run] +
                                ": the shards were not run by the same stackrace");
    }
  }
}

// Reads one shard into `merged`, verified (study_verify.h) and made by this
// model; the first shard read sets the plan and the fingerprint every later
// one must match (`first_dir` names it in errors).
void read_shard(const fs::path& dir, const fs::path& first_dir, MergedShards& merged) {
  OpenedStudy s = open_study_dir(dir);
  check_model_identity(s.db, "study merge");
  if (merged.fingerprint.empty()) {
    merged.fingerprint = s.db.meta("fingerprint");
    merged.plan = std::move(s.plan);
    merged.meta = program_identity();
    merged.meta.insert({{"fingerprint", merged.fingerprint},
                        {"shard", "0/1"},
                        {"spec_path", s.db.meta("spec_path")},
                        {"base_scenario", s.db.meta("base_scenario")}});
  } else if (s.db.meta("fingerprint") != merged.fingerprint) {
    throw InputError(dir.string(), "holds a study of another spec (fingerprint " + s.db.meta("fingerprint") + ", " +
                                       first_dir.string() + " has " + merged.fingerprint + ")");
  }
  // A shard made before the digest was stored has none, and is not checked.
  const std::string digest = s.db.meta("world_digest");
  std::string& digest_seen = merged.meta["world_digest"];
  if (!digest.empty() && !digest_seen.empty() && digest != digest_seen) {
    throw InputError(dir.string(), "holds a study run on other world data (world digest " + digest + ", " +
                                       merged.world_digest_dir + " has " + digest_seen +
                                       "): the world files changed between the shards, so their runs do not compare");
  }
  if (digest_seen.empty() && !digest.empty()) {
    digest_seen = digest;
    merged.world_digest_dir = dir.string();
  }
  // The same shard twice (a copy of its directory, or a shard run again
  // into another) would count its runs twice.
  const std::string shard = s.db.meta("shard");
  const auto [seen, first] = merged.shard_dirs.insert({shard, dir.string()});
  if (!first) {
    throw InputError("study merge", dir.string() + " holds shard " + shard + ", as " + seen->second +
                                        " does: give each shard's directory once");
  }
  take_runs(std::move(s.runs), dir.string(), merged);
}

// Refuses a directory given twice, however it is spelt ("s0", "./s0/", a link).
void check_distinct(const std::vector<fs::path>& shards) {
  std::map<fs::path, fs::path> given;  // canonical -> as given
  for (const fs::path& dir : shards) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(fs::absolute(dir, ec), ec);
    if (ec) canonical = dir.lexically_normal();
    const auto [seen, first] = given.insert({canonical, dir});
    if (!first) {
      throw InputError("study merge", dir.string() + " is " + seen->second.string() +
                                          ", given twice: give each shard's directory once");
    }
  }
}

// Refuses a merge with any run missing or failed, naming the first missing
// run so that the user knows which shard to finish.
void check_complete(const StudyPlan& plan, const std::map<std::int64_t, StoredRun>& rows) {
  std::size_t missing = 0, failed = 0;
  std::string first_missing;
  for (std::size_t run = 0; run < plan.run_count(); ++run) {
    auto it = rows.find(static_cast<std::int64_t>(run));
    if (it == rows.end()) {
      if (missing++ == 0) first_missing = std::to_string(run);
    } else if (!it->second.ok()) {
      ++failed;
    }
  }
  if (missing > 0 || failed > 0) {
    throw InputError("study merge", std::to_string(missing) + " runs missing (first: run " +
                                        (first_missing.empty() ? "-" : first_missing) + ") and " +
                                        std::to_string(failed) + " failed of " + std::to_string(plan.run_count()) +
                                        ": finish every shard (--resume) and give all their directories");
  }
}

// What `study merge` writes (it takes no --overwrite).
const OutputLayout kMergedStudy{"study merge", {}, nullptr, false};

// Writes the merged database and outputs in a staging directory and renames
// it into place: OUT appears whole or not at all, and never in place of a
// symbolic link or of a directory that appeared meanwhile (OutputDir).
void write_merged(const fs::path& out, const MergedShards& merged) {
  // OUT's parent folders are made, as `study --out` makes them
  // (`study merge out/levers shards/*` with no out/ yet).
  std::error_code ec;
  const fs::path parent = fs::absolute(out).lexically_normal().parent_path();
  if (!fs::is_symlink(fs::symlink_status(fs::absolute(out), ec))) fs::create_directories(parent, ec);
  OutputDir dir(out, false, kMergedStudy, "OUT");
  std::vector<StoredRun> runs;
  {
    StudyDb db = StudyDb::create(dir.staging() / "study.sqlite", merged.plan, merged.meta);
    for (const auto& [run, row] : merged.rows) runs.push_back(row);
    db.record_all(merged.plan, runs);
    runs = db.runs(merged.plan);
  }
  write_study_outputs(dir.staging(), merged.plan, runs, true);
  dir.commit();
}

}  // namespace

void merge_studies(const fs::path& out, const std::vector<fs::path>& shards) {
  if (shards.empty()) throw InputError("study merge", "no shard directory given");
  if (fs::exists(out) && (!fs::is_directory(out) || !fs::is_empty(out)))
    throw InputError(out.string(), "exists and is not empty: choose another OUT for the merged study");
  check_distinct(shards);
  MergedShards merged;
  for (const fs::path& dir : shards) read_shard(dir, shards.front(), merged);
  check_complete(merged.plan, merged.rows);
  write_merged(out, merged);
}

}  // namespace stackrace
