#include "study/adoption_calibration.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "base/errors.h"
#include "base/range_check.h"
#include "base/set_override.h"
#include "base/text_escape.h"
#include "base/textproto_parse.h"
#include "sim/model_identity.h"
#include "sim/runner.h"
#include "sim/spec.h"
#include "study/sobol_sequence.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

constexpr double kPercentPoints = 100.0;  // shares to percentage points

PatternData scored_data(const Spec& spec, const RunReport& r, Scored scored) {
  PatternData d;
  std::size_t next = 0;
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.observed) continue;
    const std::size_t i = next++;
    const bool held_out = spec.is_held_out(c);
    if ((scored == Scored::kTraining && held_out) || (scored == Scored::kHeldOut && !held_out)) continue;
    d.simulated.push_back(r.simulated_h2.at(i));
    d.observed.push_back(r.observed_h2.at(i));
    d.h1.push_back(r.observed_h1.at(i));
    d.gdp_per_capita.push_back(country.gdp_per_capita_usd);
    d.developing.push_back(country.developing());
  }
  return d;
}

// The parameter an assignment "path=value" sets.
std::string path_of(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

// Problems with one "path=value" assignment to a scenario: unknown or
// unparsable (apply_override's message), not an adoption parameter, or
// outside the field's range.
std::vector<std::string> assignment_problems(const std::string& assignment) {
  Scenario s;
  std::string path;
  try {
    path = apply_override(s, assignment);
  } catch (const InputError& e) {
    // Named by its path: the file's line locates it (it is no --set the user typed).
    return {path_of(assignment) + ": " + e.message()};
  }
  // A posterior stands for adoption parameters fitted to the 2025 patterns:
  // one that set a policy lever or a supply parameter would change the
  // scenarios that `compare --posterior` compares, unseen.
  if (path.rfind("adoption.", 0) != 0)
    return {path + ": expected an adoption parameter (adoption.*): the calibration fits only those"};
  std::vector<Problem> all;
  check_ranges(s, SourceMap{}, {{path, assignment}}, all);
  std::vector<std::string> out;
  for (const Problem& p : all)
    if (p.what.rfind(path + " = ", 0) == 0) out.push_back(p.what);
  return out;
}

// The parameter paths a set assigns, in order ("adoption.use_constant=2" ->
// "adoption.use_constant").
std::vector<std::string> assigned_paths(const ParameterSet& set) {
  std::vector<std::string> paths;
  for (const std::string& s : set.set()) paths.push_back(path_of(s));
  return paths;
}

// Each assignment valid, and each parameter once.
void check_sets(const AdoptionPosterior& m, const SourceMap& source, const std::string& field, const ParameterSet& set,
                std::vector<Problem>& problems) {
  std::set<std::string> seen;
  for (int j = 0; j < set.set_size(); ++j) {
    const std::string where = source.locate(m, field + ".set[" + std::to_string(j) + "]");
    for (const std::string& what : assignment_problems(set.set(j))) problems.push_back({where, what});
    const std::string path = path_of(set.set(j));
    if (!seen.insert(path).second) problems.push_back({where, path + " is set twice in " + field});
  }
}

// Every set assigns the same parameters: one that leaves one out would run it
// at the scenario's own value without a word. The parameters most sets
// assign are taken as meant, and the first set that differs is reported.
void check_same_parameters(const AdoptionPosterior& m, const SourceMap& source,
                           const std::vector<std::pair<std::string, const ParameterSet*>>& sets,
                           std::vector<Problem>& problems) {
  const auto sorted_paths = [](const ParameterSet& set) {
    std::vector<std::string> paths = assigned_paths(set);
    std::sort(paths.begin(), paths.end());
    return paths;
  };
  std::map<std::vector<std::string>, int> count;
  for (const auto& [field, set] : sets)
    if (set->set_size() > 0) ++count[sorted_paths(*set)];
  if (count.size() < 2) return;
  const auto most =
      std::max_element(count.begin(), count.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  int assigning = 0;  // the sets that assign parameters (prior_point and median may be absent)
  for (const auto& [paths, n] : count) assigning += n;
  for (const auto& [field, set] : sets) {
    if (set->set_size() == 0 || sorted_paths(*set) == most->first) continue;
    problems.push_back({source.locate(m, field),
                        field + " sets " + comma_list(assigned_paths(*set)) + ", but " + std::to_string(most->second) +
                            " of the " + std::to_string(assigning) + " sets set " + comma_list(most->first) +
                            ": every set of a posterior sets the same parameters"});
    return;
  }
}

// The accepted sets of `field` are listed closest first by `key` (the
// distance, or for h1_sample the H1 MAE), each distance the sum of the four
// patterns' errors, as calibrate writes them: compare runs the closest sets,
// so a file edited out of that order would quietly run others.
void check_distances(const AdoptionPosterior& m, const SourceMap& source, const std::string& field,
                     const google::protobuf::RepeatedPtrField<ParameterSet>& sets, double (ParameterSet::*key)() const,
                     const char* key_name, std::vector<Problem>& problems) {
  constexpr double kTolerancePp = 1e-6;  // calibrate writes the values to round-trip precision
  for (int i = 0; i < sets.size(); ++i) {
    const ParameterSet& s = sets.Get(i);
    const std::string name = field + "[" + std::to_string(i) + "]";
    // The field's line, or the set's when the field is not written.
    const auto at = [&](const std::string& sub) {
      const std::string where = source.locate(m, name + "." + sub);
      return where == source.locate(m, "") ? source.locate(m, name) : where;
    };
    const double sum =
        PatternDistance{s.mae_pp(), s.income_slope_error_pp(), s.north_south_error_pp(), s.growth_gradient_error_pp()}
            .total();
    if (std::fabs(s.distance_pp() - sum) > kTolerancePp) {
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    ".distance_pp = %.6g: expected the sum of mae_pp, income_slope_error_pp, north_south_error_pp "
                    "and growth_gradient_error_pp (%.6g)",
                    s.distance_pp(), sum);
      problems.push_back({at("distance_pp"), name + buf});
    }
    if (i > 0 && (s.*key)() < (sets.Get(i - 1).*key)()) {
      problems.push_back({at(key_name), name + "." + key_name + " is smaller than " + field + "[" +
                                            std::to_string(i - 1) +
                                            "]'s: expected the sets closest first, as calibrate writes them"});
    }
  }
}

std::string format_value(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::vector<std::string> draw_sets(const CalibrationPlan& plan, const std::vector<double>& u) {
  std::vector<std::string> sets;
  for (int i = 0; i < plan.prior_size(); ++i) {
    const Prior& p = plan.prior(i);
    const double v = p.log_scale() ? std::exp(std::log(p.min()) + u[i] * (std::log(p.max()) - std::log(p.min())))
                                   : p.min() + u[i] * (p.max() - p.min());
    sets.push_back(p.field() + "=" + format_value(v));
  }
  return sets;
}

ParameterSet parameter_set(const std::vector<std::string>& sets, const Evaluation& e) {
  const PatternDistance& d = e.distance;
  ParameterSet out;
  out.set_take_up_elasticity(e.take_up_elasticity);
  out.set_h1_mae_pp(e.h1_mae_pp);
  for (const std::string& s : sets) out.add_set(s);
  out.set_distance_pp(d.total());
  out.set_mae_pp(d.mae_pp);
  out.set_income_slope_error_pp(d.income_slope_error_pp);
  out.set_north_south_error_pp(d.north_south_error_pp);
  out.set_growth_gradient_error_pp(d.growth_gradient_error_pp);
  return out;
}

// Drops the sets whose implied take-up elasticity lies outside the plan's
// plausible range; refuses a plan under which none is plausible.
void drop_implausible(const CalibrationPlan& plan, std::vector<ParameterSet>& sets) {
  if (plan.take_up_elasticity_min() == 0 && plan.take_up_elasticity_max() == 0) return;
  std::erase_if(sets, [&](const ParameterSet& p) {
    return p.take_up_elasticity() < plan.take_up_elasticity_min() ||
           p.take_up_elasticity() > plan.take_up_elasticity_max();
  });
  if (sets.empty()) {
    throw std::runtime_error("calibrate: no parameter set implies a take-up elasticity in [" +
                             format_value(plan.take_up_elasticity_min()) + ", " +
                             format_value(plan.take_up_elasticity_max()) + "]: widen the priors");
  }
}

void keep_closest(std::vector<ParameterSet>& sets, std::uint32_t keep,
                  google::protobuf::RepeatedPtrField<ParameterSet>* out,
                  double (ParameterSet::*distance)() const = &ParameterSet::distance_pp) {
  std::stable_sort(sets.begin(), sets.end(),
                   [&](const ParameterSet& a, const ParameterSet& b) { return (a.*distance)() < (b.*distance)(); });
  for (std::size_t i = 0; i < sets.size() && i < keep; ++i) *out->Add() = sets[i];
}

// The accepted values of parameter i, sorted.
std::vector<double> accepted_values(const AdoptionPosterior& p, int i) {
  std::vector<double> v;
  for (const ParameterSet& set : p.sample()) {
    const std::string& a = set.set(i);
    v.push_back(std::stod(a.substr(a.find('=') + 1)));
  }
  std::sort(v.begin(), v.end());
  return v;
}

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (at - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// -affordability_elasticity x (1 - P_use) at the start, over the developing
// economies weighted by population.
double take_up_elasticity(const Spec& spec, const std::vector<CountryStart>& start) {
  double weighted = 0, population = 0;
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.inhabited() || !country.developing()) continue;
    weighted += country.population * (1.0 - start[c].use_probability);
    population += country.population;
  }
  return population > 0 ? -spec.scenario.adoption().affordability_elasticity() * weighted / population : 0.0;
}

constexpr double kLowerQuantile = 0.05, kMedian = 0.5, kUpperQuantile = 0.95;

}  // namespace

Evaluation evaluate_adoption(const std::string& scenario, const std::vector<std::string>& sets,
                             std::uint64_t adopters, std::uint64_t seed, Scored scored) {
  SpecOptions o;
  o.adopters = adopters;
  o.overrides = sets;
  const Spec probe = load_spec(scenario, o);
  o.overrides.push_back("horizon.end_month=" + probe.calibration_h2.str());
  Spec spec = load_spec(scenario, o);
  if (scored != Scored::kAll) spec.held_out = holdout_split(spec.world);
  RunOptions ro;
  ro.seed = seed;
  const RunReport r = run(spec, ro);
  Evaluation e;
  e.data = scored_data(spec, r, scored);
  e.distance = pattern_distance(e.data);
  e.take_up_elasticity = take_up_elasticity(spec, r.start);
  double error = 0;
  for (std::size_t i = 0; i < r.simulated_h1.size(); ++i) error += std::abs(r.simulated_h1[i] - r.observed_h1[i]);
  e.h1_mae_pp = r.simulated_h1.empty() ? 0.0 : kPercentPoints * error / static_cast<double>(r.simulated_h1.size());
  return e;
}

std::string plan_scenario(const CalibrationPlan& plan, const std::string& plan_path) {
  return (fs::path(plan_path).parent_path() / plan.scenario()).lexically_normal().string();
}

CalibrationPlan load_calibration_plan(const std::string& path) {
  CalibrationPlan plan;
  const SourceMap source = load_checked(path, plan, kCalibrationPlanFile);
  std::vector<Problem> problems;
  if (plan.scenario().empty()) problems.push_back({path, "scenario: expected the scenario to calibrate"});
  if (plan.take_up_elasticity_min() > plan.take_up_elasticity_max()) {
    problems.push_back({source.locate(plan, "take_up_elasticity_min"),
                        "take_up_elasticity_min: expected at most take_up_elasticity_max"});
  }
  if (plan.keep() > plan.samples()) {
    problems.push_back({source.locate(plan, "keep"), "keep = " + std::to_string(plan.keep()) +
                                                          ": expected at most samples (" +
                                                          std::to_string(plan.samples()) + ")"});
  }
  if (plan.prior_size() == 0 || plan.prior_size() > kSobolMaxDimensions)
    problems.push_back({path, "prior: expected 1 to " + std::to_string(kSobolMaxDimensions) + " priors"});
  std::set<std::string> fields;
  for (int i = 0; i < plan.prior_size(); ++i) {
    const Prior& p = plan.prior(i);
    const std::string where = source.locate(plan, "prior[" + std::to_string(i) + "]");
    if (!fields.insert(p.field()).second)
      problems.push_back({where, p.field() + ": a second prior for the same field (give each field one prior)"});
    if (!(p.min() < p.max())) problems.push_back({where, p.field() + ": expected min < max"});
    if (p.log_scale() && !(p.min() > 0)) problems.push_back({where, p.field() + ": a log scale needs min > 0"});
    if (!(p.point() >= p.min() && p.point() <= p.max()))
      problems.push_back({where, p.field() + ": expected point in [min, max]"});
    std::set<std::string> said;  // an unknown field once, not for min and max
    for (double v : {p.min(), p.max()}) {
      for (const std::string& what : assignment_problems(p.field() + "=" + format_value(v))) {
        if (said.insert(what).second) problems.push_back({where, what});
      }
    }
  }
  // The scenario every draw runs: a missing or broken one is the plan's
  // error, found now rather than at the first draw.
  if (!plan.scenario().empty()) {
    try {
      load_spec(plan_scenario(plan, path));
    } catch (const InputError& e) {
      problems.push_back({source.locate(plan, "scenario"), "scenario = \"" + plan.scenario() + "\": " + e.what()});
    }
  }
  throw_if_any(problems);
  return plan;
}

AdoptionPosterior load_adoption_posterior(const std::string& path) {
  AdoptionPosterior m;
  const SourceMap source = load_checked(path, m, kPosteriorFile);
  std::vector<Problem> problems;
  if (m.sample_size() == 0) problems.push_back({path, "sample: expected at least one accepted parameter set"});
  std::vector<std::pair<std::string, const ParameterSet*>> sets;
  sets.reserve(static_cast<std::size_t>(m.sample_size() + m.holdout_sample_size() + m.h1_sample_size()) + 2);
  for (int i = 0; i < m.sample_size(); ++i) sets.emplace_back("sample[" + std::to_string(i) + "]", &m.sample(i));
  for (int i = 0; i < m.holdout_sample_size(); ++i)
    sets.emplace_back("holdout_sample[" + std::to_string(i) + "]", &m.holdout_sample(i));
  for (int i = 0; i < m.h1_sample_size(); ++i)
    sets.emplace_back("h1_sample[" + std::to_string(i) + "]", &m.h1_sample(i));
  sets.emplace_back("prior_point", &m.prior_point());
  sets.emplace_back("median", &m.median());
  for (const auto& [field, set] : sets) {
    check_sets(m, source, field, *set, problems);
    // prior_point and median may be absent; an accepted set may not be empty,
    // or its replicate would run at the scenario's own values.
    if (set->set_size() == 0 && field != "prior_point" && field != "median")
      problems.push_back({source.locate(m, field), field + ": expected its `set` lines (it sets no parameter)"});
  }
  if (problems.empty()) check_same_parameters(m, source, sets, problems);
  if (problems.empty()) {
    check_distances(m, source, "sample", m.sample(), &ParameterSet::distance_pp, "distance_pp", problems);
    check_distances(m, source, "holdout_sample", m.holdout_sample(), &ParameterSet::distance_pp, "distance_pp",
                    problems);
    check_distances(m, source, "h1_sample", m.h1_sample(), &ParameterSet::h1_mae_pp, "h1_mae_pp", problems);
  }
  throw_if_any(problems);
  return m;
}

std::string stale_posterior_warning(const AdoptionPosterior& posterior, const std::string& path,
                                    std::uint64_t world_digest) {
  if (!posterior.model_hash().empty() && posterior.model_hash() != kModelHash) {
    return "warning: " + path + ": the posterior was calibrated on model " + posterior.model_hash() +
           ", this is model " + kModelHash +
           ": its accepted sets may no longer fit the 2025 patterns; rerun `make "
           "calibrate`";
  }
  if (posterior.world_digest() != 0 && world_digest != 0 && posterior.world_digest() != world_digest) {
    return "warning: " + path +
           ": the posterior was calibrated on other world data (world_data, world_config or observed_adoption has "
           "changed since): its accepted sets may no longer fit the 2025 patterns; rerun `make calibrate`";
  }
  return "";
}

AdoptionPosterior calibrate_adoption(const CalibrationPlan& plan, const std::string& plan_path,
                                     const std::function<void(int, int)>& on_sample) {
  const std::string scenario = plan_scenario(plan, plan_path);
  // The world files as they are when the draws start (not after them).
  const std::uint64_t world_digest = load_spec(scenario).world.digest;
  SobolSequence sobol(plan.prior_size());
  sobol.next();  // the origin: every prior at its minimum
  std::vector<ParameterSet> all, training;
  const int n = static_cast<int>(plan.samples());
  for (int i = 0; i < n; ++i) {
    const std::vector<std::string> sets = draw_sets(plan, sobol.next());
    all.push_back(parameter_set(sets, evaluate_adoption(scenario, sets, plan.adopters(), plan.seed(), Scored::kAll)));
    training.push_back(
        parameter_set(sets, evaluate_adoption(scenario, sets, plan.adopters(), plan.seed(), Scored::kTraining)));
    if (on_sample) on_sample(i + 1, n);
  }
  drop_implausible(plan, all);
  drop_implausible(plan, training);
  AdoptionPosterior out;
  out.set_plan(plan_path);
  out.set_model_hash(kModelHash);
  out.set_world_digest(world_digest);
  out.set_samples_drawn(plan.samples());
  keep_closest(all, plan.keep(), out.mutable_sample());
  keep_closest(training, plan.keep(), out.mutable_holdout_sample());
  keep_closest(all, plan.keep(), out.mutable_h1_sample(), &ParameterSet::h1_mae_pp);
  for (int i = 0; i < plan.prior_size(); ++i) {
    const Prior& p = plan.prior(i);
    out.mutable_prior_point()->add_set(p.field() + "=" + format_value(p.point()));
    out.mutable_median()->add_set(p.field() + "=" + format_value(quantile(accepted_values(out, i), kMedian)));
  }
  return out;
}

std::string posterior_markdown(const CalibrationPlan& plan, const AdoptionPosterior& posterior) {
  std::string md = "| parameter | prior | accepted 5%-95% | median | accepted span / prior span |\n|---|---|---|---|---|\n";
  char buf[320];
  for (int i = 0; i < plan.prior_size(); ++i) {
    const Prior& p = plan.prior(i);
    const std::vector<double> v = accepted_values(posterior, i);
    const double lo = quantile(v, kLowerQuantile), hi = quantile(v, kUpperQuantile);
    const double span = p.log_scale() ? std::log(hi / lo) / std::log(p.max() / p.min()) : (hi - lo) / (p.max() - p.min());
    std::snprintf(buf, sizeof buf, "| `%s` | %s%.4g .. %.4g | %.4g .. %.4g | %.4g | %.2f |\n", p.field().c_str(),
                  p.log_scale() ? "log-uniform " : "uniform ", p.min(), p.max(), lo, hi, quantile(v, kMedian), span);
    md += buf;
  }
  return md;
}

std::string posterior_text(const AdoptionPosterior& posterior) {
  std::string body;
  google::protobuf::TextFormat::PrintToString(posterior, &body);
  return "# stackrace.AdoptionPosterior (base/proto/calibration.proto): the accepted adoption\n"
         "# parameter sets, closest to the 2025 patterns first. Written by stackrace calibrate " +
         posterior.plan() + "\n# (make calibrate for the shipped one); do not edit. docs/calibration.md explains it.\n" +
         body;
}

}  // namespace stackrace
