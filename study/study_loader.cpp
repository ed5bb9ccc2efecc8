#include "study/study_loader.h"

#include <google/protobuf/text_format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/field_path.h"
#include "base/problems.h"
#include "base/proto/scenario.pb.h"
#include "base/range_check.h"
#include "base/set_override.h"
#include "base/textproto_parse.h"
#include "sim/scenario_files.h"
#include "sim/spec.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

// Applies path=value to a copy of `scenario` and checks that field's range.
// Returns the problem, or nothing. A problem of another field is the base
// scenario's own: load_base reports it, located in the scenario file.
std::optional<std::string> try_value(const Scenario& scenario, const std::string& assignment) {
  Scenario copy = scenario;
  std::string path;
  try {
    path = apply_override(copy, assignment);
  } catch (const InputError& e) {
    return e.message();
  }
  if (path == "seed") return std::string(kStudySeedAdvice);
  std::vector<Problem> problems;
  check_ranges(copy, SourceMap(), {{path, assignment.substr(assignment.find('=') + 1)}}, problems);
  for (const Problem& p : problems)
    if (p.where.rfind("--set ", 0) == 0) return p.what;
  return std::nullopt;
}

void check_factor_values(const LoadedStudy& study, const Scenario& base, const SourceMap& source) {
  const StudySpec& spec = study.plan.spec;
  for (std::size_t i = 0; i < study.plan.factors.size(); ++i) {
    const StudyFactor& f = study.plan.factors[i];
    const std::string at = item_path("factor", static_cast<int>(i));
    std::vector<std::pair<std::string, double>> values;  // (field of the study file, value)
    if (f.has_levels) {
      for (std::size_t k = 0; k < f.levels.size(); ++k)
        values.push_back({at + "." + item_path("levels", static_cast<int>(k)), f.levels[k]});
    } else {
      values.push_back({at + ".min", f.min});
      values.push_back({at + ".max", f.max});
    }
    for (const auto& [field, value] : values) {
      if (auto problem = try_value(base, f.path + "=" + f.text(value)))
        throw InputError(source.locate(spec, field), "factor '" + f.name + "' = " + f.text(value) + ": " + *problem);
    }
  }
}

void check_outcome_months(const LoadedStudy& study, const SourceMap& source) {
  for (std::size_t i = 0; i < study.plan.outcomes.size(); ++i) {
    const OutcomeExpr& o = study.plan.outcomes[i];
    if (o.first < study.base_start || study.base_end < o.last) {
      throw InputError(source.locate(study.plan.spec, item_path("outcome", static_cast<int>(i)) + ".metric"),
                       "outcome '" + o.metric + "' reads " + o.first.str() +
                           (o.first == o.last ? "" : ".." + o.last.str()) + ", outside the base scenario's horizon " +
                           study.base_start.str() + ".." + study.base_end.str());
    }
  }
}

// A checkpoint at the end of branch_from, and at least one month after it
// for the levers to act in.
void check_branch_month(const LoadedStudy& study, const SourceMap& source) {
  const std::optional<Month>& month = study.plan.branch_from;
  if (!month || (!(*month < study.base_start) && *month < study.base_end)) return;
  throw InputError(source.locate(study.plan.spec, "branch_from"),
                   "branch_from = \"" + month->str() + "\" " +
                       (*month < study.base_start ? "is before the base scenario's horizon "
                                                  : "leaves no month of the base scenario's horizon ") +
                       study.base_start.str() + ".." + study.base_end.str() +
                       (*month < study.base_start ? "" : " after it") + ": expected " + study.base_start.str() +
                       " to " + Month{study.base_end.index - 1}.str() + " (the runs branch in the month after it)");
}

// Resolves the country, region and group series that the outcomes and the
// records read against the world, each error located at the first outcome
// or record that reads the series.
void resolve_outcome_series(LoadedStudy& study, const World& world, const SourceMap& source) {
  const StudyPlan& plan = study.plan;
  const std::size_t world_columns = global_column_names().size();
  std::vector<bool> done(plan.series.size(), false);
  study.series.resize(plan.series.size());
  const auto resolve_terms = [&](const std::vector<OutcomeTerm>& terms, const std::string& field) {
    for (const OutcomeTerm& t : terms) {
      if (static_cast<std::size_t>(t.column) < world_columns) continue;
      const std::size_t k = static_cast<std::size_t>(t.column) - world_columns;
      if (done[k]) continue;
      study.series[k] = resolve_series(plan.series[k], world, source.locate(plan.spec, field + ".metric"));
      done[k] = true;
    }
  };
  for (std::size_t i = 0; i < plan.outcomes.size(); ++i)
    resolve_terms(plan.outcomes[i].terms, item_path("outcome", static_cast<int>(i)));
  for (std::size_t i = 0; i < plan.records.size(); ++i)
    resolve_terms(plan.records[i].terms, item_path("record", static_cast<int>(i)));
  // Every series is read by some outcome or record (that is how it got there).
  if (std::find(done.begin(), done.end(), false) != done.end())
    throw std::logic_error("resolve_outcome_series: a scoped series that nothing reads");
}

// Checks each --set on its own against the base scenario with the study's
// `set`s applied (`raw`), and against the factors, then appends it to the
// spec's `set`s.
void add_command_line_sets(const std::vector<std::string>& sets, const StudyPlan& plan, Scenario& raw,
                           StudySpec& spec) {
  for (const std::string& assignment : sets) {
    const std::string where = "--set " + assignment;
    if (auto problem = try_value(raw, assignment)) throw InputError(where, *problem);
    const std::string path = apply_override(raw, assignment);
    for (const StudyFactor& f : plan.factors) {
      if (f.path == path) {
        throw InputError(where,
                         "the study's factor '" + f.name + "' varies " + path + ", so its values come from the design");
      }
    }
    spec.add_set(assignment);
  }
}

}  // namespace

std::string fingerprint_of(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return hex_digest(h);
}

std::string hex_digest(std::uint64_t digest) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(digest));
  return buf;
}

namespace {

// The whole base scenario with the spec's `set`s (the first `file_sets` of
// them written in the study file), its data files and cross-field checks.
void load_base(LoadedStudy& study, const StudySpec& spec, const SourceMap& source, int file_sets) {
  try {
    study.base = std::make_shared<const SpecVariants>(
        study.base_path, SpecOptions{std::vector<std::string>(spec.set().begin(), spec.set().end()), std::nullopt});
  } catch (const InputError& e) {
    // One error, of one of the study file's own `set`s: located at its line.
    const std::string what = e.what();
    for (int k = 0; k < file_sets && what.find('\n') == std::string::npos; ++k) {
      const std::string prefix = "--set " + spec.set(k) + ": ";
      if (what.rfind(prefix, 0) == 0) {
        throw InputError(source.locate(spec, item_path("set", k)),
                         "set \"" + spec.set(k) + "\": " + what.substr(prefix.size()));
      }
    }
    throw InputError(source.locate(spec, "base_scenario"),
                     "the base scenario with the study's set does not load:\n" + what);
  }
}

}  // namespace

LoadedStudy load_study(const std::string& spec_path, const std::vector<std::string>& sets) {
  StudySpec spec;
  const SourceMap source = load_checked(spec_path, spec, kStudySpecFile);
  LoadedStudy study;
  study.spec_path = spec_path;
  study.plan = plan_study(spec, source);
  const fs::path relative(spec.base_scenario());
  study.base_path = relative.is_absolute() ? relative.string()
                                           : (fs::path(spec_path).parent_path() / relative).lexically_normal().string();
  const std::string base_at = source.locate(spec, "base_scenario");
  if (!fs::is_regular_file(study.base_path)) {
    throw InputError(base_at,
                     "base_scenario = \"" + spec.base_scenario() + "\": " +
                         no_such_file(fs::path(spec_path).parent_path().string(), spec.base_scenario(), "study spec"));
  }

  // Each fixed `set` on its own, so that a bad one is located in the study file.
  Scenario raw;
  load_scenario_file(study.base_path, raw);
  for (int i = 0; i < spec.set_size(); ++i) {
    if (auto problem = try_value(raw, spec.set(i)))
      throw InputError(source.locate(spec, item_path("set", i)), "set \"" + spec.set(i) + "\": " + *problem);
    apply_override(raw, spec.set(i));
  }
  // Each option's `set`s on their own, against the base with the study's.
  for (int i = 0; i < spec.option_size(); ++i) {
    for (int k = 0; k < spec.option(i).set_size(); ++k) {
      const std::string& assignment = spec.option(i).set(k);
      if (auto problem = try_value(raw, assignment)) {
        throw InputError(source.locate(spec, item_path("option", i) + "." + item_path("set", k)),
                         "option '" + spec.option(i).name() + "': set \"" + assignment + "\": " + *problem);
      }
    }
  }
  const int file_sets = spec.set_size();  // those written in the study file
  // Then the command line's, planned as if the study had them.
  if (!sets.empty()) {
    add_command_line_sets(sets, study.plan, raw, spec);
    study.plan = plan_study(spec, source);
  }
  load_base(study, spec, source, file_sets);
  const Spec& base = study.base->base();
  study.base_start = base.start;
  study.base_end = base.end;
  check_factor_values(study, base.scenario, source);
  check_outcome_months(study, source);
  check_branch_month(study, source);
  resolve_outcome_series(study, base.world, source);

  std::string resolved;
  google::protobuf::TextFormat::PrintToString(base.scenario, &resolved);
  study.fingerprint = fingerprint_of(study.plan.canonical_text + '\0' + resolved);
  study.world_digest = hex_digest(base.world.digest);
  return study;
}

void check_points(const LoadedStudy& study, unsigned threads) {
  const StudyPlan& plan = study.plan;
  std::vector<std::string> errors(plan.point_count());
  tbb::task_arena arena(static_cast<int>(std::max(1u, threads)));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, plan.point_count(), [&](std::size_t p) {
      try {
        study.base->check(plan.point_overrides(p));
      } catch (const InputError& e) {
        errors[p] = e.what();
      }
    });
  });
  std::string text;
  int shown = 0, bad = 0;
  for (std::size_t p = 0; p < errors.size(); ++p) {
    if (errors[p].empty()) continue;
    ++bad;
    if (shown++ >= 3) continue;
    std::string values = plan.options.empty() ? "" : "option " + plan.options[plan.option_of(p)].name + "; ";
    for (std::size_t f = 0; f < plan.factors.size(); ++f)
      values += (f ? ", " : "") + plan.factors[f].name + "=" + plan.factors[f].text(plan.points[p][f]);
    text += "\n  design point " + std::to_string(p) + " (" + values + "): " + errors[p];
  }
  if (bad > 0) {
    throw InputError(study.spec_path, std::to_string(bad) + " of " + std::to_string(plan.point_count()) +
                                          " design points give an invalid scenario (factor ranges that are valid "
                                          "one by one conflict together):" +
                                          text);
  }
}

}  // namespace stackrace
