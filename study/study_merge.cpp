#include "study/study_merge.h"

#include <unistd.h>

#include <cmath>
#include <map>

#include "base/errors.h"
#include "study/study_outputs.h"
#include "study/study_session.h"

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

}  // namespace

void merge_studies(const fs::path& out, const std::vector<fs::path>& shards) {
  if (shards.empty()) throw InputError("study merge", "no shard directory given");
  if (fs::exists(out) && (!fs::is_directory(out) || !fs::is_empty(out)))
    throw InputError(out.string(), "exists and is not empty: choose another OUT for the merged study");

  std::string fingerprint;
  std::map<std::string, std::string> meta;
  StudyPlan plan;
  std::map<std::int64_t, StoredRun> rows;
  std::map<std::int64_t, std::string> from;
  for (const fs::path& dir : shards) {
    OpenedStudy s = open_study_dir(dir, false);  // read-write: see study_report.cpp
    if (fingerprint.empty()) {
      fingerprint = s.db.meta("fingerprint");
      plan = std::move(s.plan);
      meta = {{"fingerprint", fingerprint},
              {"shard", "0/1"},
              {"program_version", s.db.meta("program_version")},
              {"spec_path", s.db.meta("spec_path")},
              {"base_scenario", s.db.meta("base_scenario")}};
    } else if (s.db.meta("fingerprint") != fingerprint) {
      throw InputError(dir.string(), "holds a study of another spec (fingerprint " + s.db.meta("fingerprint") + ", " +
                                         shards.front().string() + " has " + fingerprint + ")");
    }
    for (StoredRun& r : s.db.runs(plan)) {
      auto it = rows.find(r.run);
      if (it == rows.end() || (!it->second.ok() && r.ok())) {
        from[r.run] = dir.string();
        rows[r.run] = std::move(r);
      } else if (r.ok() && !same_result(it->second, r)) {
        throw InputError(dir.string(), "run " + std::to_string(r.run) + " differs from the same run in " + from[r.run] +
                                           ": the shards were not run by the same stackrace");
      }
    }
  }
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
  if (missing > 0 || failed > 0)
    throw InputError("study merge", std::to_string(missing) + " runs missing (first: run " +
                                        (first_missing.empty() ? "-" : first_missing) + ") and " +
                                        std::to_string(failed) + " failed of " + std::to_string(plan.run_count()) +
                                        ": finish every shard (--resume) and give all their directories");

  // Built in a hidden sibling and renamed into place: OUT appears whole or not at all.
  const fs::path target = fs::absolute(out).lexically_normal();
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "." + string + ...
  std::string hidden = ".";
  hidden += target.filename().string();
  hidden += ".partial-";
  hidden += std::to_string(::getpid());
  const fs::path staging = target.parent_path() / hidden;
  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    std::vector<StoredRun> merged;
    {
      StudyDb db = StudyDb::create(staging / "study.sqlite", plan, meta);
      for (const auto& [run, row] : rows) db.record(plan, row);
      merged = db.runs(plan);
    }
    write_study_outputs(staging, plan, merged, true);
    if (fs::exists(target)) fs::remove(target);  // empty, checked above
    fs::rename(staging, target);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
}

}  // namespace stackrace
