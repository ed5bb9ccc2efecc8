#include "support/tiny_world.h"

namespace stackrace::test_support {

namespace {

constexpr const char* kWorldData = R"(# tiny world for tests
provenance: "hand-built test world"
country {
  iso3: "USA"
  name: "United States"
  region: "north_america"
  population: 330000000
  gdp_per_capita_usd: 65000
}
country {
  iso3: "IND"
  name: "India"
  region: "south_asia"
  population: 1300000000
  gdp_per_capita_usd: 2000
  neighbour: ["CHN"]
}
country {
  iso3: "CHN"
  name: "China"
  region: "east_asia_pacific"
  population: 1400000000
  gdp_per_capita_usd: 10000
  neighbour: ["IND"]
}
country {
  iso3: "ATA"
  name: "Antarctica"
  region: "east_asia_pacific"
  population: 0
  gdp_per_capita_usd: 0
}
)";

constexpr const char* kWorldConfig = R"(# tiny world config for tests
income_thresholds { low_max_usd: 1145 lower_middle_max_usd: 4515 upper_middle_max_usd: 14005 }
income_group {
  group: LOW
  internet_share: 0.27
  internet_growth_pp_per_year: 2.0
  imputed_h1_2025_pct: 6.5
  imputed_h2_2025_pct: 7.0
}
income_group {
  group: LOWER_MIDDLE
  internet_share: 0.55
  internet_growth_pp_per_year: 2.5
  imputed_h1_2025_pct: 9.0
  imputed_h2_2025_pct: 9.8
}
income_group {
  group: UPPER_MIDDLE
  internet_share: 0.82
  internet_growth_pp_per_year: 1.5
  imputed_h1_2025_pct: 14.0
  imputed_h2_2025_pct: 15.2
}
income_group {
  group: HIGH
  internet_share: 0.93
  internet_growth_pp_per_year: 0.5
  imputed_h1_2025_pct: 28.0
  imputed_h2_2025_pct: 30.0
}
online_headroom_over_h2: 1.25
region {
  region: "north_america"
  alignment: 0.9
  enforcement_capacity: 0.85
  initial_stack_mix { us_closed: 0.9 us_open: 0.04 cn_closed: 0.01 cn_open: 0.03 other: 0.02 }
}
region {
  region: "east_asia_pacific"
  alignment: 0.1
  enforcement_capacity: 0.55
  initial_stack_mix { us_closed: 0.82 us_open: 0.05 cn_closed: 0.04 cn_open: 0.06 other: 0.03 }
}
region {
  region: "south_asia"
  alignment: 0.1
  enforcement_capacity: 0.45
  initial_stack_mix { us_closed: 0.84 us_open: 0.07 cn_closed: 0.01 cn_open: 0.06 other: 0.02 }
}
default_tier: 2
tier {
  tier: 1
  iso3: ["USA"]
}
tier {
  tier: 3
  iso3: ["CHN"]
}
# CHN's mix leans on US stacks on purpose: they are blocked there, so none of it may be used.
country {
  iso3: "CHN"
  alignment: -1.0
  initial_stack_mix { us_closed: 0.9 us_open: 0.05 cn_closed: 0.03 cn_open: 0.02 other: 0 }
}
country {
  iso3: "USA"
  alignment: 1.0
}
# USA (Tier 1) is the one US-allied government; no restrictions in force.
cn_service_restrictions { allied_max_export_tier: 1 }
# Made-up labour figures, ordered by income as the IMF's are; USA has its own.
# ("group:X" and a scalar cn_bloc_iso3, so that tests' text edits of the
# sections above stay unique.)
labour {
  income_group { group:HIGH exposed_complementary_share: 0.27 exposed_substitutable_share: 0.33 social_protection_coverage: 0.86 }
  income_group { group:UPPER_MIDDLE exposed_complementary_share: 0.16 exposed_substitutable_share: 0.24 social_protection_coverage: 0.7 }
  income_group { group:LOWER_MIDDLE exposed_complementary_share: 0.12 exposed_substitutable_share: 0.21 social_protection_coverage: 0.3 }
  income_group { group:LOW exposed_complementary_share: 0.08 exposed_substitutable_share: 0.18 social_protection_coverage: 0.1 }
  country { iso3: "USA" exposed_complementary_share: 0.3 exposed_substitutable_share: 0.3 social_protection_coverage: 0.8 }
  cn_bloc_iso3: "CHN"
  us_home_iso3: "USA"
  cn_home_iso3: "CHN"
}
)";

constexpr const char* kObserved = R"(# tiny observed adoption for tests
source: "made up"
economy { iso3: "CHN" name: "China" h1_2025_pct: 15.4 h2_2025_pct: 16.3 }
economy { iso3: "IND" name: "India" h1_2025_pct: 9.0 h2_2025_pct: 10.0 }
economy { iso3: "USA" name: "United States" h1_2025_pct: 30.0 h2_2025_pct: 33.0 }
)";

// One lab per stack (in stack order), a US-allied and a Chinese fab, one
// smuggler and one remote operator in IND (Tier 2), at roughly the shipped
// world's scale.
constexpr const char* kSupply = R"(# tiny supply side for tests
nvidia_fab: "nvidia"
huawei_fab: "huawei"
enforcement_scale_musd: 500
enforcement_response_per_busd_seized: 50
subsidy_growth_at_full_per_year: 0.16
compute_subsidy_share_at_full: 0.3
fab {
  name: "nvidia"
  bloc: US_ALLIED
  capacity_h100e_per_month: 600000
  yield: 0.9
  capacity_growth_per_year: 1.25
}
fab {
  name: "huawei"
  bloc: CHINA
  capacity_h100e_per_month: 110000
  yield: 0.5
  capacity_growth_per_year: 0.05
}
lab {
  name: "us_closed_lab"
  stack: US_CLOSED
  home_iso3: "USA"
  initial_compute_h100e: 1000000
  capex_musd_per_month: 6000
  capex_growth_per_year: 0.7
  revenue_reinvested: 0.8
  training_share: 0.35
  experiment_share: 0.3
  initial_capability_log10_flop: 26.5
  release_interval_months: 3
  price_usd_per_mtok: 6.0
  price_decline_per_year: 0.39
  misuse_compliance: 0.08
}
lab {
  name: "us_open_lab"
  stack: US_OPEN
  home_iso3: "USA"
  initial_compute_h100e: 600000
  capex_musd_per_month: 3000
  capex_growth_per_year: 0.6
  revenue_reinvested: 0.8
  training_share: 0.35
  experiment_share: 0.3
  initial_capability_log10_flop: 26.15
  release_interval_months: 6
  first_release_offset_months: 2
  price_usd_per_mtok: 0.8
  price_decline_per_year: 0.32
  misuse_compliance: 0.3
}
lab {
  name: "cn_closed_lab"
  stack: CN_CLOSED
  home_iso3: "CHN"
  initial_compute_h100e: 200000
  capex_musd_per_month: 1600
  capex_growth_per_year: 0.4
  revenue_reinvested: 0.8
  rental_budget_share: 0.2
  training_share: 0.35
  experiment_share: 0.3
  initial_capability_log10_flop: 25.86
  release_interval_months: 3
  first_release_offset_months: 1
  price_usd_per_mtok: 1.2
  price_decline_per_year: 0.32
  misuse_compliance: 0.5
  distills: true
}
lab {
  name: "cn_open_lab"
  stack: CN_OPEN
  home_iso3: "CHN"
  initial_compute_h100e: 200000
  capex_musd_per_month: 1300
  capex_growth_per_year: 0.4
  revenue_reinvested: 0.8
  rental_budget_share: 0.2
  training_share: 0.35
  experiment_share: 0.3
  initial_capability_log10_flop: 25.8
  release_interval_months: 3
  first_release_offset_months: 2
  price_usd_per_mtok: 0.6
  price_decline_per_year: 0.34
  misuse_compliance: 0.94
  distills: true
}
lab {
  name: "other_lab"
  stack: OTHER
  home_iso3: "IND"
  initial_compute_h100e: 20000
  capex_musd_per_month: 150
  capex_growth_per_year: 0.6
  revenue_reinvested: 0.8
  training_share: 0.35
  experiment_share: 0.3
  initial_capability_log10_flop: 25.4
  release_interval_months: 6
  first_release_offset_months: 3
  price_usd_per_mtok: 2.0
  price_decline_per_year: 0.32
  misuse_compliance: 0.3
}
smuggler {
  name: "ind_network"
  transit_iso3: "IND"
  capacity_h100e_per_month: 20000
  capacity_growth_per_year: 0.5
  margin: 1.0
}
remote_operator {
  name: "ind_dc"
  host_iso3: "IND"
  initial_hosted_h100e: 200000
  capex_musd_per_month: 500
  capex_growth_per_year: 0.7
  rentable_share: 0.15
}
chip_market {
  initial_price_usd_per_h100e: 25000
  price_trend_per_year: -0.25
  excess_demand_elasticity: 1.0
  max_monthly_change: 0.05
  depreciation_per_year: 0.15
  rental_price_share_per_month: 0.06
  other_us_allied_compute_h100e: 3500000
  other_china_compute_h100e: 700000
  tier2_partner_cap_multiplier: 2
}
capability {
  base_algorithmic_progress_log10_per_year: 0.45
  experiment_elasticity: 0.3
  pre_start_frontier_growth_log10_per_year: 0.9
  open_weight_threshold_h100e: 32000
}
distillation {
  attempted_mexchanges_per_month: 5
  deterrence_volume_elasticity: 2.5
  detection_per_mexchange: 0.05
  threat_intel_detection_gain: 9
  max_gap_closed_per_month: 0.3
  saturation_mexchanges: 5
  open_weight_mexchanges_per_month: 1
  cost_musd_per_mexchange: 0.05
}
services {
  tokens_per_user_per_month: 300000
  tokens_per_firm_user_per_month: 5e6
  tokens_per_public_body_user_per_month: 2e6
  tokens_per_h100e_month: 1.5e9
  congestion_elasticity: 0.5
  paid_token_share_household: 0.3
  paid_token_share_organisation: 0.9
  usage_growth_per_year: 0.8
  price_scale: 1
  initial_cost_share_of_price: 0.4
  competitor_range_log10: 0.3
  competition_markup_sensitivity: 0.3
}
)";

constexpr const char* kScenario = R"(# tiny scenario for tests (baseline parameters)
name: "tiny"
description: "three countries and an uninhabited one"
world_data: "../data/countries.textproto"
world_config: "../data/world.textproto"
observed_adoption: "../data/observed.textproto"
supply_config: "../data/supply.textproto"
seed: 42
horizon { start_month: "2025-01" end_month: "2025-12" }
population {
  adopters: 30000
  min_adopters_per_country: 50
  peers_per_adopter: 8
  cross_border_peer_share: 0.1
  neighbour_share_of_cross_border: 0.6
  firm_share: 0.05
  public_body_share: 0.01
  income_log_sd: 0.9
  organisation_income_multiple: 20
  income_bin_min_usd: 100
  income_bin_max_usd: 400000
}
adoption {
  imitation_q_per_month: 0.01
  peer_weight: 0.6
  innovativeness_log_sd: 0.8
  threshold_max: 0.3
  review_probability_per_month: 0.08
  discontinue_max_per_month: 0.02
  calibration_h1_month: "2025-06"
  calibration_h2_month: "2025-12"
  innovation_decay_per_year: 0.15
  innovation_p_per_month: 0.002
  use_constant: 0
  use_constant_firm: 1
  use_constant_public_body: 1
  affordability_elasticity: 0.5
  inclusive_value_weight: 0.3
  typical_use_growth_per_year: 0.64
}
choice {
  beta_capability_per_log10_flop: 1.2
  beta_price_per_ln_usd_mtok: 0.05
  price_income_elasticity: 0.6
  reference_income_usd: 13000
  beta_network: 2.0
  switching_cost: 1.0
  government_push_household: 0.2
  government_push_firm: 0.5
  government_push_public_body: 2.0
  organisation_price_sensitivity: 0.3
  cn_restriction_penalty_household: 3.0
  cn_restriction_penalty_firm: 4.0
  cn_restriction_penalty_public_body: 6.0
  open_weight_nest_lambda: 1
}
government {
  alignment_weight: 1.0
  # At the policy's export promotion of 0.5: offers 0.2 (US) and 0.3 (China), a 30% partner discount.
  us_offer_value_at_full_promotion: 0.4
  cn_offer_value_at_full_promotion: 0.6
  partner_price_discount_at_full_promotion: 0.6
  partner_bundle_utility_at_full_promotion: 0.5
  neutral_utility: 0.5
  incumbency_utility: 1.0
  capability_weight_per_log10_flop: 1.2
  price_weight_per_usd_mtok: 0.05
  safety_weight: 0.5
  review_interval_months: 12
}
safety {
  weight_household: 0.1
  weight_firm: 0.4
  weight_public_body: 1.0
}
resilience {
  automatable_share_max: 0.6 automatable_midpoint_log10: 4 automatable_width_log10: 1
  automation_adjustment_per_month: 0.04 displacement_per_automated_work: 0.5
  reemployment_rate_per_month: 0.05 reemployment_congestion_share: 0.05 reemployment_gain_per_pct_gdp_retraining: 0.5
  productivity_gain_at_full: 0.25 stability_displacement_weight: 8 safety_net_cushion: 0.7
  stability_income_weight: 1 stability_adjustment_per_month: 0.1
  backlash_stability_threshold: 0.9 backlash_public_use_cut: 0.5 backlash_automation_restriction: 0.5
  safety_net_cost_share_gdp_at_full: 0.03
}
policy {
  start_month: "2025-07"
  pre {
    tier3_legal_sales_h100e_per_month: 20000
    enforcement_budget_musd_per_year: 100
    remote_access_closure: 0
    distillation_deterrence: 0.3
    threat_intel_sharing: 0.3
    us_export_promotion: 0.5
    cn_export_promotion: 0.5
    china_chip_subsidy: 0.5
    us_open_weight_restriction: 0
    allied_cn_service_restrictions: 0
    us_retraining_spending_share_gdp: 0
    cn_retraining_spending_share_gdp: 0
    us_safety_net_expansion: 0
    cn_safety_net_expansion: 0
  }
  levers {
    tier3_legal_sales_h100e_per_month: 20000
    enforcement_budget_musd_per_year: 100
    distillation_deterrence: 0.3
    threat_intel_sharing: 0.3
    us_export_promotion: 0.5
    cn_export_promotion: 0.5
    china_chip_subsidy: 0.5
  }
}
access {
  blocked {
    stack: US_CLOSED
    iso3: ["CHN"]
  }
  blocked {
    stack: US_OPEN
    iso3: ["CHN"]
  }
}
)";

}  // namespace

TinyWorldTexts tiny_world_texts() { return {kScenario, kWorldData, kWorldConfig, kObserved, kSupply}; }

TinyWorld::TinyWorld(TinyWorldTexts texts) : dir_("stackrace_tiny"), texts_(std::move(texts)) {
  write_file(scenario_path(), texts_.scenario);
  write_file(world_data_path(), texts_.world_data);
  write_file(world_config_path(), texts_.world_config);
  write_file(observed_path(), texts_.observed);
  write_file(supply_config_path(), texts_.supply);
}

Spec TinyWorld::load(const SpecOptions& options) const { return load_spec(scenario_path().string(), options); }

}  // namespace stackrace::test_support
