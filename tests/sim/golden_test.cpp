// The golden run: one fixed hash of the result files of two small runs of the
// shipped baseline scenario (20,000 adopters, 2025-01..2026-12, seed 7): as
// shipped, and with every policy lever moved from 2026-01, so that a change
// in how a lever acts changes the hash too. The same at 1, 2 and 4 threads. Comparing thread counts with each other finds
// nondeterminism; this fixed hash also finds drift between commits.
//
// The expected hash is kModelHash (sim/model_identity.h), the model identity
// that run manifests and study databases record. A change that alters results
// on purpose updates kModelHash in the same commit and says why in the commit
// message (the failure prints the new value). Any other change of the hash is a bug. The manifest is left out: it
// records the thread count and wall time. So are countries.csv's context
// columns (region, income_group, export_tier, partner): they repeat the
// world data and the partnership trajectory.pb holds, and are no result of
// their own, so that adding such a column leaves the model's identity alone.

#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/model_identity.h"
#include "sim/spec.h"
#include "support/files.h"
#include "support/run_files.h"

namespace stackrace {
namespace {

using namespace test_support;

// FNV-1a, 64 bits: simple, fixed, and enough to tell two outputs apart.
std::uint64_t fnv1a(std::uint64_t h, const std::string& bytes) {
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The columns of countries.csv that are context, not results (see above).
const std::set<std::string> kContextColumns = {"region", "income_group", "export_tier", "partner"};

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// countries.csv without its context columns, found by name in the header.
std::string result_columns(const std::string& countries_csv) {
  std::vector<bool> keep;
  std::string out;
  for (const std::string& line : split_lines(countries_csv)) {
    const std::vector<std::string> fields = csv_fields(line);
    if (keep.empty()) {
      for (const std::string& name : fields) keep.push_back(kContextColumns.count(name) == 0);
    }
    EXPECT_EQ(fields.size(), keep.size()) << line;
    std::string kept;
    for (std::size_t i = 0; i < fields.size() && i < keep.size(); ++i)
      if (keep[i]) kept += (kept.empty() ? "" : ",") + fields[i];
    out += kept + "\n";
  }
  return out;
}

// The hash of the result files of each run of `specs` in turn, as 16 hex digits.
std::string golden_run_hash(const std::vector<Spec>& specs, int threads) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const Spec& spec : specs) {
    const RunFiles files = run_files(spec, 7, threads);
    EXPECT_TRUE(split_lines(files.countries).front().ends_with(",region,income_group,export_tier,partner"))
        << "the context columns come last, after the results";
    const std::string countries = result_columns(files.countries);
    const std::pair<const char*, const std::string&> named[] = {{"global.csv", files.global},
                                                                {"countries.csv", countries},
                                                                {"events.csv", files.events},
                                                                {"trajectory.pb", files.trajectory}};
    for (const auto& [name, bytes] : named) {
      EXPECT_FALSE(bytes.empty()) << name;
      h = fnv1a(fnv1a(h, name), bytes);
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, h);
  return hex;
}

// Every lever away from both its `pre` and its baseline value.
const std::vector<std::string> kLeversMoved = {
    "policy.levers.tier3_legal_sales_h100e_per_month=80000",
    "policy.levers.tier2_cap_h100e_per_country_month=30000",
    "policy.levers.enforcement_budget_musd_per_year=600",
    "policy.levers.remote_access_closure=0.5",
    "policy.levers.distillation_deterrence=0.7",
    "policy.levers.threat_intel_sharing=0.6",
    "policy.levers.us_export_promotion=0.7",
    "policy.levers.cn_export_promotion=0.8",
    "policy.levers.china_chip_subsidy=0.9",
    "policy.levers.us_open_weight_restriction=0.5",
    "policy.levers.allied_cn_service_restrictions=0.6",
    "policy.levers.us_retraining_spending_share_gdp=0.01",
    "policy.levers.cn_retraining_spending_share_gdp=0.005",
    "policy.levers.us_safety_net_expansion=0.4",
    "policy.levers.cn_safety_net_expansion=0.3",
};

TEST(Golden, BaselineHashIsFixedAtOneTwoAndFourThreads) {
  SpecOptions options;
  options.adopters = 20000;
  options.overrides = {"horizon.end_month=2026-12"};
  const std::string baseline = std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto";
  const Spec spec = load_spec(baseline, options);
  options.overrides.insert(options.overrides.end(), kLeversMoved.begin(), kLeversMoved.end());
  const Spec moved = load_spec(baseline, options);
  ASSERT_EQ(spec.months, 24);
  ASSERT_EQ(moved.months, 24);
  for (const int threads : {1, 2, 4}) {
    EXPECT_EQ(golden_run_hash({spec, moved}, threads), kModelHash)
        << "at " << threads << " threads. If this commit changes results on purpose, set kModelHash in "
        << "sim/model_identity.h to the new value and say why in the commit message.";
  }
}

}  // namespace
}  // namespace stackrace
