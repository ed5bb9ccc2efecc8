#include "study/study_verify.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "base/errors.h"
#include "sim/model_identity.h"
#include "sim/runner.h"
#include "study/study_lock.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The stored factor values against the design point's: compared exactly, as
// the database stores the doubles the runs used.
std::string factor_mismatch(const StudyPlan& plan, std::size_t point, const StoredRun& row) {
  if (row.factors.size() != plan.factors.size()) return "the row has another number of factors";
  // Equal to a few units in the last place: a Morris level once reached
  // by adding and subtracting delta was stored as 0.33333333333333337 where
  // the plan now gives 1/3; such a row is the same design point.
  constexpr double kSamePoint = 1e-12;
  for (std::size_t f = 0; f < plan.factors.size(); ++f) {
    const double stored = row.factors[f], planned = plan.points[point][f];
    if (!(std::abs(stored - planned) <= kSamePoint * std::max(1.0, std::abs(planned)))) {
      return plan.factors[f].name + " is " + number(row.factors[f]) + ", the plan gives " +
             number(plan.points[point][f]);
    }
  }
  return "";
}

}  // namespace

std::map<std::string, std::string> program_identity() {
  return {{"program_version", program_version()}, {"source_commit", source_commit()}, {"model_hash", kModelHash}};
}

std::string row_mismatch(const StudyPlan& plan, const Shard& shard, const StoredRun& row) {
  if (row.run < 0 || static_cast<std::size_t>(row.run) >= plan.run_count())
    return "the plan has runs 0.." + std::to_string(plan.run_count() - 1) + " only";
  const auto run = static_cast<std::size_t>(row.run);
  if (!shard.contains(run)) return "it belongs to another shard than " + shard.str();
  const auto point = static_cast<std::int64_t>(plan.point_of(run));
  if (row.point != point) return "point is " + std::to_string(row.point) + ", the plan gives " + std::to_string(point);
  if (row.replicate != plan.replicate_of(run)) {
    return "replicate is " + std::to_string(row.replicate) + ", the plan gives " +
           std::to_string(plan.replicate_of(run));
  }
  const auto seed = static_cast<std::int64_t>(plan.run_seed(run));
  if (row.seed != seed) {
    return "seed is " + std::to_string(static_cast<std::uint64_t>(row.seed)) + ", the plan gives " +
           std::to_string(plan.run_seed(run));
  }
  if (row.status.empty()) return "it has no status";
  return factor_mismatch(plan, plan.point_of(run), row);
}

void check_model_identity(const StudyDb& db, const std::string& action) {
  const std::string version = db.meta("program_version"), hash = db.meta("model_hash");
  if (version == program_version() && hash == kModelHash) return;
  auto shown = [](const std::string& v) { return v.empty() ? std::string("(not recorded)") : v; };
  throw InputError(db.file().string(), action + ": made by stackrace " + shown(version) + " with model hash " +
                                           shown(hash) + ", this is stackrace " + program_version() +
                                           " with model hash " + kModelHash +
                                           ": its results would mix with another model's; run it with the stackrace "
                                           "that made it, or start the study in another --out directory");
}

void verify_rows(const StudyDb& db, const StudyPlan& plan, const Shard& shard, const std::vector<StoredRun>& rows) {
  const std::string check = db.quick_check();
  if (!check.empty()) {
    throw InputError(db.file().string(),
                     "fails SQLite's quick_check (" + check + "): " + repair_hint(db.file().parent_path()));
  }
  std::size_t bad = 0;
  std::string first;
  std::set<std::int64_t> seen;
  for (const StoredRun& row : rows) {
    std::string problem = row_mismatch(plan, shard, row);
    if (problem.empty() && !seen.insert(row.run).second) problem = "it is stored twice";
    if (problem.empty()) continue;
    if (bad++ == 0) first = "run " + std::to_string(row.run) + ": " + problem;
  }
  if (bad > 0) {
    throw InputError(db.file().string(), std::to_string(bad) + " stored row" + (bad == 1 ? " does" : "s do") +
                                             " not match the study's plan (first: " + first +
                                             "): " + repair_hint(db.file().parent_path()));
  }
}

namespace {

// What repair reads: the metadata, the plan and shard it gives, and the rows
// (one by one when the file fails quick_check).
struct ReadForRepair {
  std::map<std::string, std::string> meta;
  StudyPlan plan;
  Shard shard;
  std::vector<StoredRun> rows;
  std::size_t unreadable = 0;
  bool sound = true;
};

// Every row when the table can be read through (also rows past the plan,
// which are then counted as dropped), else the plan's runs one by one.
std::vector<StoredRun> rows_for_repair(const StudyDb& db, const StudyPlan& plan, bool sound, std::size_t& unreadable) {
  try {
    return db.runs(plan);
  } catch (const InputError&) {
    if (sound) throw;
  }
  return db.readable_runs(plan, unreadable);
}

ReadForRepair read_for_repair(const fs::path& file) {
  ReadForRepair in;
  try {
    StudyDb db = StudyDb::open(file, DbAccess::kRead);
    in.sound = db.quick_check().empty();
    in.meta = db.all_meta();
    in.plan = plan_from_text(in.meta["spec_text"], file.string() + " (stored spec)");
    in.shard = parse_shard(in.meta["shard"]);
    in.rows = rows_for_repair(db, in.plan, in.sound, in.unreadable);
  } catch (const InputError& e) {
    // What SQLite said, without the location and hint (which point here).
    const std::string reason = e.message().substr(0, e.message().find("; the file is damaged"));
    throw InputError(file.string(), "cannot be repaired, it cannot be read (" + reason +
                                        "): start the study in another --out directory");
  }
  return in;
}

}  // namespace

RepairResult repair_study(const fs::path& dir) {
  const fs::path file = dir / "study.sqlite";
  // Never under a running study: it writes the file this replaces.
  StudyLock lock;
  if (fs::is_directory(dir)) lock.acquire(dir, "study repair");
  ReadForRepair in = read_for_repair(file);
  RepairResult result;
  result.unreadable = in.unreadable;
  std::vector<StoredRun> kept;
  std::set<std::int64_t> seen;
  for (StoredRun& row : in.rows) {
    if (row_mismatch(in.plan, in.shard, row).empty() && seen.insert(row.run).second) {
      kept.push_back(std::move(row));
    } else {
      ++result.dropped;
    }
  }
  result.kept = kept.size();
  for (std::size_t run = 0; run < in.plan.run_count(); ++run) result.planned += in.shard.contains(run) ? 1 : 0;
  if (in.sound && result.dropped == 0) return result;
  // A new file with the rows kept, renamed over the old one: the repair is
  // whole or not at all, and a damaged file's pages are left behind.
  const fs::path temp = dir / (".study.sqlite.repair-" + std::to_string(::getpid()));
  fs::remove(temp);
  {
    StudyDb out = StudyDb::create(temp, in.plan, in.meta);
    out.record_all(in.plan, kept);
  }
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(file.string() + suffix);
  fs::rename(temp, file);
  result.rewritten = true;
  return result;
}

}  // namespace stackrace
