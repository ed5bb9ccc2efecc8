#pragma once
// The fuzz harnesses' bodies (docs/reliability.md, "Fuzzing"). Each takes one
// input as bytes, hands it to one of the project's readers and swallows only
// the exceptions that reader documents for bad input, so that anything else
// (a crash, an abort, an escaping exception, a sanitizer report) is a finding.
// The same bodies serve libFuzzer (fuzz_entry.cpp, the "fuzz" preset) and the
// plain replay of tests/fuzz/corpus and tests/fuzz/crashes (replay_main.cpp,
// every build with tests), so a finding stays fixed without clang.

#include <string_view>
#include <vector>

namespace stackrace::fuzz {

struct Target {
  const char* name;  // also the folder under tests/fuzz/corpus and tests/fuzz/crashes
  void (*run)(std::string_view input);
};

// Every harness, in a fixed order.
const std::vector<Target>& targets();
const Target* find_target(std::string_view name);

// Configuration readers (config_targets.cpp).
void scenario(std::string_view input);      // a scenario file and its includes (load_spec)
void set_override(std::string_view input);  // `--set` lines applied to the baseline
void study_spec(std::string_view input);    // a study spec (load_study)
void compare(std::string_view input);       // a comparison config (load_comparison)
void calibration_plan(std::string_view input);  // an adoption calibration plan (load_calibration_plan)
void posterior(std::string_view input);         // an adoption posterior (load_adoption_posterior)

// Readers of what runs and studies wrote (output_targets.cpp).
void manifest(std::string_view input);    // a run's manifest.textproto
void trajectory(std::string_view input);  // trajectory.pb
void global_csv(std::string_view input);  // global.csv
void study_db(std::string_view input);    // a study's study.sqlite, its metadata and rows
void checkpoint(std::string_view input);  // a run's checkpoint-YYYY-MM.pb (read_checkpoint)

}  // namespace stackrace::fuzz
