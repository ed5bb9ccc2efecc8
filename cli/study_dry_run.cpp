#include "cli/study_dry_run.h"

#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "base/text_escape.h"
#include "study/run_executor.h"
#include "study/study_branches.h"

namespace stackrace::cli {
namespace {

constexpr double kMinute = 60, kHour = 3600;

// "0.4 s", "12 s", "9 min", "2 h 05 min".
std::string duration_text(double seconds) {
  char buf[48];
  if (seconds < 10) {
    std::snprintf(buf, sizeof buf, "%.2g s", seconds);
  } else if (seconds < 1.5 * kMinute) {
    std::snprintf(buf, sizeof buf, "%.0f s", seconds);
  } else if (seconds < 1.5 * kHour) {
    std::snprintf(buf, sizeof buf, "%.0f min", seconds / kMinute);
  } else {
    const long minutes = std::lround(seconds / kMinute);
    std::snprintf(buf, sizeof buf, "%ld h %02ld min", minutes / 60, minutes % 60);
  }
  return buf;
}

}  // namespace

int dry_run(const LoadedStudy& study, Shard shard, unsigned jobs, std::ostream& out) {
  const StudyPlan& plan = study.plan;
  std::size_t in_scope = 0, first = plan.run_count();
  for (std::size_t run = 0; run < plan.run_count(); ++run) {
    if (!shard.contains(run)) continue;
    ++in_scope;
    if (first == plan.run_count()) first = run;
  }
  out << "study " << plan.spec.name() << ": " << counted(static_cast<long long>(plan.run_count()), "run") << " ("
      << plan.point_count() << " design points x " << counted(plan.replicates, "replicate") << ") of "
      << study.base_path << "; checked, nothing run or written (--dry-run)\n";
  std::string sets;
  for (const std::string& s : plan.spec.set()) sets += (sets.empty() ? "" : ", ") + s;
  if (!sets.empty()) out << "  set: " << sets << "\n";
  if (shard.count > 1) out << "  shard " << shard.str() << ": " << in_scope << " of the runs\n";
  if (in_scope == 0) return 0;

  // One run as the study would run it side by side: on one thread, loading its scenario included.
  // With branch_from, the measured run continues from its seed's common past, computed first (not kept).
  LoadedStudy measured = study;
  const auto past_start = std::chrono::steady_clock::now();
  measured.branches = std::make_shared<const StudyBranches>(prepare_branches(study, std::nullopt, {first}, 1));
  const double past_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - past_start).count();
  const auto start = std::chrono::steady_clock::now();
  RunResult result;
  tbb::task_arena single(1);
  single.execute([&] { result = execute_run(measured, first); });
  const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (result.status != "ok") {
    out << "  no estimate: the measured run " << first << " failed: " << result.status << "\n";
    return 1;
  }
  std::set<std::uint64_t> seeds;
  for (std::size_t run = 0; run < plan.run_count(); ++run)
    if (plan.branch_from && shard.contains(run)) seeds.insert(plan.run_seed(run));
  const double total_s =
      (static_cast<double>(in_scope) * run_s + static_cast<double>(seeds.size()) * past_s) / jobs;
  char how[512];
  std::snprintf(how, sizeof how,
                "  how: run %zu (design point %zu, replicate %d) took %.3g s here on one thread, loading its scenario "
                "included; %zu runs x %.3g s / %u jobs. Runs at other design points can be faster or slower, and "
                "jobs that share memory bandwidth or a busy machine take longer.\n",
                first, plan.point_of(first), plan.replicate_of(first), run_s, in_scope, run_s, jobs);
  if (!seeds.empty()) {
    char past[512];
    std::snprintf(past, sizeof past,
                  "  branch_from %s: the months up to it took %.3g s once for seed %llu; %zu seeds x %.3g s / %u "
                  "jobs more (those already in DIR/checkpoints/ are not run again)\n",
                  plan.branch_from->str().c_str(), past_s,
                  static_cast<unsigned long long>(plan.run_seed(first)), seeds.size(), past_s, jobs);
    out << past;
  }
  out << "  estimated time: about " << duration_text(total_s) << " with " << counted(jobs, "job") << "\n" << how;
  return 0;
}

}  // namespace stackrace::cli
