#include "sim/runner.h"

#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "sim/output_dir.h"
#include "sim/run_writer.h"

#ifndef STACKRACE_VERSION
#define STACKRACE_VERSION "unknown"
#endif

namespace stackrace {

std::string program_version() { return STACKRACE_VERSION; }

RunReport run(const Spec& spec, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // The output directory is claimed before any work, so a bad --out fails fast.
  std::unique_ptr<OutputDir> dir;
  std::unique_ptr<RunWriter> writer;
  if (options.out) {
    dir = std::make_unique<OutputDir>(*options.out, options.overwrite);
    writer = std::make_unique<RunWriter>(*dir);
  }

  Simulation sim(spec, options.seed);
  RunReport report;
  report.adopters = sim.population().size();
  std::vector<int> observed;
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.observed) continue;
    observed.push_back(static_cast<int>(c));
    report.fit_iso3.push_back(country.iso3);
    report.observed_h1.push_back(country.target_h1_share);
    report.observed_h2.push_back(country.target_h2_share);
  }
  auto shares = [&](const MonthSummary& s) {
    std::vector<double> out;
    for (int c : observed) out.push_back(s.countries[c].ai_user_share);
    return out;
  };

  while (!sim.done()) {
    sim.step();
    const MonthSummary summary = summarize(sim);
    const Month m = sim.calendar_month();
    if (writer) writer->record(sim, summary);
    report.months.push_back(m.str());
    report.global_values.push_back(global_values(summary));
    // A config can drive the model out of its domain (a chip price of 0, ...);
    // stop rather than write NaN or infinity as results.
    for (std::size_t j = 0; j < report.global_values.back().size(); ++j)
      if (!std::isfinite(report.global_values.back()[j]))
        throw std::runtime_error(m.str() + ": " + global_column_names()[j] +
                                 " is not finite: the scenario drives the model out of its domain (check the "
                                 "supply-side parameters)");
    if (sim.month() == 1) {
      report.first = summary.global;
      report.first_month = m.str();
    }
    if (m == spec.calibration_h1) {
      report.simulated_h1 = shares(summary);
      report.fit_h1 = fit(report.simulated_h1, report.observed_h1);
    }
    if (m == spec.calibration_h2) {
      report.simulated_h2 = shares(summary);
      report.fit_h2 = fit(report.simulated_h2, report.observed_h2);
      report.calibration = summary.global;
      report.calibration_month = m.str();
    }
    if (sim.done()) {
      report.last = summary.global;
      report.last_month = m.str();
    }
    if (options.on_month) options.on_month(sim.month(), spec.months);
  }
  report.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (writer) {
    RunManifest manifest;
    manifest.set_program_version(program_version());
    manifest.set_config_path(spec.config_path);
    for (const std::string& o : spec.overrides) manifest.add_overrides(o);
    manifest.set_seed(options.seed);
    manifest.set_threads(options.threads);
    manifest.set_adopters(report.adopters);
    manifest.set_wall_time_s(report.wall_time_s);
    *manifest.mutable_resolved_config() = spec.scenario;
    writer->finish(manifest);
    writer.reset();
    dir->commit();
  }
  return report;
}

}  // namespace stackrace
