// The golden run: one fixed hash of the result files of a small run of the
// shipped baseline scenario (20,000 adopters, 2025-01..2026-12, seed 7), the
// same at 1, 2 and 4 threads. Comparing thread counts with each other finds
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

std::string golden_run_hash(const Spec& spec, int threads) {
  const RunFiles files = run_files(spec, 7, threads);
  EXPECT_TRUE(split_lines(files.countries).front().ends_with(",region,income_group,export_tier,partner"))
      << "the context columns come last, after the results";
  const std::string countries = result_columns(files.countries);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const std::pair<const char*, const std::string&> named[] = {{"global.csv", files.global},
                                                              {"countries.csv", countries},
                                                              {"events.csv", files.events},
                                                              {"trajectory.pb", files.trajectory}};
  for (const auto& [name, bytes] : named) {
    EXPECT_FALSE(bytes.empty()) << name;
    h = fnv1a(fnv1a(h, name), bytes);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, h);
  return hex;
}

TEST(Golden, BaselineHashIsFixedAtOneTwoAndFourThreads) {
  SpecOptions options;
  options.adopters = 20000;
  options.overrides = {"horizon.end_month=2026-12"};
  const Spec spec = load_spec(std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto", options);
  ASSERT_EQ(spec.months, 24);
  for (const int threads : {1, 2, 4}) {
    EXPECT_EQ(golden_run_hash(spec, threads), kModelHash)
        << "at " << threads << " threads. If this commit changes results on purpose, set kModelHash in "
        << "sim/model_identity.h to the new value and say why in the commit message.";
  }
}

}  // namespace
}  // namespace stackrace
