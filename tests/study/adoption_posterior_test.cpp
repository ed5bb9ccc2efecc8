// The adoption posterior (configs/calibration/adoption_posterior.textproto):
// the shipped file loads, a damaged one is refused with its line, and
// `compare --posterior` runs replicate r on accepted set r mod N.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "base/errors.h"
#include "sim/model_identity.h"
#include "sim/spec.h"
#include "study/adoption_calibration.h"
#include "study/compare.h"
#include "support/files.h"

namespace stackrace {
namespace {

using test_support::read_file;
using test_support::TempDir;
using test_support::write_file;

const std::string kPosterior = std::string(STACKRACE_ROOT) + "/configs/calibration/adoption_posterior.textproto";
const std::string kCompare = std::string(STACKRACE_ROOT) + "/configs/compare.textproto";
const std::string kBaseline = std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto";

std::string refusal(const std::string& path) {
  try {
    load_adoption_posterior(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(AdoptionPosterior, ShippedFileLoadsWithItsSetsInRange) {
  const AdoptionPosterior p = load_adoption_posterior(kPosterior);
  ASSERT_GT(p.sample_size(), 1);
  EXPECT_GT(p.holdout_sample_size(), 0);
  EXPECT_EQ(p.median().set_size(), p.sample(0).set_size());
  // Closest to the 2025 patterns first.
  for (int i = 1; i < p.sample_size(); ++i) EXPECT_LE(p.sample(i - 1).distance_pp(), p.sample(i).distance_pp());
  // Each distance is the sum of the four patterns' errors, all recorded.
  bool growth_scored = false;
  for (const ParameterSet& s : p.sample()) {
    EXPECT_NEAR(s.distance_pp(),
                s.mae_pp() + s.income_slope_error_pp() + s.north_south_error_pp() + s.growth_gradient_error_pp(), 1e-9);
    growth_scored = growth_scored || s.growth_gradient_error_pp() > 0;
  }
  EXPECT_TRUE(growth_scored);
}

// Every accepted set implies a take-up elasticity inside the plan's plausible
// range, and the range is the measured one.
TEST(AdoptionPosterior, AcceptedSetsArePlausible) {
  const CalibrationPlan plan =
      load_calibration_plan(std::string(STACKRACE_ROOT) + "/configs/calibration/adoption_plan.textproto");
  ASSERT_LT(plan.take_up_elasticity_min(), plan.take_up_elasticity_max());
  const AdoptionPosterior p = load_adoption_posterior(kPosterior);
  for (const auto* sets : {&p.sample(), &p.holdout_sample()}) {
    for (const ParameterSet& set : *sets) {
      EXPECT_GE(set.take_up_elasticity(), plan.take_up_elasticity_min());
      EXPECT_LE(set.take_up_elasticity(), plan.take_up_elasticity_max());
    }
  }
}

TEST(AdoptionPosterior, AValueOutsideItsRangeIsRefusedWithItsLine) {
  TempDir dir;
  const std::string text = read_file(kPosterior);
  const std::size_t at = text.find("adoption.inclusive_value_weight=");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = text.find('"', at);
  std::string bad = text;
  bad.replace(at, end - at, "adoption.inclusive_value_weight=7");
  const std::string path = (dir.path() / "posterior.textproto").string();
  write_file(path, bad);
  const std::string e = refusal(path);
  EXPECT_NE(e.find("posterior.textproto:"), std::string::npos) << e;
  EXPECT_NE(e.find("adoption.inclusive_value_weight = 7: expected a value in [0, 1]"), std::string::npos) << e;
}

// A posterior sets adoption parameters only: a policy lever or any other
// field in it would change the compared scenarios under --posterior.
TEST(AdoptionPosterior, ASetOutsideAdoptionIsRefusedWithItsLine) {
  TempDir dir;
  const std::string text = read_file(kPosterior);
  const std::string first = "set: \"adoption.use_constant=";
  const std::size_t at = text.find(first);
  ASSERT_NE(at, std::string::npos);
  std::string bad = text;
  bad.insert(at, "set: \"policy.levers.remote_access_closure=1\"\n  ");
  const std::string path = (dir.path() / "posterior.textproto").string();
  write_file(path, bad);
  // Where the inserted line is: line and column of `at`, counted from 1.
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(bad.begin(), bad.begin() + at, '\n'));
  const std::size_t column = at - bad.rfind('\n', at - 1);
  EXPECT_EQ(refusal(path), path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                               ": policy.levers.remote_access_closure: expected an adoption parameter (adoption.*): "
                               "the calibration fits only those");
}

// Every set of a posterior sets the same parameters, each once: a sample that
// leaves one out would run it at the scenario's own value without a word.
TEST(AdoptionPosterior, SetsThatDisagreeOnTheirParametersAreRefused) {
  TempDir dir;
  const std::string path = (dir.path() / "posterior.textproto").string();
  const std::string text = read_file(kPosterior);
  const std::size_t second = text.find("sample {", text.find("sample {") + 1);
  ASSERT_NE(second, std::string::npos);
  const std::size_t line = text.find("  set: \"adoption.imitation_q_per_month=", second);
  ASSERT_NE(line, std::string::npos);
  std::string missing = text;
  missing.erase(line, text.find('\n', line) + 1 - line);
  write_file(path, missing);
  const std::string e = refusal(path);
  EXPECT_NE(e.find("sample[1] sets adoption.innovation_p_per_month, adoption.use_constant"), std::string::npos) << e;
  EXPECT_NE(e.find("every set of a posterior sets the same parameters"), std::string::npos) << e;
  std::string twice = text;
  twice.insert(line, text.substr(line, text.find('\n', line) + 1 - line));
  write_file(path, twice);
  EXPECT_NE(refusal(path).find("adoption.imitation_q_per_month is set twice in sample[1]"), std::string::npos)
      << refusal(path);
  // An accepted set with no `set` lines would run at the scenario's values.
  std::string empty = text;
  const std::size_t body = empty.find("  set: ", second);
  empty.erase(body, empty.find("  distance_pp", body) - body);
  write_file(path, empty);
  EXPECT_NE(refusal(path).find("sample[1]: expected its `set` lines"), std::string::npos) << refusal(path);
  // Distances are never negative.
  std::string negative = text;
  const std::size_t distance = negative.find("distance_pp: ");
  negative.replace(distance, negative.find('\n', distance) - distance, "distance_pp: -3");
  write_file(path, negative);
  EXPECT_NE(refusal(path).find("distance_pp = -3: expected a value in [0, 100]"), std::string::npos) << refusal(path);
}

// The set that differs from the rest is the one named, even when it is the
// first: sample[0] without one parameter is reported at its own line, beside
// the parameters the other sets agree on.
TEST(AdoptionPosterior, TheSetThatDiffersFromTheRestIsTheOneNamed) {
  TempDir dir;
  const std::string path = (dir.path() / "posterior.textproto").string();
  std::string text = read_file(kPosterior);
  const std::size_t first = text.find("sample {");
  const std::size_t line = text.find("  set: \"adoption.imitation_q_per_month=", first);
  ASSERT_NE(line, std::string::npos);
  text.erase(line, text.find('\n', line) + 1 - line);
  write_file(path, text);
  const std::string e = refusal(path);
  const int line_number = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(first), '\n')) + 1;
  EXPECT_NE(e.find(":" + std::to_string(line_number) +
                   ":1: sample[0] sets adoption.innovation_p_per_month, "
                   "adoption.use_constant"),
            std::string::npos)
      << e;
  // Of the 24 samples, 24 holdout and 24 H1 sets, the median and the priors'
  // point, all but the one set agree.
  const AdoptionPosterior shipped = load_adoption_posterior(kPosterior);
  const int all = shipped.sample_size() + shipped.holdout_sample_size() + shipped.h1_sample_size() + 2;
  char agree[64];
  std::snprintf(agree, sizeof agree, ", but %d of the %d sets set ", all - 1, all);
  EXPECT_NE(e.find(std::string(agree) + "adoption.affordability_elasticity, adoption.imitation_q_per_month"),
            std::string::npos)
      << e;
}

// compare runs the closest sets, so the sets must stay in the order calibrate
// wrote them, and each distance the sum of its four errors.
TEST(AdoptionPosterior, SetsOutOfOrderOrWithADistanceThatIsNotTheSumAreRefused) {
  TempDir dir;
  const std::string path = (dir.path() / "posterior.textproto").string();
  const std::string text = read_file(kPosterior);
  const AdoptionPosterior shipped = load_adoption_posterior(kPosterior);
  ASSERT_GT(shipped.sample_size(), 1);
  // The second sample's distance made smaller than the first's, errors kept.
  std::string closer = text;
  const std::size_t second = closer.find("distance_pp: ", closer.find("distance_pp: ") + 1);
  closer.replace(second, closer.find('\n', second) - second, "distance_pp: 0.001");
  write_file(path, closer);
  std::string e = refusal(path);
  EXPECT_NE(e.find("sample[1].distance_pp = 0.001: expected the sum of mae_pp"), std::string::npos) << e;
  EXPECT_NE(e.find("sample[1].distance_pp is smaller than sample[0]'s: expected the sets closest first"),
            std::string::npos)
      << e;
  // Two whole sets swapped: every distance is right, the order is not.
  std::string swapped = text;
  const std::size_t a = swapped.find("sample {"), b = swapped.find("sample {", a + 1),
                    c = swapped.find("sample {", b + 1);
  ASSERT_NE(c, std::string::npos);
  swapped = swapped.substr(0, a) + swapped.substr(b, c - b) + swapped.substr(a, b - a) + swapped.substr(c);
  write_file(path, swapped);
  e = refusal(path);
  EXPECT_EQ(e.find("expected the sum"), std::string::npos) << e;
  EXPECT_NE(e.find("sample[1].distance_pp is smaller than sample[0]'s"), std::string::npos) << e;
}

// The message of loading `text` as a plan in `dir`, "" when it loads.
std::string plan_refusal(const TempDir& dir, const std::string& text) {
  const std::string path = (dir.path() / "plan.textproto").string();
  write_file(path, text);
  try {
    load_calibration_plan(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// One prior a field: a second one would be drawn, then overridden by the
// first's value in every set.
TEST(CalibrationPlan, ASecondPriorForTheSameFieldIsRefused) {
  TempDir dir;
  const std::string plan = std::string(STACKRACE_ROOT) + "/configs/calibration/adoption_plan.textproto";
  std::string text = read_file(plan);
  const std::size_t at = text.find("prior {");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = text.find("\n}\n", at) + 3;
  text.insert(end, text.substr(at, end - at));
  const std::string why = plan_refusal(dir, text);
  EXPECT_NE(why.find("adoption.innovation_p_per_month: a second prior for the same field"), std::string::npos) << why;
}

// A misspelt prior field is named by its path, once, at its line: not as a
// --set the user never typed, nor once for min and once for max.
TEST(CalibrationPlan, AMisspeltFieldIsNamedOnceByItsPath) {
  TempDir dir;
  std::string text = read_file(std::string(STACKRACE_ROOT) + "/configs/calibration/adoption_plan.textproto");
  const std::string field = "field: \"adoption.use_constant\"";
  ASSERT_NE(text.find(field), std::string::npos);
  text.replace(text.find(field), field.size(), "field: \"adoption.use_konstant\"");
  const std::string what = plan_refusal(dir, text);
  const std::string said = "adoption.use_konstant: unknown field 'use_konstant'";
  EXPECT_NE(what.find(said), std::string::npos) << what;
  EXPECT_EQ(what.find(said), what.rfind(said)) << what;
  EXPECT_EQ(what.find("--set"), std::string::npos) << what;
}

// The scenario a plan calibrates is loaded with the plan: a wrong path is
// the plan's error, at its line, not a bare file error at the first draw.
TEST(CalibrationPlan, AMissingScenarioIsRefusedAtItsLine) {
  TempDir dir;
  std::string text = read_file(std::string(STACKRACE_ROOT) + "/configs/calibration/adoption_plan.textproto");
  const std::size_t at = text.find("\nscenario: \"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at + 1, text.find('\n', at + 1) - at - 1, "scenario: \"nosuch.textproto\"");
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at) + 1, '\n'));
  const std::string plan = (dir.path() / "plan.textproto").string();
  EXPECT_EQ(plan_refusal(dir, text), plan + ":" + std::to_string(line) + ":1: scenario = \"nosuch.textproto\": " +
                                         (dir.path() / "nosuch.textproto").string() +
                                         ": no such file, expected a scenario");
}

TEST(AdoptionPosterior, AnUnknownParameterOrAnEmptyFileIsRefused) {
  TempDir dir;
  const std::string path = (dir.path() / "posterior.textproto").string();
  std::string text = read_file(kPosterior);
  text.replace(text.find("adoption.use_constant="), 22, "adoption.use_constnt=");
  write_file(path, text);
  EXPECT_NE(refusal(path).find("use_constnt"), std::string::npos) << refusal(path);
  write_file(path, "plan: \"x\"\n");
  EXPECT_NE(refusal(path).find("expected at least one accepted parameter set"), std::string::npos) << refusal(path);
}

TEST(AdoptionPosterior, CompareRunsReplicateROnAcceptedSetRModN) {
  const AdoptionPosterior p = load_adoption_posterior(kPosterior);
  CompareOptions options;
  options.adopters = 20000;
  options.replicates = 3;
  options.posterior = kPosterior;
  options.overrides = {"adoption.inclusive_value_weight=0.25"};  // --set still wins
  const LoadedComparison loaded = load_comparison(kCompare, options);
  ASSERT_EQ(loaded.posterior_sets, static_cast<std::uint32_t>(p.sample_size()));
  ASSERT_EQ(loaded.replicate_specs.size(), loaded.specs.size());
  for (const auto& scenario : loaded.replicate_specs) {
    ASSERT_EQ(scenario.size(), 3u);
    for (int r = 0; r < 3; ++r) {
      const Adoption& a = scenario[r].scenario.adoption();
      const std::string expected = "adoption.use_constant=";
      for (const std::string& set : p.sample(r).set())
        if (set.rfind(expected, 0) == 0) {
          EXPECT_DOUBLE_EQ(a.use_constant(), std::stod(set.substr(expected.size())));
        }
      EXPECT_DOUBLE_EQ(a.inclusive_value_weight(), 0.25);
    }
  }
  // Without --posterior every replicate runs the scenario's own values.
  options.posterior.reset();
  EXPECT_TRUE(load_comparison(kCompare, options).replicate_specs.empty());
}

// A posterior calibrated on another model is used, with a warning that says
// which models and what to do; the shipped one, made on this model, has none.
TEST(AdoptionPosterior, OneCalibratedOnAnotherModelIsWarnedAbout) {
  const AdoptionPosterior shipped = load_adoption_posterior(kPosterior);
  ASSERT_EQ(shipped.model_hash(), kModelHash) << "rerun make calibrate";
  const std::uint64_t world = load_spec(kBaseline).world.digest;
  ASSERT_EQ(shipped.world_digest(), world) << "rerun make calibrate";
  EXPECT_EQ(stale_posterior_warning(shipped, kPosterior, world), "");
  TempDir dir;
  const std::string path = (dir.path() / "posterior.textproto").string();
  std::string text = read_file(kPosterior);
  const std::string recorded = "model_hash: \"" + std::string(kModelHash) + "\"";
  ASSERT_NE(text.find(recorded), std::string::npos);
  text.replace(text.find(recorded), recorded.size(), "model_hash: \"0123456789abcdef\"");
  write_file(path, text);
  const std::string expected = "warning: " + path +
                               ": the posterior was calibrated on model 0123456789abcdef, this is model " +
                               kModelHash +
                               ": its accepted sets may no longer fit the 2025 patterns; rerun `make calibrate`";
  EXPECT_EQ(stale_posterior_warning(load_adoption_posterior(path), path, world), expected);
  CompareOptions options;
  options.adopters = 20000;
  options.posterior = path;
  EXPECT_EQ(load_comparison(kCompare, options).posterior_warning, expected);
  options.posterior = kPosterior;
  EXPECT_EQ(load_comparison(kCompare, options).posterior_warning, "");
}

// A posterior calibrated on other world data (here, edited observations) is
// warned about likewise, where it meets a scenario to compare with; one that
// records no digest, or a check without a scenario, says nothing.
TEST(AdoptionPosterior, OneCalibratedOnOtherWorldDataIsWarnedAbout) {
  AdoptionPosterior p = load_adoption_posterior(kPosterior);
  const std::uint64_t world = load_spec(kBaseline).world.digest;
  p.set_world_digest(world + 1);
  const std::string warning = stale_posterior_warning(p, "post.textproto", world);
  EXPECT_EQ(warning.rfind("warning: post.textproto: the posterior was calibrated on other world data", 0), 0u)
      << warning;
  EXPECT_EQ(stale_posterior_warning(p, "post.textproto", 0), "");
  p.set_world_digest(0);
  EXPECT_EQ(stale_posterior_warning(p, "post.textproto", world), "");
}

}  // namespace
}  // namespace stackrace
