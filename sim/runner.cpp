#include "sim/runner.h"

#include <tbb/task_group.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/errors.h"
#include "sim/checkpoint.h"
#include "sim/model_identity.h"
#include "sim/output_dir.h"
#include "sim/run_writer.h"

#ifndef STACKRACE_VERSION
#define STACKRACE_VERSION "unknown"
#endif

namespace stackrace {

std::string program_version() { return STACKRACE_VERSION; }

std::string source_commit() { return STACKRACE_SOURCE_COMMIT; }

const OutputLayout& run_output_layout() {
  static const OutputLayout layout{
      "a run",
      {"countries.csv", "global.csv", "events.csv", "trajectory.pb", "manifest.textproto", checkpoint_file_name_pattern()},
      nullptr};
  return layout;
}

namespace {

// A run's output directory and the writer into it; both empty without --out.
struct RunOutputs {
  std::unique_ptr<OutputDir> dir;
  std::unique_ptr<RunWriter> writer;  // writes into dir, so declared after it: destroyed first
};

// Claims the output directory before any work, so that a bad --out fails fast.
RunOutputs claim_outputs(const Spec& spec, const RunOptions& options) {
  RunOutputs outputs;
  if (options.out) {
    // What the run reads may not be deleted with the run it replaces.
    std::vector<OutputInput> inputs;
    if (!spec.config_path.empty()) inputs.push_back({"the scenario", spec.config_path});
    if (options.from) inputs.push_back({"--from", options.from_path});
    outputs.dir = std::make_unique<OutputDir>(*options.out, options.overwrite, run_output_layout(), "--out", inputs);
    outputs.writer = std::make_unique<RunWriter>(*outputs.dir);
  }
  return outputs;
}

// World indices of the economies with observed 2025 shares; their codes and
// targets go into the report.
std::vector<int> observed_economies(const Spec& spec, RunReport& report) {
  std::vector<int> observed;
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.observed) continue;
    observed.push_back(static_cast<int>(c));
    report.fit_iso3.push_back(country.iso3);
    report.observed_h1.push_back(country.target_h1_share);
    report.observed_h2.push_back(country.target_h2_share);
  }
  return observed;
}

// A config can drive the model out of its domain (a chip price of 0, ...);
// stop rather than write NaN or infinity as results.
void check_finite(const Month& m, const std::vector<double>& global_row) {
  for (std::size_t j = 0; j < global_row.size(); ++j) {
    if (!std::isfinite(global_row[j])) {
      throw std::runtime_error(m.str() + ": " + global_column_names()[j] +
                               " is not finite: the scenario drives the model out of its domain (check the "
                               "supply-side parameters)");
    }
  }
}

// Simulated AI user shares of the observed economies.
std::vector<double> observed_shares(const MonthSummary& s, const std::vector<int>& observed) {
  std::vector<double> out;
  out.reserve(observed.size());
  for (int c : observed) out.push_back(s.countries[c].ai_user_share);
  return out;
}

// At the two calibration months: the simulated shares and their fit to the
// observations, and at the second the world row as well.
void capture_calibration(const Spec& spec, const Month& m, const MonthSummary& summary,
                         const std::vector<int>& observed, RunReport& report) {
  if (m == spec.calibration_h1) {
    report.simulated_h1 = observed_shares(summary, observed);
    report.fit_h1 = fit(report.simulated_h1, report.observed_h1);
  }
  if (m == spec.calibration_h2) {
    report.simulated_h2 = observed_shares(summary, observed);
    report.fit_h2 = fit(report.simulated_h2, report.observed_h2);
    report.calibration = summary.global;
    report.calibration_month = m.str();
  }
}

// OUT/checkpoint-MONTH.pb, in the staging directory with the other outputs.
void write_checkpoint(const Spec& spec, const RunOptions& options, const Simulation& sim, const RunReport& report,
                      RunOutputs& outputs) {
  const Checkpoint c = make_checkpoint(spec, options.seed, sim, report, outputs.writer->contents());
  const std::string name = checkpoint_file_name(sim.calendar_month());
  errno = 0;
  std::ofstream out(outputs.dir->file(name), std::ios::binary);
  c.SerializeToOstream(&out);
  out.close();
  if (!out) outputs.dir->fail_write(name, errno);
}

// Steps the simulation to its end: each month is written (when there are
// outputs), checked and recorded in the report.
void run_months(const Spec& spec, const RunOptions& options, const std::vector<int>& observed, Simulation& sim,
                RunOutputs& outputs, RunReport& report) {
  RunWriter* writer = outputs.writer.get();
  while (!sim.done()) {
    sim.step();
    const MonthSummary summary = summarize(sim);
    const Month m = sim.calendar_month();
    if (writer) writer->record(sim, summary);
    report.months.push_back(m.str());
    report.global_values.push_back(global_values(summary));
    check_finite(m, report.global_values.back());
    if (sim.month() == 1) {
      report.first = summary.global;
      report.first_month = m.str();
    }
    capture_calibration(spec, m, summary, observed, report);
    if (sim.done()) {
      report.last = summary.global;
      report.last_month = m.str();
    }
    if (options.on_summary) options.on_summary(sim, summary);
    if (options.take_checkpoint && options.checkpoint_at == m) {
      Checkpoint c = make_checkpoint(spec, options.seed, sim, report,
                                     writer ? writer->contents() : std::array<std::string, 4>{});
      options.take_checkpoint(c);
      return;
    }
    if (writer && options.checkpoint_at == m) write_checkpoint(spec, options, sim, report, outputs);
    if (options.on_month) options.on_month(sim.month(), spec.months);
  }
}

// Writes the manifest (how the outputs were made), then moves the finished
// outputs into place.
void write_manifest_and_commit(const Spec& spec, const RunOptions& options, const RunReport& report,
                               RunOutputs& outputs) {
  RunManifest manifest;
  manifest.set_program_version(program_version());
  manifest.set_source_commit(source_commit());
  manifest.set_model_hash(kModelHash);
  manifest.set_config_path(spec.config_path);
  for (const std::string& o : spec.overrides) manifest.add_overrides(o);
  manifest.set_seed(options.seed);
  manifest.set_threads(options.threads);
  manifest.set_adopters(report.adopters);
  manifest.set_wall_time_s(report.wall_time_s);
  *manifest.mutable_resolved_config() = spec.scenario;
  // The seed the run used (--seed, or the checkpoint's), so that the resolved
  // config alone reruns it.
  manifest.mutable_resolved_config()->set_seed(options.seed);
  if (options.from) manifest.set_from_checkpoint(options.from_path);
  for (const SpecBranch& b : spec.branches) {
    Branch& branch = *manifest.add_branches();
    branch.set_month(b.month.str());
    for (const std::string& s : b.sets) branch.add_sets(s);
  }
  for (const Country& c : spec.world.countries)
    if (c.inhabited() && c.labour_filled) manifest.add_labour_filled_iso3(c.iso3);
  outputs.writer->finish(manifest);
  outputs.writer.reset();
  outputs.dir->commit();
}

}  // namespace

namespace {

RunReport run_here(const Spec& spec, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.checkpoint_at && (*options.checkpoint_at < spec.start || spec.end < *options.checkpoint_at)) {
    throw InputError("--checkpoint-at", options.checkpoint_at->str() + " is outside the run's horizon " +
                                            spec.start.str() + " to " + spec.end.str());
  }
  if (options.from && options.out && !options.from->attachment().empty()) {
    throw InputError(options.from_path, "taken by a study (branch_from): it holds no output files, and continues "
                                        "only the study's runs; take one with `run --checkpoint-at`");
  }
  RunOutputs outputs = claim_outputs(spec, options);
  Simulation sim(spec, options.seed);
  RunReport report;
  report.adopters = sim.population().size();
  report.start = sim.start();
  const std::vector<int> observed = observed_economies(spec, report);
  if (options.from) {
    const auto recorded = restore_checkpoint(*options.from, options.from_path, sim, report);
    if (outputs.writer) outputs.writer->resume(recorded);
  }
  run_months(spec, options, observed, sim, outputs, report);
  report.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (outputs.writer) write_manifest_and_commit(spec, options, report, outputs);
  return report;
}

}  // namespace

// The run's parallel loops belong to a task group context of their own. A
// caller that runs several runs in parallel (compare, studies, a study's
// branch points) cancels the others when one throws (an interrupt); were the
// runs' loops bound to the caller's context, the cancellation would reach
// them, and a cancelled loop returns as if done: the others would go on from
// a month half computed. Now each run goes on to its own next check for an
// interrupt, or to its end.
RunReport run(const Spec& spec, const RunOptions& options) {
  tbb::task_group_context own(tbb::task_group_context::isolated);
  tbb::task_group group(own);
  RunReport report;
  group.run_and_wait([&] { report = run_here(spec, options); });  // rethrows what the run throws
  return report;
}

}  // namespace stackrace
