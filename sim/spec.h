#pragma once
// A validated, immutable description of one run: the scenario after --set
// overrides, the world it refers to, and the supply side's references resolved.
// load_spec() is the only way in; everything after it may assume valid input.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/months.h"
#include "base/proto/scenario.pb.h"
#include "sim/scenario_files.h"
#include "worlds/world.h"

namespace stackrace {

// Supply-side references resolved to indices.
struct SupplyIndex {
  std::vector<int> lab_home, smuggler_transit, operator_host;  // country indices
  int nvidia_fab = -1, huawei_fab = -1;                        // fab indices
  Month policy_start;
  // policy.change[i].month, parsed: strictly increasing, within the horizon.
  std::vector<Month> change_months;
};

// A branch from a checkpoint (stackrace run --from): these --set of levers
// (policy.levers.FIELD=VALUE only) are checked as any --set, then become one
// more dated change, in `month` (merged into a change the scenario has in
// that month), instead of replacing policy.levers.
struct SpecBranch {
  std::vector<std::string> sets;
  Month month;
};

struct Spec {
  std::string config_path;
  std::vector<std::string> overrides;  // "path=value", in order
  std::vector<SpecBranch> branches;  // of a run continued from checkpoints, in order
  Scenario scenario;                   // resolved: overrides and --adopters applied
  World world;
  Month start, end;
  int months = 0;  // horizon length
  Month calibration_h1, calibration_h2;
  // supply.projection_end_month when set: months after it extrapolate the
  // supply side's growth rates.
  std::optional<Month> projection_end;
  SupplyIndex supply_index;
  std::vector<std::array<bool, kStackCount>> available;  // [country][stack], at the start
  // Blocks that begin after the start (access.blocked's from_month), in the
  // scenario's order.
  struct DatedBlock {
    Month from;
    int stack = 0;
    std::vector<int> countries;
  };
  std::vector<DatedBlock> dated_blocks;
  // Economies whose observed 2025 shares the run must not see (out-of-sample
  // validation, `fit`): they start from their covariates. Empty: none.
  std::vector<bool> held_out;
  bool is_held_out(std::size_t country) const { return country < held_out.size() && held_out[country]; }
};

struct SpecOptions {
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> adopters;
};


// Assembles the scenario with options' --set and --adopters
// (sim/scenario_files.h), then validates it and compiles it with its data
// files. Throws InputError with every problem found (file:line:column or
// field path, value, expectation).
Spec load_spec(const std::string& scenario_path, const SpecOptions& options = {},
               const std::vector<SpecBranch>& branches = {});

// A line for stderr when the horizon runs past supply.projection_end_month
// (months after it extrapolate the supply side's growth rates); empty when it
// does not, or when the supply file sets no such month.
std::string horizon_warning(const Spec& spec);

// A scenario loaded once, then checked with further --set overrides without
// reading its files again: how a study checks each of its design points
// before any run, where a load_spec per point would read and parse every
// file again (thousands of times for a large design).
class SpecVariants {
 public:
  // load_spec(scenario_path, options); throws as it does.
  SpecVariants(const std::string& scenario_path, const SpecOptions& options);

  const Spec& base() const { return base_; }

  // Throws the InputError that load_spec would for `options` with `overrides`
  // appended to its --set, and nothing when that loads. Only a variant that
  // names other data files (world_data, world_config, observed_adoption)
  // reads a file. Safe to call from several threads at once.
  void check(const std::vector<std::string>& overrides) const;

 private:
  AssembledScenario assembled_;  // the files as read, with options' overrides
  std::optional<std::uint64_t> adopters_;
  Spec base_;
};

}  // namespace stackrace
