#include "study/compare.h"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/textproto_parse.h"
#include "cli/command_line.h"
#include "cli/compare_command.h"
#include "cli/help.h"
#include "cli/progress.h"
#include "cli/validate_command.h"
#include "sim/model_identity.h"
#include "sim/output_dir.h"
#include "sim/runner.h"

namespace po = boost::program_options;

namespace stackrace {

namespace {

// --replicates: as many as a comparison file's `replicates` may be
// (base/proto/compare.proto).
constexpr unsigned kMaxReplicates = 1000;

struct CompareArgs {
  std::string config = "configs/compare.textproto";
  std::optional<std::string> out;
  CompareOptions options;
  unsigned threads = 0;
  bool quiet = false, overwrite = false, check = false;
};

CompareArgs parse(int argc, char** argv) {
  CompareArgs a;
  po::options_description opts;
  opts.add_options()("config", po::value(&a.config))("out", po::value<std::string>())(
      "replicates", po::value<std::string>())("seed", po::value<std::string>())("adopters", po::value<std::string>())(
      "threads", po::value<std::string>())("set", po::value(&a.options.overrides)->composing())(
      "posterior", po::value<std::string>())("quiet", po::bool_switch(&a.quiet))(
      "overwrite", po::bool_switch(&a.overwrite))("check", po::bool_switch(&a.check));
  // compare takes no positional argument; one is most likely a comparison
  // file given without --config, and must not be silently ignored.
  std::vector<std::string> stray;
  opts.add_options()("stray", po::value(&stray));
  po::positional_options_description pos;
  pos.add("stray", -1);
  const po::variables_map vm = parse_command_line(argc, argv, opts, pos, cli::command_help("compare"));
  if (!stray.empty()) {
    throw InputError("command line", "unexpected argument '" + stray.front() +
                                         "' (a comparison file is given with --config FILE)\n" +
                                         cli::command_help("compare"));
  }
  if (vm.count("out")) a.out = vm["out"].as<std::string>();
  if (a.overwrite && !a.out) {
    throw InputError("--overwrite",
                     "replaces the --out directory, and none is given (without --out nothing is written)");
  }
  if (vm.count("replicates")) {
    a.options.replicates = count_option(vm, "replicates", 1, kMaxReplicates, "a number of replicates");
  }
  if (vm.count("posterior")) a.options.posterior = vm["posterior"].as<std::string>();
  if (vm.count("seed")) a.options.seed = unsigned_option(vm, "seed");
  if (vm.count("adopters")) a.options.adopters = adopters_option(vm);
  refuse_given_twice(a.options.seed.has_value(), a.options.adopters.has_value(), a.options.overrides);
  if (vm.count("threads")) a.threads = threads_option(vm);
  return a;
}

// The comparison; a scenario or study spec given instead (as the config or
// as --posterior) is named as such.
LoadedComparison load(const CompareArgs& a) {
  try {
    return load_comparison(a.config, a.options);
  } catch (const InputError& e) {
    const std::optional<std::string>& posterior = a.options.posterior;
    // One with the file as a whole (missing, a directory, empty) names the
    // option, as fit's does; one inside it is located there.
    if (posterior && e.where() == *posterior) throw InputError("--posterior", e.what());
    if (posterior && e.where().rfind(*posterior + ":", 0) == 0)
      cli::rethrow_with_kind_hint(*posterior, ConfigKind::kPosterior);
    cli::rethrow_with_kind_hint(a.config, ConfigKind::kComparison);
  }
}

// The --out directory, if any: claimed before the runs, so that a bad --out
// fails fast.
std::unique_ptr<OutputDir> claim_out(const CompareArgs& a) {
  if (!a.out) return nullptr;
  // A comparison writes compare.csv, its manifest and a run per scenario.
  static const OutputLayout layout{"a comparison", {"compare.csv", "manifest.textproto"}, &run_output_layout()};
  std::vector<OutputInput> inputs{{"--config", a.config}};
  if (a.options.posterior) inputs.push_back({"--posterior", *a.options.posterior});
  return std::make_unique<OutputDir>(*a.out, a.overwrite, layout, "--out", inputs);
}

int compare(const CompareArgs& a) {
  const LoadedComparison loaded = load(a);
  if (!loaded.posterior_warning.empty()) std::cerr << loaded.posterior_warning << "\n";
  for (const std::string& warning : loaded.horizon_warnings) std::cerr << warning << "\n";
  const std::unique_ptr<OutputDir> dir = claim_out(a);
  const unsigned threads = a.threads ? a.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  tbb::task_arena arena(static_cast<int>(threads));
  ProgressBar bar("runs", !a.quiet && stderr_is_terminal());
  CompareResult result;
  // The first replicate of each scenario keeps its run, for `view` and `render`.
  std::optional<std::filesystem::path> runs_dir;
  if (dir) runs_dir = dir->staging();
  arena.execute([&] {
    result = run_comparison(
        loaded, [&](int done, int total) { bar.update(done, total); }, runs_dir);
  });
  bar.finish();
  if (!a.quiet) print_comparison(result, std::cout);
  if (dir) {
    // Each file whole and on disk before the directory is committed.
    std::ostringstream csv;
    write_comparison_csv(result, csv);
    write_file_atomically(dir->file("compare.csv"), csv.str());
    CompareManifest manifest;
    manifest.set_program_version(program_version());
    manifest.set_source_commit(source_commit());
    manifest.set_model_hash(kModelHash);
    manifest.set_config_path(a.config);
    manifest.set_replicates(loaded.replicates);
    manifest.set_seed(loaded.seed);
    manifest.set_adopters(a.options.adopters.value_or(0));
    for (const std::string& o : a.options.overrides) manifest.add_overrides(o);
    if (a.options.posterior) manifest.set_posterior(*a.options.posterior);
    manifest.set_wall_time_s(result.wall_time_s);
    std::string text = "# stackrace compare manifest (stackrace.CompareManifest, base/proto/compare.proto)\n";
    write_file_atomically(dir->file("manifest.textproto"), text + print_textproto(manifest));
    dir->commit();
    if (!a.quiet) {
      std::cout << "\noutputs in " << *a.out << "; the first replicate of each scenario in " << *a.out << "/NAME ("
                << *a.out << "/" << loaded.names.front() << ", ...) for stackrace view and render\n";
    }
  }
  if (a.check) {
    const std::string failed = failed_figures(result);
    if (!failed.empty()) {
      std::cerr << "targets missed:\n" << failed;
      return 1;
    }
  }
  return 0;
}

}  // namespace

int compare_main(int argc, char** argv) { return compare(parse(argc, argv)); }

}  // namespace stackrace
