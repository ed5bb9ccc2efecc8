#pragma once
// A validated, immutable description of one run: the scenario after --set
// overrides, the world it refers to, and the compiled supply path.
// load_spec() is the only way in; everything after it may assume valid input.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "months.h"
#include "scenario.pb.h"
#include "supply_schedule.h"
#include "world.h"

namespace stackrace {

struct Spec {
  std::string config_path;
  std::vector<std::string> overrides;  // "path=value", in order
  Scenario scenario;                   // resolved: overrides and --adopters applied
  World world;
  Month start, end;
  int months = 0;      // horizon length
  Month calibration_h1, calibration_h2;
  SupplySchedule supply;
  std::vector<std::array<bool, kStackCount>> available;  // [country][stack]
};

struct SpecOptions {
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> adopters;
};

// Loads and validates a scenario with its data files. Throws InputError with
// every problem found (file:line:column or field path, value, expectation).
Spec load_spec(const std::string& scenario_path, const SpecOptions& options = {});

}  // namespace stackrace
