// Harnesses for the configuration readers: what a user writes by hand.
#include <cstddef>
#include <string>
#include <string_view>

#include "base/errors.h"
#include "base/proto/scenario.pb.h"
#include "base/set_override.h"
#include "base/textproto_parse.h"
#include "sim/spec.h"
#include "study/adoption_calibration.h"
#include "study/compare.h"
#include "study/study_loader.h"
#include "tests/fuzz/scratch.h"
#include "tests/fuzz/targets.h"

namespace stackrace::fuzz {

// The input sits in configs/scenarios/ beside the shipped scenarios, so that
// `base: "baseline.textproto"` and the data files' relative paths resolve and
// the fuzzer reaches the include chain, not only "file not found".
void scenario(std::string_view input) {
  const auto path = write_input("configs/scenarios/fuzz_input.textproto", input);
  try {
    load_spec(path.string());
  } catch (const InputError&) {
  }
}

// Each line of the input is one `--set path=value`, applied in order to the
// shipped baseline (parsed once: the harness fuzzes the override, not the file).
void set_override(std::string_view input) {
  static const Scenario baseline = [] {
    Scenario s;
    load_textproto(std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto", s, kScenarioFile);
    return s;
  }();
  Scenario scenario = baseline;
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    try {
      apply_override(scenario, std::string(input.substr(start, end - start)));
    } catch (const InputError&) {
    }
    start = end + 1;
  }
}

// load_study, then check_points for a small design: checking a point is
// cheap (the base is loaded once), but a spec may ask for millions of them.
constexpr std::size_t kMaxCheckedPoints = 16;

void study_spec(std::string_view input) {
  const auto path = write_input("configs/studies/fuzz_input.textproto", input);
  try {
    const LoadedStudy study = load_study(path.string());
    if (study.plan.point_count() <= kMaxCheckedPoints) check_points(study, 1);
  } catch (const InputError&) {
  }
}

// configs/compare.textproto names its scenarios relative to configs/.
void compare(std::string_view input) {
  const auto path = write_input("configs/fuzz_compare.textproto", input);
  try {
    load_comparison(path.string(), {});
  } catch (const InputError&) {
  }
}

// Beside the shipped plan, so that its scenario path resolves.
void calibration_plan(std::string_view input) {
  const auto path = write_input("configs/calibration/fuzz_plan.textproto", input);
  try {
    load_calibration_plan(path.string());
  } catch (const InputError&) {
  }
}

void posterior(std::string_view input) {
  const auto path = write_input("configs/calibration/fuzz_posterior.textproto", input);
  try {
    load_adoption_posterior(path.string());
  } catch (const InputError&) {
  }
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"scenario", scenario},     {"set_override", set_override}, {"study_spec", study_spec},
      {"compare", compare},       {"manifest", manifest},         {"trajectory", trajectory},
      {"global_csv", global_csv}, {"study_db", study_db},         {"calibration_plan", calibration_plan},
      {"posterior", posterior},   {"checkpoint", checkpoint},
  };
  return all;
}

const Target* find_target(std::string_view name) {
  for (const Target& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace stackrace::fuzz
