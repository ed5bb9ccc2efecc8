#include "cli/study_command.h"

#include <tbb/info.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "base/interrupt.h"
#include "base/text_escape.h"
#include "cli/help.h"
#include "cli/progress.h"
#include "cli/study_dry_run.h"
#include "cli/validate_command.h"
#include "sim/spec.h"
#include "study/local_runner.h"
#include "study/study_branches.h"
#include "study/study_discover.h"
#include "study/study_loader.h"
#include "study/study_merge.h"
#include "study/study_report.h"
#include "study/study_session.h"
#include "study/study_verify.h"

#ifdef STACKRACE_HAVE_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/string.hpp>

#include "cli/command_line.h"
#include "study/mpi_study.h"
#endif

namespace po = boost::program_options;

namespace stackrace {

namespace {

struct StudyArgs {
  std::string spec, out, shard = "0/1", parallelism = "side-by-side";
  std::vector<std::string> sets;  // --set, applied after the spec's own `set`s
  unsigned jobs = 0;
  bool resume = false, quiet = false, dry_run = false;
};

StudyArgs parse_study_args(int argc, char** argv) {
  StudyArgs a;
  po::options_description opts;
  opts.add_options()("spec", po::value(&a.spec))("out", po::value(&a.out))("jobs", po::value<std::string>())(
      "resume", po::bool_switch(&a.resume))("quiet", po::bool_switch(&a.quiet))("shard", po::value(&a.shard))(
      "parallelism", po::value(&a.parallelism))("set", po::value(&a.sets)->composing())("dry-run",
                                                                                        po::bool_switch(&a.dry_run));
  po::positional_options_description pos;
  pos.add("spec", 1);
  const std::string usage = cli::command_help("study");
  const po::variables_map vm = parse_command_line(argc, argv, opts, pos, usage);
  if (a.spec.empty()) throw InputError("command line", "missing SPEC\n" + usage);
  if (a.out.empty() && !a.dry_run) throw InputError("command line", "study needs --out DIR\n" + usage);
  if (a.dry_run && a.resume) {
    throw InputError("--resume", "--dry-run estimates the whole study and runs nothing: it takes no --resume (the "
                                 "resumed study's progress bar says what is left)");
  }
  if (vm.count("jobs")) a.jobs = count_option(vm, "jobs", 1, kMaxThreads, "a number of parallel runs");
  Parallelism mode;
  if (!parse_parallelism(a.parallelism, mode))
    throw InputError("--parallelism " + a.parallelism, "expected side-by-side, nested or sequential");
  return a;
}

// Set by Open MPI's, MPICH's and PMIx launchers in every process they start.
int mpi_world_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* v = std::getenv(name)) return std::atoi(v);
  return 0;
}

// What the single process or rank 0 prints and reports as it goes.
class Progress {
 public:
  Progress(std::size_t total, std::size_t done_before, bool quiet)
      : bar_("runs", !quiet && stderr_is_terminal()), total_(total), done_(done_before) {}
  void add(const RunResult& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    ++ran_;
    simulation_s_ += r.wall_s;
    if (r.status != "ok") ++failed_;
    bar_.update(static_cast<int>(done_), static_cast<int>(total_));
  }
  void finish() { bar_.finish(); }
  std::size_t ran() const { return ran_; }
  std::size_t done() const { return done_; }
  std::size_t failed() const { return failed_; }
  double simulation_s() const { return simulation_s_; }

 private:
  std::mutex mutex_;
  ProgressBar bar_;
  std::size_t total_, done_, ran_ = 0, failed_ = 0;
  double simulation_s_ = 0;
};

void print_done(const LoadedStudy& study, const StudySession& session, const Progress& progress, double wall_s,
                unsigned workers, const std::string& out) {
  const double rate = wall_s > 0 ? progress.ran() / wall_s : 0.0;
  // Worker time not spent simulating: loading each run's scenario, the
  // database commit, scheduling and (under MPI) messages.
  const double overhead_ms =
      progress.ran() > 0 ? 1000 * (wall_s * workers - progress.simulation_s()) / progress.ran() : 0.0;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "study %s: %zu runs in %.2f s (%.1f runs/s on %u workers; %zu done before), simulation %.2f s in "
                "all, overhead %.1f ms per run\n  outputs in %s\n",
                study.plan.spec.name().c_str(), progress.ran(), wall_s, rate, workers, session.finished_before(),
                progress.simulation_s(), overhead_ms, out.c_str());
  std::cout << buf;
}

int finish(const LoadedStudy& study, StudySession& session, Progress& progress, double wall_s, unsigned workers,
           const StudyArgs& a) {
  progress.finish();
  const std::size_t not_ok = session.finish();
  if (!a.quiet) print_done(study, session, progress, wall_s, workers, a.out);
  if (not_ok > 0) {
    std::cerr << "error: " << counted(static_cast<long long>(not_ok), "run") << " failed (their status is in " << a.out
              << "/runs.csv); `--resume` retries them\n";
    return 1;
  }
  return 0;
}

// The --set options as given, for a command line that repeats them.
std::string set_options(const StudyArgs& a) {
  std::string text;
  for (const std::string& assignment : a.sets) text += " --set " + shell_word(assignment);
  return text;
}

// A study stopped by a signal, its resume hint printed: main ends the process
// by that signal once everything is unwound (the database closed cleanly).
struct StudyStopped {
  int signal;
};

// The command line that continues the study.
std::string resume_command(const StudyArgs& a) {
  return "stackrace study " + shell_word(a.spec) + " --out " + shell_word(a.out) + " --resume" +
         (a.shard == "0/1" ? "" : " --shard " + a.shard) + set_options(a);
}

[[noreturn]] void stopped(const Interrupted& e, const Progress& progress, std::size_t total, const StudyArgs& a) {
  std::cerr << "stopped: " << e.what() << "; " << progress.done() << " of " << total << " runs are done and kept in "
            << a.out << "/study.sqlite (runs cut short run again). Continue with:\n  " << resume_command(a) << "\n";
  throw StudyStopped{e.signal()};
}

// A study that fails while it runs (a full disk): what is done is kept.
int failed(const std::exception& e, const Progress& progress, std::size_t total, const StudyArgs& a) {
  std::cerr << "error: " << error_message(e) << "\n"
            << progress.done() << " of " << total << " runs are done and kept in " << a.out
            << "/study.sqlite. Once the cause is mended, continue with:\n  " << resume_command(a) << "\n";
  return exit_code_for(e);
}

// The study; a scenario or comparison config given instead is named as such.
LoadedStudy load(const StudyArgs& a) {
  try {
    return load_study(a.spec, a.sets);
  } catch (const InputError&) {
    cli::rethrow_with_kind_hint(a.spec, ConfigKind::kStudySpec);
  }
}

// The base scenario's horizon past the supply side's projections: every run is.
void warn_of_horizon(const LoadedStudy& study) { warn_of_horizon(study.base->base()); }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Parallel runs: --jobs, or one a core. More than the cores this process
// may use are not run at once (the scheduler has no more workers; it warned
// and ran fewer while the summary counted the jobs asked for), so they are
// capped, with a note where `tell`.
unsigned parallel_runs(const StudyArgs& a, bool tell) {
  const auto cores = static_cast<unsigned>(tbb::info::default_concurrency());
  if (a.jobs == 0) return cores;
  if (a.jobs > cores) {
    if (tell) {
      std::cerr << "note: --jobs " << a.jobs << ": this process can use " << counted(cores, "core") << "; running "
                << cores << " at once\n";
    }
    return cores;
  }
  return a.jobs;
}

int run_single_process(const StudyArgs& a) {
  const unsigned jobs = parallel_runs(a, true);
  Parallelism mode;
  parse_parallelism(a.parallelism, mode);
  // Everything that can be wrong with the input is found before any run starts.
  LoadedStudy study = load(a);
  warn_of_horizon(study);
  const Shard shard = parse_shard(a.shard);
  check_points(study, jobs);
  if (a.dry_run) {
    if (!a.out.empty()) check_study_out(study, a.out, shard);
    return cli::dry_run(study, shard, jobs, std::cout);
  }
  StudySession session(study, a.out, a.resume, shard);
  const auto start = std::chrono::steady_clock::now();
  Progress progress(session.in_scope(), session.finished_before(), a.quiet);
  try {
    // The common past of a study with branch_from, once per seed (before the progress counts runs).
    study.branches = std::make_shared<const StudyBranches>(prepare_branches(study, a.out, session.pending(), jobs));
    run_locally(study, session.pending(), jobs, mode, [&](const RunResult& r) {
      session.record(r);
      progress.add(r);
    });
    // Inside: a stop while the CSV files are written leaves them to --resume too.
    return finish(study, session, progress, seconds_since(start), jobs, a);
  } catch (const Interrupted& e) {
    progress.finish();
    stopped(e, progress, session.in_scope(), a);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    progress.finish();
    return failed(e, progress, session.in_scope(), a);
  }
}

#ifdef STACKRACE_HAVE_MPI
int run_mpi(const StudyArgs& a, int argc, char** argv) {
  boost::mpi::environment env(argc, argv, boost::mpi::threading::funneled);
  boost::mpi::communicator world;
  if (world.size() == 1) return run_single_process(a);
  const unsigned jobs = a.jobs ? parallel_runs(a, world.rank() == 0) : 1;
  // Every rank loads and validates the study (they read the same files); rank
  // 0 alone opens the database and tells the others whether to go on.
  std::optional<LoadedStudy> study;
  std::optional<StudySession> session;
  std::string error;
  int code = 0;
  try {
    study.emplace(load(a));
    if (world.rank() == 0) {
      warn_of_horizon(*study);
      const Shard shard = parse_shard(a.shard);
      check_points(*study, jobs);
      session.emplace(*study, a.out, a.resume, shard);
      // The common past of a study with branch_from, computed or read here once, then sent to the workers.
      study->branches =
          std::make_shared<const StudyBranches>(prepare_branches(*study, a.out, session->pending(), jobs));
    }
  } catch (const std::exception& e) {
    error = e.what();
    code = exit_code_for(e);
  }
  boost::mpi::broadcast(world, code, 0);
  if (code != 0) {
    if (world.rank() == 0) std::cerr << "error: " << error << "\n";
    return code;
  }
  if (study->plan.branch_from) {
    std::vector<std::string> paths, bytes;
    if (world.rank() == 0) {
      for (const auto& [seed, point] : study->branches->by_seed) {
        paths.push_back(point.path);
        bytes.push_back(point.checkpoint.SerializeAsString());
      }
    }
    boost::mpi::broadcast(world, paths, 0);
    boost::mpi::broadcast(world, bytes, 0);
    if (world.rank() != 0)
      study->branches = std::make_shared<const StudyBranches>(branches_from_bytes(*study, paths, bytes));
  }
  if (world.rank() != 0) {
    serve_runs(world, *study, jobs);
    return 0;
  }
  const auto start = std::chrono::steady_clock::now();
  Progress progress(session->in_scope(), session->finished_before(), a.quiet);
  try {
    coordinate_runs(world, *session, [&](const RunResult& r) { progress.add(r); });
  } catch (const std::exception& e) {
    progress.finish();
    world.abort(failed(e, progress, session->in_scope(), a));  // workers wait on rank 0: take them down too
  }
  return finish(*study, *session, progress, seconds_since(start), static_cast<unsigned>(world.size() - 1), a);
}
#endif

int run_study(int argc, char** argv) {
  const StudyArgs a = parse_study_args(argc, argv);
  const int ranks = mpi_world_size();
  if (ranks > 1 && a.dry_run) throw InputError("--dry-run", "estimates for this machine: run it without mpirun");
#ifdef STACKRACE_HAVE_MPI
  // Only a study started by an MPI launcher initialises MPI; `stackrace run`
  // and a plain `stackrace study` never touch it.
  if (ranks > 0) return run_mpi(a, argc, argv);
#else
  if (ranks > 1)
    throw InputError("mpirun",
                     "this stackrace was built without MPI support (Boost.MPI was not found: "
                     "scripts/install-deps, then rebuild); run `stackrace study` without mpirun");
#endif
  return run_single_process(a);
}

// `study discover DIR --where ...`.
int run_discover(int argc, char** argv) {
  std::string dir, where, option;
  PrimOptions options;
  po::options_description opts;
  opts.add_options()("dir", po::value(&dir))("where", po::value(&where))("option", po::value(&option))(
      "peel-alpha", po::value(&options.peel_alpha))(
      "paste-alpha", po::value(&options.paste_alpha))("mass-min", po::value(&options.mass_min))(
      "min-coverage", po::value(&options.min_coverage))("max-quasi-p", po::value(&options.max_quasi_p));
  po::positional_options_description pos;
  pos.add("dir", 1);
  const std::string usage = cli::command_help("study discover");
  parse_command_line(argc - 1, argv + 1, opts, pos, usage, "study discover");  // "discover" stands for the program name
  if (dir.empty()) throw InputError("command line", "study discover needs DIR\n" + usage);
  if (where.empty()) throw InputError("command line", "study discover needs --where 'OUTCOME >= X'\n" + usage);
  auto share = [](const char* flag, double v, bool zero_ok) {
    if (!(v > 0 || (zero_ok && v == 0)) || !(v < 1 || (!zero_ok && v == 1)))
      throw InputError(flag, "expected a share between 0 and 1");
  };
  share("--peel-alpha", options.peel_alpha, false);
  share("--paste-alpha", options.paste_alpha, false);
  share("--mass-min", options.mass_min, false);
  share("--min-coverage", options.min_coverage, true);
  share("--max-quasi-p", options.max_quasi_p, false);
  study_discover(dir, where, option, options, std::cout);
  return 0;
}

// report, discover, merge, help or a study; errors propagate to main().
int dispatch_study(int argc, char** argv) {
  // An empty DIR (an unset shell variable) would name the working directory
  // to report, merge or repair.
  if (argc >= 3 &&
      (std::string(argv[2]) == "report" || std::string(argv[2]) == "merge" || std::string(argv[2]) == "repair")) {
    for (int i = 3; i < argc; ++i) {
      if (argv[i][0] == '\0') {
        throw InputError("command line", "study " + std::string(argv[2]) +
                                             ": an empty argument (\"\"), expected a study directory\n" +
                                             cli::command_help("study " + std::string(argv[2])));
      }
    }
  }
  if (argc >= 3 && std::string(argv[2]) == "report") {
    if (argc != 4)
      throw InputError("command line", std::string("study report takes one DIR\n") + cli::command_help("study report"));
    study_report(argv[3], std::cout);
    return 0;
  }
  if (argc >= 3 && std::string(argv[2]) == "discover") return run_discover(argc, argv);
  if (argc >= 3 && std::string(argv[2]) == "merge") {
    if (argc < 5) {
      throw InputError("command line",
                       std::string("study merge needs OUT and at least one DIR\n") + cli::command_help("study merge"));
    }
    merge_studies(argv[3], std::vector<std::filesystem::path>(argv + 4, argv + argc));
    std::cout << "merged " << (argc - 4) << " shards into " << argv[3] << "\n";
    return 0;
  }
  if (argc >= 3 && std::string(argv[2]) == "repair") {
    if (argc != 4)
      throw InputError("command line", std::string("study repair takes one DIR\n") + cli::command_help("study repair"));
    const RepairResult r = repair_study(argv[3]);
    // What is kept is counted against the plan, not against the rows found:
    // a damaged page can hide rows that are then neither kept nor dropped.
    std::cout << "repair " << argv[3] << ": dropped " << r.dropped << " of " << (r.kept + r.dropped)
              << " stored runs that did not match the study's plan"
              << (r.unreadable ? " and " + std::to_string(r.unreadable) + " runs on damaged pages" : std::string())
              << (r.rewritten ? " (database rewritten)" : " (nothing to repair)") << "; " << r.kept << " of the "
              << r.planned << " runs kept";
    if (r.kept < r.planned) {
      std::cout << ". Run the other " << (r.planned - r.kept) << " again with `stackrace study SPEC --out " << argv[3]
                << " --resume`";
    }
    std::cout << "\n";
    return 0;
  }
  return run_study(argc, argv);
}

}  // namespace

int study_main(int argc, char** argv) {
  // Not under an MPI launcher: it forwards signals to every rank, and the
  // ranks wait on each other, so the default action (all stop) is right there.
  if (mpi_world_size() == 0) install_interrupt_handlers();
  try {
    return dispatch_study(argc, argv);
  } catch (const StudyStopped& s) {
    return exit_by_signal(s.signal);  // the resume hint is printed already
  }
}

}  // namespace stackrace
