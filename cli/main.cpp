// stackrace command line: run, validate, describe, fit, calibrate, compare, study, view, render, plot.
// Exit codes: 0 success, 2 bad input (config, data, command line), 1 anything
// else; stopped by SIGINT or SIGTERM: the process ends by that signal after
// removing what it had not finished (exit status 130 or 143).

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "base/interrupt.h"
#include "base/months.h"
#include "cli/calibrate_command.h"
#include "cli/command_line.h"
#include "cli/compare_command.h"
#include "cli/describe.h"
#include "cli/help.h"
#include "cli/plot_command.h"
#include "cli/progress.h"
#include "cli/study_command.h"
#include "cli/validate_command.h"
#include "cli/view_command.h"
#include "sim/checkpoint.h"
#include "sim/metrics.h"
#include "sim/model_identity.h"
#include "sim/runner.h"
#include "sim/scenario_files.h"
#include "sim/spec.h"
#include "sim/validation.h"

namespace po = boost::program_options;
using namespace stackrace;

namespace {

struct Args {
  std::string command, config;
  std::optional<std::string> out;
  std::string posterior;
  std::optional<std::uint64_t> seed, adopters;
  unsigned threads = 0;
  std::vector<std::string> sets;
  bool quiet = false, overwrite = false;
  std::optional<std::string> from;     // run --from CHECKPOINT
  std::optional<Month> checkpoint_at;  // run --checkpoint-at YYYY-MM
};

Args parse_args(int argc, char** argv) {
  Args a;
  if (argc < 2) throw InputError("", "missing command\n" + cli::top_level_usage());
  a.command = argv[1];
  if (a.command != "run" && a.command != "validate" && a.command != "describe" && a.command != "fit") {
    throw InputError("command line", "unknown command '" + a.command + "'" + cli::unknown_command_hint(a.command) +
                                         "\n" + cli::top_level_usage());
  }
  // Each command takes the options its help lists, and refuses the others
  // rather than ignore them (validate --seed 5 used to print OK).
  po::options_description opts;
  opts.add_options()("config", po::value(&a.config))("adopters", po::value<std::string>())(
      "set", po::value(&a.sets)->composing());
  if (a.command == "run" || a.command == "fit") {
    opts.add_options()("seed", po::value<std::string>())("threads", po::value<std::string>())(
        "quiet", po::bool_switch(&a.quiet));
  }
  if (a.command == "fit") opts.add_options()("posterior", po::value(&a.posterior));
  if (a.command == "run") {
    opts.add_options()("out", po::value<std::string>())("overwrite", po::bool_switch(&a.overwrite))(
        "from", po::value<std::string>())("checkpoint-at", po::value<std::string>());
  }
  po::positional_options_description pos;
  pos.add("config", 1);
  const po::variables_map vm = parse_command_line(argc, argv, opts, pos, cli::command_help(a.command));
  if (vm.count("out")) a.out = vm["out"].as<std::string>();
  if (vm.count("seed")) a.seed = unsigned_option(vm, "seed");
  if (vm.count("adopters")) a.adopters = adopters_option(vm);
  if (vm.count("threads")) a.threads = threads_option(vm);
  if (vm.count("from")) a.from = vm["from"].as<std::string>();
  if (vm.count("checkpoint-at")) {
    Month m;
    const std::string text = vm["checkpoint-at"].as<std::string>();
    if (!parse_month(text, m))
      throw InputError("--checkpoint-at", std::string("expected ") + kMonthExpected + ", got '" + text + "'");
    a.checkpoint_at = m;
  }
  refuse_given_twice(a.seed.has_value(), a.adopters.has_value(), a.sets);
  if (a.from && (a.seed || a.adopters)) {
    throw InputError(a.seed ? "--seed" : "--adopters",
                     "a run continued --from a checkpoint has the checkpoint's seed and adopters");
  }
  if (a.config.empty() && !a.from)
    throw InputError("command line", "missing CONFIG\n" + std::string(cli::command_help(a.command)));
  return a;
}

void print_stack_header(std::ostream& out) {
  out << "  " << std::string(22, ' ');
  for (int s = 0; s < kStackCount; ++s) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%10s", stack_column(s));
    out << buf;
  }
  out << "\n";
}

void print_row(std::ostream& out, const std::string& label, const StackArray& v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "  %-22s", label.c_str());
  out << buf;
  for (double x : v) {
    std::snprintf(buf, sizeof buf, "%9.1f%%", 100 * x);
    out << buf;
  }
  out << "\n";
}

// A fit's Spearman as printed: n/a for fewer than three economies, whose
// ranks say nothing, and for shares that are all the same (no one adopts at
// all, say), whose rank correlation is undefined.
std::string spearman_text(const Fit& fit, const std::vector<double>& simulated, const std::vector<double>& observed) {
  constexpr int kFewestToRank = 3;
  const auto varies = [](const std::vector<double>& v) {
    return std::adjacent_find(v.begin(), v.end(), std::not_equal_to<>()) != v.end();
  };
  if (fit.economies < kFewestToRank || !varies(simulated) || !varies(observed)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", fit.spearman);
  return buf;
}

void print_summary(const Spec& spec, const RunReport& r, std::ostream& out) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s: %zu adopters, %d months, %.2f s\n", spec.scenario.name().c_str(), r.adopters,
                spec.months, r.wall_time_s);
  out << buf;
  // Small populations are raised by the per-country floor: say so, since it sets the run's cost and sampling.
  const Population& population = spec.scenario.population();
  if (r.adopters > population.adopters()) {
    std::snprintf(buf, sizeof buf, "  (%llu asked for; every inhabited country gets at least %u)\n",
                  static_cast<unsigned long long>(population.adopters()), population.min_adopters_per_country());
    out << buf;
  }
  // The first month, the calibration month (when the run reached it before its last) and the last.
  const bool calibrated = !r.calibration_month.empty() && r.calibration_month != r.last_month &&
                          r.calibration_month != r.first_month;
  auto shares = [&](const char* label, double first, double calibration, double last) {
    out << label;
    const char* gap = " ";
    for (const auto& [month, value] : {std::pair{&r.first_month, first}, {&r.calibration_month, calibration},
                                       {&r.last_month, last}}) {
      if (month == &r.calibration_month && !calibrated) continue;
      if (month == &r.last_month && r.last_month == r.first_month) continue;
      std::snprintf(buf, sizeof buf, "%s%s %.1f%%", gap, month->c_str(), 100 * value);
      out << buf;
      gap = "   ";
    }
    out << "\n";
  };
  shares("  world AI user share     ", r.first.ai_user_share_world, r.calibration.ai_user_share_world,
         r.last.ai_user_share_world);
  shares("  developing AI user share", r.first.dev_ai_user_share, r.calibration.dev_ai_user_share,
         r.last.dev_ai_user_share);
  out << "  stack shares among AI users:\n";
  print_stack_header(out);
  const bool one_month = r.last_month == r.first_month;
  print_row(out, "world " + r.first_month, r.first.share);
  if (!one_month) print_row(out, "world " + r.last_month, r.last.share);
  print_row(out, "developing " + r.first_month, r.first.dev_share);
  if (!one_month) print_row(out, "developing " + r.last_month, r.last.dev_share);
  // The race at the end of each year: the supply side's headline metrics.
  const auto& names = global_column_names();
  auto column = [&](const char* name) { return std::find(names.begin(), names.end(), name) - names.begin(); };
  const auto lead = column("lead_months"), ratio = column("compute_ratio");
  const bool year_end = std::any_of(r.months.begin(), r.months.end(), [](const std::string& m) { return m.ends_with("-12"); });
  out << "  US lead (months of frontier progress) and US-allied/China compute ratio, "
      << (!year_end ? "at the last month" : r.last_month.ends_with("-12") ? "at year ends" : "at year ends and the last month")
      << ":\n   ";
  for (std::size_t i = 0; i < r.months.size(); ++i) {
    if (r.months[i].ends_with("-12") || i + 1 == r.months.size()) {
      std::snprintf(buf, sizeof buf, "  %s %.1f mo %.1fx", r.months[i].c_str(), r.global_values[i][lead],
                    r.global_values[i][ratio]);
      out << buf;
    }
  }
  out << "\n";
  if (r.fit_h2.economies > 0) {
    std::snprintf(buf, sizeof buf,
                  "  calibration vs observed AI user share (%d economies): %s Spearman %s MAE %.2f pp; %s Spearman "
                  "%s MAE %.2f pp\n",
                  r.fit_h2.economies, spec.calibration_h1.str().c_str(),
                  spearman_text(r.fit_h1, r.simulated_h1, r.observed_h1).c_str(), r.fit_h1.mae_pp,
                  spec.calibration_h2.str().c_str(), spearman_text(r.fit_h2, r.simulated_h2, r.observed_h2).c_str(),
                  r.fit_h2.mae_pp);
    out << buf;
  }
}

void print_fit(const Spec& spec, const RunReport& r, std::ostream& out) {
  char buf[256];
  out << "iso3,observed_h1_pct,simulated_h1_pct,observed_h2_pct,simulated_h2_pct\n";
  for (std::size_t i = 0; i < r.fit_iso3.size() && i < r.simulated_h2.size() && i < r.simulated_h1.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s,%.2f,%.2f,%.2f,%.2f\n", r.fit_iso3[i].c_str(), 100 * r.observed_h1[i],
                  100 * r.simulated_h1[i], 100 * r.observed_h2[i], 100 * r.simulated_h2[i]);
    out << buf;
  }
  const auto line = [&](const Month& month, const char* half, const Fit& fit, const std::vector<double>& simulated,
                        const std::vector<double>& observed) {
    char mae[32] = "n/a";  // of no economy at all
    if (fit.economies > 0) std::snprintf(mae, sizeof mae, "%.2f", fit.mae_pp);
    std::snprintf(buf, sizeof buf, "# %s vs %s 2025: Spearman %s, MAE %s pp over %d economies\n", month.str().c_str(),
                  half, spearman_text(fit, simulated, observed).c_str(), mae, fit.economies);
    out << buf;
  };
  line(spec.calibration_h1, "H1", r.fit_h1, r.simulated_h1, r.observed_h1);
  line(spec.calibration_h2, "H2", r.fit_h2, r.simulated_h2, r.observed_h2);
  // Whether growth rises with the level reached as it did in 2025: the
  // pattern that tells imitation from innovation (docs/calibration.md).
  constexpr int kFifths = 5;
  const std::vector<GrowthBand> bands =
      growth_by_level(r.observed_h1, r.observed_h2, r.simulated_h1, r.simulated_h2, kFifths);
  if (bands.empty()) return;
  std::string observed, simulated;
  for (const GrowthBand& b : bands) {
    std::snprintf(buf, sizeof buf, " %+.2f", b.observed_pp);
    observed += buf;
    std::snprintf(buf, sizeof buf, " %+.2f", b.simulated_pp);
    simulated += buf;
  }
  out << "# " << spec.calibration_h1.str() << " -> " << spec.calibration_h2.str()
      << " growth by fifth of the observed H1 share, lowest first: observed" << observed << " pp; simulated"
      << simulated << " pp\n";
}

// The scenario of run, describe and fit; a study spec or comparison config
// given instead is named as such.
Spec load_scenario(const Args& a) {
  try {
    return load_spec(a.config, SpecOptions{a.sets, a.adopters});
  } catch (const InputError&) {
    cli::rethrow_with_kind_hint(a.config, ConfigKind::kScenario);
  }
}

// fit scores the run against both calibration months, so its horizon must
// reach the second (a run may stop earlier).
void refuse_fit_before_h2(const Spec& spec, const Args& a) {
  if (!(spec.end < spec.calibration_h2)) return;
  const AssembledScenario assembled = assemble_scenario(a.config, a.sets, a.adopters);
  throw InputError(assembled.locator().any({"horizon.end_month", "adoption.calibration_h2_month"}),
                   "horizon.end_month " + spec.end.str() + " is before calibration_h2_month " +
                       spec.calibration_h2.str() + ": fit compares the run with the observations of " +
                       spec.calibration_h1.str() + " and " + spec.calibration_h2.str() +
                       ", so the horizon must reach " + spec.calibration_h2.str());
}

int run_command(const Args& a) {
  if (a.command == "validate") {
    cli::validate_file(a.config, a.sets, a.adopters, std::cout);
    return 0;
  }
  std::optional<Checkpoint> from;
  if (a.from) from = read_checkpoint(*a.from);
  const Spec spec = from
                        ? branch_spec(*from, *a.from, a.config.empty() ? std::nullopt : std::optional(a.config), a.sets)
                        : load_scenario(a);
  if (from && a.checkpoint_at &&
      !(Month{spec.start.index + static_cast<int>(from->months_done()) - 1} < *a.checkpoint_at)) {
    throw InputError("--checkpoint-at",
                     a.checkpoint_at->str() + " is not after " + from->month() + ", the month the run continues from");
  }
  if (a.command == "describe") {
    describe(spec, std::cout);
    return 0;
  }
  if (a.command == "run" && !a.out) throw InputError("command line", "run needs --out DIR");
  warn_of_horizon(spec);
  std::optional<AdoptionPosterior> posterior;
  if (a.command == "fit") {
    refuse_fit_before_h2(spec, a);
    posterior = load_fit_posterior(spec, a.posterior);
  }
  const unsigned threads = a.threads ? a.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  // An arena of exactly `threads` workers, so that --threads above the core
  // count really runs that many (the outputs are the same either way).
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  tbb::task_arena arena(static_cast<int>(threads));
  RunOptions ro;
  ro.seed = from ? from->seed() : a.seed.value_or(spec.scenario.seed());
  ro.checkpoint_at = a.checkpoint_at;
  if (from) {
    ro.from = &*from;
    ro.from_path = *a.from;
  }
  ro.threads = threads;
  ro.overwrite = a.overwrite;
  if (a.command == "run") ro.out = a.out;
  ProgressBar bar("months", !a.quiet && stderr_is_terminal());
  ro.on_month = [&](int done, int total) {
    bar.update(done, total);
    // Between months: an interrupted run unwinds, and its staging directory goes with it.
    throw_if_interrupted();
  };
  RunReport report;
  arena.execute([&] { report = run(spec, ro); });
  bar.finish();
  if (a.command == "fit") {
    print_fit(spec, report, std::cout);
    arena.execute([&] { print_out_of_sample(spec, posterior, a.sets, ro.seed, std::cout); });
  } else if (!a.quiet) {
    print_summary(spec, report, std::cout);
    std::cout << "  outputs in " << *a.out << "\n";
  }
  return 0;
}

// `stackrace --help` and `stackrace help [COMMAND [SUBCOMMAND]]`.
int print_help(int argc, char** argv) {
  std::string command;
  for (int i = 2; i < argc; ++i) command += (i > 2 ? " " : "") + std::string(argv[i]);
  if (command.empty()) {
    std::cout << cli::top_level_usage();
    return 0;
  }
  const char* text = cli::command_help(command);
  if (!text) {
    std::string known;
    for (const std::string& c : cli::commands_with_help()) known += (known.empty() ? "" : ", ") + c;
    std::cerr << "error: command line: no help for '" << command << "' (commands: " << known << ")\n";
    return 2;
  }
  std::cout << text;
  return 0;
}

int dispatch(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "--version" || std::string(argv[1]) == "version")) {
    std::cout << "stackrace " << program_version() << "\nsource commit " << source_commit() << "\nmodel hash "
              << kModelHash << "\n";
    return 0;
  }
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help"))
    return print_help(argc, argv);
  if (const std::string command = cli::help_request(argc, argv); !command.empty()) {
    std::cout << cli::command_help(command);
    return 0;
  }
  // Only commands whose loops poll the flag catch the signals: elsewhere
  // (validate, describe, the view's window) the default action stops at once
  // and leaves nothing to clean up. `study` decides itself, as it must not
  // under an MPI launcher.
  const std::string command = argc >= 2 ? argv[1] : "";
  if (command == "run" || command == "fit" || command == "compare" || command == "render" || command == "calibrate")
    install_interrupt_handlers();
  try {
    if (argc >= 2 && std::string(argv[1]) == "study") return study_main(argc, argv);
    if (argc >= 2 && std::string(argv[1]) == "compare") return compare_main(argc, argv);
    if (argc >= 2 && std::string(argv[1]) == "calibrate") return calibrate_main(argc, argv);
    if (argc >= 2 && std::string(argv[1]) == "plot") return cli::plot_main(argc, argv);
    if (argc >= 2 && cli::is_view_command(argv[1])) return cli::run_view_command(argc, argv);
    return run_command(parse_args(argc, argv));
  } catch (const Interrupted& e) {
    std::cerr << "stopped: " << e.what() << "; no unfinished output is left\n";
    return exit_by_signal(e.signal());
  } catch (const std::exception& e) {
    std::cerr << "error: " << error_message(e) << "\n";
    return exit_code_for(e);
  }
}

// What the command printed reaches its reader, or the command fails: a full
// disk behind stdout is an error (exit 1), not silence.
int finish_standard_output(int code) {
  errno = 0;
  std::cout.flush();
  if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good()) return code;
  const int error = errno;
  std::cerr << "error: cannot write to standard output" << (error ? std::string(": ") + std::strerror(error) : "")
            << "\n";
  return code == 0 ? 1 : code;
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file-size limit (`ulimit -f`) a write fails (EFBIG) and is
  // reported and cleaned up like any other, rather than the signal killing
  // the process with a file half-written.
  std::signal(SIGXFSZ, SIG_IGN);
  return finish_standard_output(dispatch(argc, argv));
}
