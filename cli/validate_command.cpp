#include "cli/validate_command.h"

#include <tbb/info.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/errors.h"
#include "base/months.h"
#include "base/text_escape.h"
#include "cli/calibrate_command.h"
#include "cli/command_line.h"
#include "sim/checkpoint.h"
#include "sim/spec.h"
#include "study/adoption_calibration.h"
#include "study/compare.h"
#include "study/study_loader.h"

namespace stackrace::cli {
namespace {

// What to run a file of `kind` with.
std::string command_for(ConfigKind kind, const std::string& path) {
  switch (kind) {
    case ConfigKind::kScenario:
      return "`stackrace run " + path + " --out DIR`";
    case ConfigKind::kStudySpec:
      return "`stackrace study " + path + " --out DIR`";
    case ConfigKind::kComparison:
      return "`stackrace compare --config " + path + "`";
    case ConfigKind::kCalibrationPlan:
      return "`stackrace calibrate " + path + " --out FILE`";
    case ConfigKind::kPosterior:
      return "`stackrace compare --posterior " + path + "`";
  }
  return "";
}

void validate_study(const std::string& path, const std::vector<std::string>& sets,
                    std::optional<std::uint64_t> adopters, std::ostream& out) {
  if (adopters) {
    throw InputError("--adopters", path + " is a study spec: give its adopters with --set population.adopters=" +
                                       std::to_string(*adopters) + ", as `stackrace study` takes them");
  }
  const LoadedStudy study = load_study(path, sets);
  // As `stackrace study` does before its first run: every design point as a whole scenario.
  check_points(study, static_cast<unsigned>(tbb::info::default_concurrency()));
  warn_of_horizon(study.base->base());
  const StudyPlan& plan = study.plan;
  out << "OK: a study spec, " << counted(static_cast<long long>(plan.run_count()), "run") << " (";
  if (plan.options.empty()) {
    out << plan.point_count() << " design points";
  } else {
    out << plan.state_count() << " states of the world x " << plan.options.size() << " policy options";
  }
  out << " x " << counted(plan.replicates, "replicate") << ") of " << study.base_path;
  if (plan.common_random_numbers) out << "; common random numbers";
  if (!plan.records.empty()) out << "; " << plan.records.size() << " recorded series";
  out << "\n";
}

void validate_comparison(const std::string& path, const std::vector<std::string>& sets,
                         std::optional<std::uint64_t> adopters, std::ostream& out) {
  CompareOptions options;
  options.overrides = sets;
  options.adopters = adopters;
  const LoadedComparison loaded = load_comparison(path, options);
  for (const std::string& warning : loaded.horizon_warnings) std::cerr << warning << "\n";
  out << "OK: a comparison config, " << loaded.names.size() << " scenarios (" << comma_list(loaded.names) << ") x "
      << counted(loaded.replicates, "replicate") << ", " << loaded.metric.size() << " metrics\n";
}

// The first bytes of the file at `path` ("" when it is not a regular file,
// which the loader refuses without opening, or cannot be read).
std::string head_of(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "";
  constexpr std::size_t kHead = 4096;
  std::ifstream in(path, std::ios::binary);
  std::string head(kHead, '\0');
  in.read(head.data(), static_cast<std::streamsize>(kHead));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return head;
}

// Whether `head` starts as a run's trajectory.pb: a frame's length (a
// varint), then its first field, month, as a 7-byte string "YYYY-MM".
bool starts_as_trajectory(const std::string& head) {
  std::size_t k = 0;
  constexpr std::size_t kLongestLength = 5;  // varint bytes of a 32-bit frame length
  while (k < head.size() && k < kLongestLength && (static_cast<unsigned char>(head[k]) & 0x80U) != 0) ++k;
  ++k;                              // the length's last byte
  constexpr char kMonthTag = 0x0a;  // field 1, length-delimited
  constexpr char kMonthBytes = 7;
  Month month;
  return k + 2 + kMonthBytes <= head.size() && head[k] == kMonthTag && head[k + 1] == kMonthBytes &&
         parse_month(std::string_view(head).substr(k + 2, kMonthBytes), month);
}

// A file stackrace wrote (a checkpoint, a trajectory, a manifest) or a data
// file a scenario names, given where a config was expected, is refused with
// what it is and what reads it; otherwise nothing.
void refuse_other_file(const std::string& path, const char* expected) {
  const std::string head = head_of(path);
  constexpr std::size_t kFormatWithin = 64;  // the format string is the checkpoint's first field
  if (head.find(kCheckpointFormatPrefix) < kFormatWithin) {
    throw InputError(path, std::string("this is a run's checkpoint, not ") + expected +
                               ": continue the run from it with `stackrace run --from " + path + " --out DIR`");
  }
  if (starts_as_trajectory(head)) {
    throw InputError(path, std::string("this is a run's trajectory.pb, not ") + expected +
                               ": `stackrace view DIR` and `stackrace render DIR` read it from the run's directory");
  }
  if (const std::optional<std::string> manifest = detect_manifest_of_file(path)) {
    throw InputError(path, "this looks like " + *manifest + ", not " + expected +
                               ": it records what was run, from the file in its config_path, and `stackrace plot "
                               "DIR` draws the outputs of the directory it is in");
  }
  const std::optional<DataFileKind> data = detect_data_file_kind_of_file(path);
  if (!data) return;
  throw InputError(path, std::string("this looks like ") + data->what + ", not " + expected +
                             ": it is read through a scenario that names it in " + data->field +
                             ", and `stackrace validate SCENARIO` (e.g. configs/scenarios/baseline.textproto) checks "
                             "it with every file that scenario reads");
}

}  // namespace

void validate_file(const std::string& path, const std::vector<std::string>& sets, std::optional<std::uint64_t> adopters,
                   std::ostream& out) {
  // A file of no kind is checked as a scenario, whose loader says what is wrong.
  const std::optional<ConfigKind> detected = detect_config_kind_of_file(path);
  if (!detected) refuse_other_file(path, "a scenario, study spec or comparison");
  const ConfigKind kind = detected.value_or(ConfigKind::kScenario);
  if ((kind == ConfigKind::kCalibrationPlan || kind == ConfigKind::kPosterior) && (!sets.empty() || adopters)) {
    throw InputError(sets.empty() ? "--adopters" : "--set",
                     path + " is " + config_kind_name(kind) + ": --set and --adopters do not apply to it");
  }
  switch (kind) {
    case ConfigKind::kScenario: {
      // fit reads the scenario's adoption posterior: check it as fit would.
      const Spec spec = load_spec(path, SpecOptions{sets, adopters});
      load_fit_posterior(spec, "");
      // Valid, but what a run of it would say of its horizon is said here too.
      warn_of_horizon(spec);
      out << "OK\n";
      return;
    }
    case ConfigKind::kStudySpec:
      validate_study(path, sets, adopters, out);
      return;
    case ConfigKind::kComparison:
      validate_comparison(path, sets, adopters, out);
      return;
    case ConfigKind::kCalibrationPlan: {
      const CalibrationPlan plan = load_calibration_plan(path);
      out << "OK: a calibration plan, " << plan.prior_size() << " priors, " << plan.samples() << " parameter sets\n";
      return;
    }
    case ConfigKind::kPosterior: {
      const AdoptionPosterior posterior = load_adoption_posterior(path);
      const std::string warning = stale_posterior_warning(posterior, path, 0);  // no scenario to compare with
      if (!warning.empty()) std::cerr << warning << "\n";
      out << "OK: an adoption posterior, " << posterior.sample_size() << " accepted parameter set"
          << (posterior.sample_size() == 1 ? "" : "s") << "\n";
      return;
    }
  }
}

void rethrow_with_kind_hint(const std::string& path, ConfigKind expected) {
  // Only a file that fits another kind better than the expected one is
  // called that kind: one that fits both as well (a name and a seed) keeps
  // the loader's own error.
  const std::optional<ConfigKind> detected = detect_config_kind_of_file(path, expected);
  if (!detected) refuse_other_file(path, config_kind_name(expected));
  if (!detected || *detected == expected) throw;
  const ConfigKind kind = *detected;
  throw InputError(path, std::string("this looks like ") + config_kind_name(kind) + ", not " +
                             config_kind_name(expected) + " (its top-level fields are " + config_kind_name(kind) +
                             "'s): run it with " + command_for(kind, path) + "; `stackrace validate " + path +
                             "` checks it");
}

}  // namespace stackrace::cli
