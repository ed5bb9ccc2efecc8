// The golden run: one fixed hash of the result files of a small run of the
// shipped baseline scenario (20,000 adopters, 2025-01..2026-12, seed 7), the
// same at 1, 2 and 4 threads. Comparing thread counts with each other finds
// nondeterminism; this fixed hash also finds drift between commits.
//
// The expected hash is kModelHash (sim/model_identity.h), the model identity
// that run manifests and study databases record. A change that alters results
// on purpose updates kModelHash in the same commit and says why in the commit
// message (the failure prints the new value). Any other change of the hash is a bug. The manifest is left out: it
// records the thread count and wall time.

#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "sim/model_identity.h"
#include "sim/spec.h"
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

std::string golden_run_hash(const Spec& spec, int threads) {
  const RunFiles files = run_files(spec, 7, threads);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const std::pair<const char*, const std::string&> named[] = {{"global.csv", files.global},
                                                              {"countries.csv", files.countries},
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
