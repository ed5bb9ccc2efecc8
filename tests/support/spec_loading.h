#pragma once
// Helpers for the tests that load the tiny world's scenario
// (tests/sim/spec_test.cpp, tests/sim/scenario_files_test.cpp): the error a
// load gives, --set options, where a text is written, and edits of the tiny
// world's scenario.

#include <filesystem>
#include <string>
#include <vector>

#include "sim/spec.h"
#include "support/tiny_world.h"

namespace stackrace::test_support {

// The InputError message of loading the world's scenario; a test failure
// when it loads.
std::string error_of(const TinyWorld& w, const SpecOptions& options = {});

// Options with these --set overrides.
SpecOptions sets(std::vector<std::string> overrides);

// "file:line:column" of the first occurrence of `needle` in `text`.
std::string at(const std::filesystem::path& file, const std::string& text, const std::string& needle);

// The tiny world's texts with `from` replaced by `to` in the scenario.
TinyWorldTexts with_scenario(const std::string& from, const std::string& to);

// The tiny world with its supply written inline in the scenario (no
// supply_config), so that supply problems are located at file:line:column.
// `from` -> `to` is applied to the supply text first.
TinyWorldTexts inline_supply(const std::string& from = "", const std::string& to = "");

// A scenario in its own directory (beside the tiny world's scenarios/) that
// starts from the tiny scenario.
inline constexpr const char* kDerivedScenario = R"(name: "derived"
base: "../scenarios/tiny.textproto"
policy {
  start_month: "2025-03"
  pre {
    tier3_legal_sales_h100e_per_month: 20000 enforcement_budget_musd_per_year: 100 remote_access_closure: 0
    distillation_deterrence: 0.3 threat_intel_sharing: 0.3 us_export_promotion: 0.25 cn_export_promotion: 0.5
    us_open_weight_restriction: 0 china_chip_subsidy: 0.5
    allied_cn_service_restrictions: 0
    us_retraining_spending_share_gdp: 0 cn_retraining_spending_share_gdp: 0
    us_safety_net_expansion: 0 cn_safety_net_expansion: 0
  }
  levers { tier3_legal_sales_h100e_per_month: 0 remote_access_closure: 1 }
}
)";

}  // namespace stackrace::test_support
