#include "cli/calibrate_command.h"

#include "cli/help.h"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <system_error>

#include <unistd.h>

#include "base/atomic_file.h"
#include "base/config_kind.h"
#include "base/errors.h"
#include "base/interrupt.h"
#include "cli/command_line.h"
#include "cli/progress.h"
#include "cli/validate_command.h"
#include "sim/scenario_files.h"
#include "sim/validation.h"
#include "study/adoption_calibration.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace stackrace {

namespace {

// The plan; a scenario, study spec or other config given instead is named as such.
CalibrationPlan load_plan(const std::string& path) {
  try {
    return load_calibration_plan(path);
  } catch (const InputError&) {
    cli::rethrow_with_kind_hint(path, ConfigKind::kCalibrationPlan);
  }
}

// The run's --set assignments, then a calibrated set's: an out-of-sample line
// calibrates its parameters on part of the data, so a --set of one of them
// must not replace what that calibration found (the other --set still apply).
std::vector<std::string> with(std::vector<std::string> sets, const ParameterSet& p) {
  sets.insert(sets.end(), p.set().begin(), p.set().end());
  return sets;
}

std::string resolve_posterior(const Spec& spec, const std::string& given) {
  if (!given.empty()) return given;
  if (spec.scenario.adoption_posterior().empty()) return "";
  return (fs::path(spec.config_path).parent_path() / spec.scenario.adoption_posterior()).lexically_normal().string();
}

// Where the scenario names its adoption_posterior: its file:line:column, or
// the --set that gave it. Assembled again, as only an error needs it.
std::string where_posterior_is_named(const Spec& spec) {
  const AssembledScenario assembled = assemble_scenario(spec.config_path, spec.overrides, std::nullopt);
  return assembled.locator()("adoption_posterior");
}

// A hidden name beside `path` for this process.
fs::path staged_name(const std::string& path) {
  const fs::path p(path);
  std::string name = ".";  // appended piece by piece: GCC 12 misreads "." + string as an overlapping copy
  name += p.filename().string();
  name += ".staged-";
  name += std::to_string(::getpid());
  return p.parent_path() / name;
}

// One file however it is spelt (./p, p, a link to it), whether or not it exists yet.
fs::path canonical_name(const std::string& path) {
  std::error_code ec;
  const fs::path name = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? fs::absolute(path).lexically_normal() : name;
}

// Before any work: each output's folder exists and is writable, the outputs are two files,
// neither is the plan, and neither replaces a file without --overwrite (a
// calibration takes minutes, and its plan or a scenario is easily named by
// mistake).
void check_outputs(const std::string& plan_path, const std::string& out, const std::string& summary, bool overwrite) {
  for (const auto& [option, path] : {std::pair<std::string, std::string>{"--out", out}, {"--summary", summary}}) {
    if (path.empty()) continue;
    if (fs::exists(path) && canonical_name(path) == canonical_name(plan_path))
      throw InputError(option + " " + path, "is the plan itself: write the posterior to another file");
    // Before the minute of work, not after it: an unwritable directory too.
    check_output_file(option, path, overwrite);
  }
  if (!summary.empty() && canonical_name(summary) == canonical_name(out))
    throw InputError("--summary " + summary, "is the --out file too: give the table a file of its own");
}

}  // namespace

int calibrate_main(int argc, char** argv) {
  std::string plan_path, out, summary;
  unsigned threads = 0;
  bool quiet = false, overwrite = false;
  po::options_description opts;
  opts.add_options()("plan", po::value(&plan_path))("out", po::value(&out))("summary", po::value(&summary))(
      "threads", po::value<std::string>())("quiet", po::bool_switch(&quiet))("overwrite", po::bool_switch(&overwrite));
  po::positional_options_description pos;
  pos.add("plan", 1);
  const po::variables_map vm = parse_command_line(argc, argv, opts, pos, cli::command_help("calibrate"));
  if (vm.count("threads")) threads = threads_option(vm);
  if (plan_path.empty())
    throw InputError("command line", std::string("missing PLAN\n") + cli::command_help("calibrate"));
  if (out.empty())
    throw InputError("command line", std::string("calibrate needs --out FILE\n") + cli::command_help("calibrate"));
  const CalibrationPlan plan = load_plan(plan_path);
  check_outputs(plan_path, out, summary, overwrite);
  const unsigned n = threads ? threads : static_cast<unsigned>(tbb::info::default_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, n);
  tbb::task_arena arena(static_cast<int>(n));
  ProgressBar bar("parameter sets", !quiet && stderr_is_terminal());
  AdoptionPosterior posterior;
  arena.execute([&] {
    posterior = calibrate_adoption(plan, plan_path, [&](int done, int total) {
      bar.update(done, total);
      throw_if_interrupted();
    });
  });
  bar.finish();
  // Both or neither: the table is written whole under a hidden name beside
  // its place, the posterior is written, and only then is the table renamed
  // into place (an earlier table stays as it was if the posterior fails).
  std::error_code ec;
  const fs::path staged = summary.empty() ? fs::path() : staged_name(summary);
  if (!summary.empty()) write_file_atomically(staged, posterior_markdown(plan, posterior));
  try {
    write_file_atomically(out, posterior_text(posterior));
    if (!summary.empty()) move_into_place(staged, summary);
  } catch (...) {
    if (!summary.empty()) fs::remove(staged, ec);
    throw;
  }
  if (!quiet) {
    std::printf("accepted %d of %u parameter sets; closest: distance %.2f pp (MAE %.2f pp)\n", posterior.sample_size(),
                plan.samples(), posterior.sample(0).distance_pp(), posterior.sample(0).mae_pp());
    // Fewer plausible sets than the plan keeps: the posterior is thinner
    // than asked for.
    if (static_cast<std::uint32_t>(posterior.sample_size()) < plan.keep()) {
      std::printf(
          "note: only %d of the draws were plausible, fewer than keep: %u; draw more (samples) for a fuller "
          "posterior\n",
          posterior.sample_size(), plan.keep());
    }
    std::printf("medians of the accepted sets (make calibrate writes them into the baseline scenario):\n");
    for (const std::string& s : posterior.median().set()) std::printf("  %s\n", s.c_str());
    std::printf("written to %s\n", out.c_str());
  }
  return 0;
}

std::optional<AdoptionPosterior> load_fit_posterior(const Spec& spec, const std::string& posterior_path) {
  const std::string path = resolve_posterior(spec, posterior_path);
  if (path.empty()) return std::nullopt;
  try {
    AdoptionPosterior posterior = load_adoption_posterior(path);
    const std::string warning = stale_posterior_warning(posterior, path, spec.world.digest);
    if (!warning.empty()) std::cerr << warning << "\n";
    return posterior;
  } catch (const InputError& e) {
    // Errors inside the file are located there (or, for a file of another
    // kind, say what it is); one with the file as a whole (missing, a
    // directory, empty) says which scenario line or option named it.
    if (e.where() != path) cli::rethrow_with_kind_hint(path, ConfigKind::kPosterior);
    if (!posterior_path.empty()) throw InputError("--posterior", e.what());
    throw InputError(where_posterior_is_named(spec),
                     "adoption_posterior = \"" + spec.scenario.adoption_posterior() + "\": " + e.what());
  }
}

void print_out_of_sample(const Spec& spec, const std::optional<AdoptionPosterior>& loaded,
                         const std::vector<std::string>& sets, std::uint64_t seed, std::ostream& out) {
  if (!loaded) {
    out << "# out-of-sample: no adoption_posterior in the scenario and no --posterior\n";
    return;
  }
  const AdoptionPosterior& posterior = *loaded;
  const std::uint64_t adopters = spec.scenario.population().adopters();
  char buf[160];
  // Calibrated on H1 alone: without such a set the scenario's own (fitted on
  // both halves) would pass for out-of-sample.
  if (posterior.h1_sample_size() == 0) {
    out << "# out-of-sample H1 -> H2 2025: the posterior has no h1_sample\n";
  } else {
    const Evaluation h2 =
        evaluate_adoption(spec.config_path, with(sets, posterior.h1_sample(0)), adopters, seed, Scored::kAll);
    std::snprintf(buf, sizeof buf, "# out-of-sample H1 -> H2 2025: MAE %.2f pp (persistence %.2f pp)\n",
                  h2.distance.mae_pp, persistence_mae_pp(h2.data.h1, h2.data.observed));
    out << (h2.data.observed.empty() ? "# out-of-sample H1 -> H2 2025: no observed economies to score\n" : buf);
  }
  if (posterior.holdout_sample_size() == 0) {
    out << "# out-of-sample countries: the posterior has no holdout_sample\n";
    return;
  }
  const std::vector<bool> split = holdout_split(spec.world);
  const PatternData train = observed_side(spec.world, split, false), test = observed_side(spec.world, split, true);
  // A line through the calibration side's points needs more than two of
  // them, and the held-out side at least one economy to score.
  constexpr std::size_t kFewestToFit = 3;
  if (train.observed.size() < kFewestToFit || test.observed.empty()) {
    std::snprintf(buf, sizeof buf,
                  "# out-of-sample countries: too few observed economies (%zu to calibrate on, %zu held out)\n",
                  train.observed.size(), test.observed.size());
    out << buf;
    return;
  }
  const Evaluation held =
      evaluate_adoption(spec.config_path, with(sets, posterior.holdout_sample(0)), adopters, seed, Scored::kHeldOut);
  const double regression = income_regression_mae_pp(train, test);
  std::snprintf(buf, sizeof buf,
                "# out-of-sample countries (a fixed third held out): MAE %.2f pp (income regression %.2f pp)\n",
                held.distance.mae_pp, regression);
  out << buf;
}

}  // namespace stackrace
