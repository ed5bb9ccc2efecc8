#include "study/study_plan.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <type_traits>

#include "base/errors.h"
#include "base/field_path.h"
#include "base/field_type.h"
#include "base/problems.h"
#include "base/proto/scenario.pb.h"
#include "base/range_check.h"
#include "base/text_escape.h"
#include "base/textproto_parse.h"
#include "study/study_streams.h"

namespace stackrace {

namespace pb = google::protobuf;

namespace {

// Columns the runs table, runs.csv and summary.csv have besides factors and
// outcomes (see study_db.cpp and study_outputs.cpp), and SQLite's own names
// for a table's row id: lower case, as names are compared ignoring case.
const std::set<std::string> kReservedColumns = {"run",    "point", "replicate", "seed",    "status",
                                                "wall_s", "n",     "rowid",     "_rowid_", "oid"};

std::string reserved_list() { return comma_list(kReservedColumns); }

// `text` with control characters as \xHH, for an error message.
std::string printable(const std::string& text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) {
      out += c;
      continue;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", u);
    out += hex;
  }
  return out;
}

// Designs above this many runs are almost certainly a typo (a grid of 10
// factors at 10 levels), and would not fit a database row id budget anyway.
constexpr std::size_t kMaxRuns = 100'000'000;

// Resolves a scenario field path ("a.b[2].c") against the Scenario schema.
// Returns the scalar field, or throws InputError at `where`. Indices are
// checked against the base scenario later (they depend on its content).
const pb::FieldDescriptor& resolve_field(const std::string& path, const std::string& where) {
  const pb::Descriptor* d = Scenario::descriptor();
  const pb::FieldDescriptor* f = nullptr;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = path.find('.', pos);
    std::string segment = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    const bool indexed = segment.find('[') != std::string::npos;
    const std::string name = segment.substr(0, segment.find('['));
    if (!d) throw InputError(where, "factor path '" + path + "': '" + f->name() + "' is a scalar and has no fields");
    f = d->FindFieldByName(name);
    if (!f) {
      std::string known;
      for (int i = 0; i < d->field_count(); ++i) known += (i ? ", " : "") + d->field(i)->name();
      throw InputError(where, "factor path '" + path + "': unknown field '" + name + "' in " + d->full_name() +
                                  " (known: " + known + ")");
    }
    if (f->is_repeated() && !indexed) {
      throw InputError(where,
                       "factor path '" + path + "': '" + name + "' is repeated: give an index, e.g. " + name + "[0]");
    }
    if (!f->is_repeated() && indexed)
      throw InputError(where, "factor path '" + path + "': '" + name + "' is not repeated: drop the index");
    d = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE ? f->message_type() : nullptr;
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  if (!is_number_field(*f)) {
    throw InputError(where, "factor path '" + path + "': " + f->full_name() +
                                " is not a number (a factor varies a numeric field; use `set` for others)");
  }
  return *f;
}

// Of a number field (resolve_field): whether it holds integers, so that
// factor values are rounded to whole numbers.
bool is_integer_field(const pb::FieldDescriptor& f) {
  return visit_field_type(f, [](auto tag) { return std::is_integral_v<typename decltype(tag)::type>; });
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

StudyFactor plan_factor(const StudySpec& spec, int i, const SourceMap& source) {
  const Factor& in = spec.factor(i);
  const std::string base = item_path("factor", i);
  auto at = [&](const std::string& field) { return source.locate(spec, base + "." + field); };
  StudyFactor f;
  f.path = in.path();
  if (f.path.empty()) throw InputError(at("path"), base + ".path is empty: expected a scenario field path");
  f.name = in.name().empty() ? in.path() : in.name();
  if (f.path == "seed") throw InputError(at("path"), std::string("factor '") + f.name + "': " + kStudySeedAdvice);
  const pb::FieldDescriptor& field = resolve_field(f.path, at("path"));
  f.integer = is_integer_field(field);
  const bool range = in.has_min() || in.has_max();
  f.has_levels = in.levels_size() > 0;
  if (range && f.has_levels)
    throw InputError(at("levels"), "factor '" + f.name + "' has both a range (min/max) and levels: give one");
  if (!range && !f.has_levels)
    throw InputError(at("path"), "factor '" + f.name + "' has no domain: give min and max, or levels");
  if (range) {
    if (!in.has_min() || !in.has_max())
      throw InputError(at(in.has_min() ? "min" : "max"), "factor '" + f.name + "' needs both min and max");
    f.min = in.min();
    f.max = in.max();
    if (!std::isfinite(f.min) || !std::isfinite(f.max) || !(f.min < f.max)) {
      throw InputError(at("max"),
                       "factor '" + f.name + "': max (" + number(f.max) + ") must exceed min (" + number(f.min) + ")");
    }
    if (f.integer && (f.min != std::floor(f.min) || f.max != std::floor(f.max))) {
      throw InputError(at("min"), "factor '" + f.name + "': " + field.full_name() +
                                      " holds integers, so min and max must be whole numbers");
    }
  } else {
    std::set<double> seen;
    for (int k = 0; k < in.levels_size(); ++k) {
      const double v = in.levels(k);
      const std::string where = source.locate(spec, base + "." + item_path("levels", k));
      if (!std::isfinite(v)) throw InputError(where, "factor '" + f.name + "': level is not a finite number");
      if (f.integer && v != std::floor(v)) {
        throw InputError(where, "factor '" + f.name + "': " + field.full_name() + " holds integers, level " +
                                    number(v) + " is not a whole number");
      }
      if (!seen.insert(v).second)
        throw InputError(where, "factor '" + f.name + "': level " + number(v) + " is listed twice");
      f.levels.push_back(v);
    }
  }
  return f;
}

// What a name must not be. SQLite compares column names case-insensitively,
// so the check lowers the name first.
std::string name_problem(const std::string& name, bool given) {
  if (name.empty()) return "is empty";
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "holds a control character (e.g. NUL)";
  // A name the spec writes must be an identifier: it heads a column in the
  // database, runs.csv and summary.csv, and is typed in scripts that read
  // them. Names derived from a path or metric (no `name:`) keep their dots
  // and '@', which the quoting in study_db.cpp and CSV fields handle.
  const bool identifier = (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                          std::all_of(name.begin(), name.end(),
                                      [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (given && !identifier) return "is not an identifier (expected letters, digits and _, not starting with a digit)";
  if (kReservedColumns.count(ascii_lower(name)))
    return "is reserved: the runs table and CSV files have a column of that name (reserved: " + reserved_list() + ")";
  return "";
}

// Every factor and outcome name: valid on its own, unique case-insensitively
// (SQLite would refuse two columns "a" and "A" only once the study has
// started), each error located at the `name` field or, for a derived name,
// at the path or metric it came from.
void check_names(const StudyPlan& plan, const StudySpec& spec, const SourceMap& source) {
  std::map<std::string, std::string> seen;  // lowered -> as written
  auto check = [&](const std::string& kind, const std::string& name, bool given, const std::string& where) {
    const std::string problem = name_problem(name, given);
    if (!problem.empty()) throw InputError(where, kind + " name '" + printable(name) + "' " + problem);
    const auto [it, fresh] = seen.emplace(ascii_lower(name), name);
    if (!fresh) {
      throw InputError(where, kind + " name '" + name + "' is used twice" +
                                  (it->second == name ? "" : " (as '" + it->second + "'; names ignore case)") +
                                  ": outcome and factor names must be unique");
    }
  };
  for (std::size_t i = 0; i < plan.factors.size(); ++i) {
    const int k = static_cast<int>(i);
    const bool given = !spec.factor(k).name().empty();
    const std::string where = source.locate(spec, item_path("factor", k) + (given ? ".name" : ".path"));
    check("factor", plan.factors[i].name, given, where);
    // Two factors on one field: the later would override the earlier in
    // every run, and the earlier's recorded values would be ones no run used.
    for (std::size_t j = 0; j < i; ++j) {
      if (plan.factors[j].path == plan.factors[i].path) {
        throw InputError(source.locate(spec, item_path("factor", k) + ".path"),
                         "factor '" + plan.factors[i].name + "' varies " + plan.factors[i].path + ", as factor '" +
                             plan.factors[j].name + "' does: give each field one factor");
      }
    }
    for (int s = 0; s < spec.set_size(); ++s) {
      if (spec.set(s).substr(0, spec.set(s).find('=')) == plan.factors[i].path) {
        throw InputError(source.locate(spec, item_path("factor", k) + ".path"),
                         "factor '" + plan.factors[i].name + "' varies " + plan.factors[i].path +
                             ", which the study also fixes with set[" + std::to_string(s) + "]");
      }
    }
  }
  for (std::size_t i = 0; i < plan.outcomes.size(); ++i) {
    const int k = static_cast<int>(i);
    const bool given = !spec.outcome(k).name().empty();
    check("outcome", plan.outcomes[i].name, given,
          source.locate(spec, item_path("outcome", k) + (given ? ".name" : ".metric")));
  }
  // summary.csv heads an outcome's columns NAME_mean, NAME_sd, ...: a factor
  // named so would share a column with it (a reader by name keeps one).
  for (std::size_t i = 0; i < plan.factors.size(); ++i) {
    for (const OutcomeExpr& o : plan.outcomes) {
      for (const char* stat : kSummaryStats) {
        if (ascii_lower(plan.factors[i].name) != ascii_lower(o.name + stat)) continue;
        const int k = static_cast<int>(i);
        const bool given = !spec.factor(k).name().empty();
        throw InputError(source.locate(spec, item_path("factor", k) + (given ? ".name" : ".path")),
                         "factor name '" + plan.factors[i].name + "' is the name of outcome '" + o.name +
                             "''s column " + o.name + stat + " in summary.csv: rename one");
      }
    }
  }
}

// A full factorial design: each factor's levels, or levels_per_range evenly
// spaced values over its range. `where` locates design.grid for errors.
void plan_grid(StudyPlan& plan, const Design& design, const std::string& where) {
  const int factors = static_cast<int>(plan.factors.size());
  std::vector<int> counts;
  for (const StudyFactor& f : plan.factors) {
    if (f.has_levels) {
      counts.push_back(static_cast<int>(f.levels.size()));
    } else if (!design.grid().has_levels_per_range()) {
      throw InputError(where, "factor '" + f.name +
                                  "' has a range: a grid needs design.grid.levels_per_range (or give "
                                  "the factor levels)");
    } else {
      const auto per_range = static_cast<int>(design.grid().levels_per_range());
      // An integer range has only so many values: more levels would repeat
      // some, as runs that differ in their seed alone.
      const double whole = f.max - f.min + 1;
      if (f.integer && per_range > whole) {
        throw InputError(where, "levels_per_range " + std::to_string(per_range) + " is more than the " +
                                    number(whole) + " whole values of factor '" + f.name + "' (" + number(f.min) +
                                    " to " + number(f.max) + "): levels would repeat; give at most " +
                                    number(whole) + ", or list the factor's levels");
      }
      counts.push_back(per_range);
    }
  }
  double total = 1;
  for (int c : counts) total *= c;
  if (total * std::max(1, plan.replicates) > static_cast<double>(kMaxRuns)) {
    throw InputError(where,
                     "the grid has " + number(total) + " points: more than " + std::to_string(kMaxRuns) + " runs");
  }
  for (const std::vector<int>& index : full_grid(counts)) {
    std::vector<double> values(factors);
    for (int f = 0; f < factors; ++f) {
      const StudyFactor& sf = plan.factors[f];
      values[f] = sf.has_levels ? sf.levels[index[f]] : sf.value_at(static_cast<double>(index[f]) / (counts[f] - 1));
    }
    plan.points.push_back(values);
  }
}

// Sensitivity designs measure each factor's effect: a factor with one level
// has none to measure.
void check_factors_vary(const StudyPlan& plan, const StudySpec& spec, const SourceMap& source) {
  if (plan.design != DesignKind::kSaltelli && plan.design != DesignKind::kMorris) return;
  for (std::size_t i = 0; i < plan.factors.size(); ++i) {
    if (plan.factors[i].has_levels && plan.factors[i].levels.size() < 2) {
      throw InputError(source.locate(spec, item_path("factor", static_cast<int>(i)) + ".levels"),
                       "factor '" + plan.factors[i].name + "' has one level: it cannot have an effect");
    }
  }
}

void plan_design(StudyPlan& plan, const StudySpec& spec, const SourceMap& source) {
  const Design& design = spec.design();
  const int factors = static_cast<int>(plan.factors.size());
  auto at = [&](const std::string& field) { return source.locate(spec, "design." + field); };
  // Each kind's parameters are optional in the schema (see study.proto).
  auto require = [&](bool present, const std::string& kind, const std::string& field, const std::string& example) {
    if (!present) {
      throw InputError(at(kind),
                       "design." + kind + " needs " + field + ", e.g. " + kind + " { " + field + ": " + example + " }");
    }
  };
  auto map_units = [&](const UnitPoints& unit) {
    for (const auto& u : unit) {
      std::vector<double> values(factors);
      for (int f = 0; f < factors; ++f) values[f] = plan.factors[f].value_at(u[f]);
      plan.points.push_back(values);
    }
  };
  switch (design.kind_case()) {
    case Design::kGrid:
      plan.design = DesignKind::kGrid;
      plan_grid(plan, design, at("grid"));
      break;
    case Design::kRandom:
      plan.design = DesignKind::kRandom;
      require(design.random().has_points(), "random", "points", "64");
      map_units(random_design(static_cast<int>(design.random().points()), factors, plan.seed));
      break;
    case Design::kLatinHypercube:
      plan.design = DesignKind::kLatinHypercube;
      require(design.latin_hypercube().has_points(), "latin_hypercube", "points", "64");
      map_units(latin_hypercube(static_cast<int>(design.latin_hypercube().points()), factors, plan.seed));
      break;
    case Design::kSaltelli:
      plan.design = DesignKind::kSaltelli;
      require(design.saltelli().has_base_samples(), "saltelli", "base_samples", "256");
      if (2 * factors > 40) {
        throw InputError(at("saltelli"), std::to_string(factors) +
                                             " factors: a Saltelli design supports at most 20 (Sobol direction "
                                             "numbers for 40 dimensions)");
      }
      plan.saltelli_base_samples = static_cast<int>(design.saltelli().base_samples());
      map_units(saltelli_design(plan.saltelli_base_samples, factors));
      break;
    case Design::kMorris: {
      plan.design = DesignKind::kMorris;
      require(design.morris().has_trajectories(), "morris", "trajectories", "20");
      require(design.morris().has_levels(), "morris", "levels", "4");
      const int levels = static_cast<int>(design.morris().levels());
      if (levels % 2 != 0) {
        throw InputError(at("morris.levels"), "design.morris.levels = " + std::to_string(levels) +
                                                  ": expected an even number (Morris 1991), e.g. 4");
      }
      MorrisDesign m = morris_design(static_cast<int>(design.morris().trajectories()), factors, levels, plan.seed);
      plan.morris_steps = std::move(m.steps);
      map_units(m.points);
      break;
    }
    default:
      throw InputError(source.locate(spec, "design"),
                       "no design: set one of grid, random, latin_hypercube, saltelli, morris");
  }
  check_factors_vary(plan, spec, source);
}

// Policy options: identifiers, unique, each with `set` lines that do not fix
// a factor's field. Only designs of states of the world take options: the
// sensitivity designs' points are tied to their estimators.
// Thresholds rate options (robustness): in a study without options nothing
// would read them.
void refuse_thresholds(const StudySpec& spec, const SourceMap& source) {
  for (int i = 0; i < spec.outcome_size(); ++i) {
    const Outcome& o = spec.outcome(i);
    if (!o.has_at_least() && !o.has_at_most()) continue;
    throw InputError(source.locate(spec, item_path("outcome", i) + (o.has_at_least() ? ".at_least" : ".at_most")),
                     "outcome '" + (o.name().empty() ? o.metric() : o.name()) +
                         "': a threshold (at_least, at_most) rates policy options, and this study has none: "
                         "add options, or remove it");
  }
}

void plan_options(StudyPlan& plan, const StudySpec& spec, const SourceMap& source) {
  if (spec.option_size() == 0) return;
  if (plan.design == DesignKind::kSaltelli || plan.design == DesignKind::kMorris) {
    throw InputError(source.locate(spec, "option[0].name"),
                     std::string("policy options need a grid, random or latin_hypercube design of the uncertainties, "
                                 "not ") + design_name(plan.design));
  }
  // runs.csv and summary.csv gain an "option" column.
  for (const StudyFactor& f : plan.factors) {
    if (ascii_lower(f.name) == "option")
      throw InputError(source.file(), "factor name 'option' is reserved in a study with options");
  }
  for (const OutcomeExpr& o : plan.outcomes) {
    if (ascii_lower(o.name) == "option")
      throw InputError(source.file(), "outcome name 'option' is reserved in a study with options");
  }
  std::map<std::string, int> seen;
  for (int i = 0; i < spec.option_size(); ++i) {
    const PolicyOption& in = spec.option(i);
    const std::string at = item_path("option", i);
    if (!name_problem(in.name(), true).empty())
      throw InputError(source.locate(spec, at + ".name"), "option name '" + printable(in.name()) + "' " + name_problem(in.name(), true));
    if (!seen.emplace(ascii_lower(in.name()), i).second)
      throw InputError(source.locate(spec, at + ".name"), "option name '" + in.name() + "' is used twice");
    StudyOption option{in.name(), {}};
    for (int k = 0; k < in.set_size(); ++k) {
      const std::string& assignment = in.set(k);
      const std::string where = source.locate(spec, at + "." + item_path("set", k));
      const std::size_t eq = assignment.find('=');
      if (eq == std::string::npos || eq == 0)
        throw InputError(where, "option '" + in.name() + "': set \"" + assignment + "\": expected PATH=VALUE");
      for (const StudyFactor& f : plan.factors) {
        if (f.path == assignment.substr(0, eq)) {
          throw InputError(where, "option '" + in.name() + "' sets " + f.path + ", which the factor '" + f.name +
                                      "' varies: an option's levers and the uncertainties must differ");
        }
      }
      option.sets.push_back(assignment);
    }
    plan.options.push_back(std::move(option));
  }
  // Each state of the world once per option, options innermost.
  std::vector<std::vector<double>> states = std::move(plan.points);
  plan.points.clear();
  for (const std::vector<double>& state : states)
    for (std::size_t k = 0; k < plan.options.size(); ++k) plan.points.push_back(state);
}

// A study that branches every run from one checkpoint per seed: only what
// may differ after the checkpoint, the levers, may vary between its runs.
void plan_branch(StudyPlan& plan, const StudySpec& spec, const SourceMap& source) {
  if (spec.branch_from().empty()) return;
  const std::string at = source.locate(spec, "branch_from");
  Month month;
  if (!parse_month(spec.branch_from(), month))
    throw InputError(at, "branch_from = \"" + printable(spec.branch_from()) + "\": expected a month YYYY-MM");
  plan.branch_from = month;
  const std::string why = ", but with branch_from every run continues from its seed's checkpoint at the end of " +
                          month.str() + ", taken with the base scenario: only levers (policy.levers.FIELD) may " +
                          "differ after it, since any other field would change the months before it";
  constexpr std::string_view kLevers = "policy.levers.";
  for (int i = 0; i < spec.factor_size(); ++i) {
    const StudyFactor& f = plan.factors[static_cast<std::size_t>(i)];
    if (!f.path.starts_with(kLevers)) {
      throw InputError(source.locate(spec, item_path("factor", i) + ".path"),
                       "factor '" + f.name + "' varies " + f.path + why);
    }
  }
  for (int i = 0; i < spec.option_size(); ++i) {
    for (int k = 0; k < spec.option(i).set_size(); ++k) {
      const std::string& assignment = spec.option(i).set(k);
      if (!assignment.starts_with(kLevers)) {
        throw InputError(source.locate(spec, item_path("option", i) + "." + item_path("set", k)),
                         "option '" + spec.option(i).name() + "' sets \"" + assignment + "\"" + why);
      }
    }
  }
  if (spec.has_common_random_numbers() && !spec.common_random_numbers()) {
    throw InputError(source.locate(spec, "common_random_numbers"),
                     "common_random_numbers: false with branch_from: each run would have a seed, and so a "
                     "checkpoint, of its own and nothing would be shared; leave it out (branch_from implies it)");
  }
}

void plan_records(StudyPlan& plan, const StudySpec& spec, const SourceMap& source) {
  std::map<std::string, int> seen;
  for (int i = 0; i < spec.record_size(); ++i) {
    const Record& in = spec.record(i);
    const std::string at = item_path("record", i);
    StudyRecord r;
    r.metric = in.metric();
    r.name = in.name().empty() ? default_outcome_name(in.metric()) : in.name();
    r.every = in.has_every() ? static_cast<int>(in.every()) : 1;
    r.terms = parse_metric_terms(in.metric(), source.locate(spec, at + ".metric"), plan.series);
    const std::string problem = name_problem(r.name, !in.name().empty());
    const std::string where = source.locate(spec, at + (in.name().empty() ? ".metric" : ".name"));
    if (!problem.empty()) throw InputError(where, "record name '" + printable(r.name) + "' " + problem);
    if (!seen.emplace(ascii_lower(r.name), i).second)
      throw InputError(where, "record name '" + r.name + "' is used twice");
    // summary.csv heads a recorded month's column NAME@YYYY-MM_mean, as it
    // heads an outcome named NAME@YYYY-MM (the name of metric@month without
    // a name; a name given is an identifier, without '@'): the two may share
    // a column. Which months are recorded is known only once the runs are,
    // so any such outcome is refused.
    for (int k = 0; k < spec.outcome_size(); ++k) {
      const std::string& o = plan.outcomes[static_cast<std::size_t>(k)].name;
      if (!ascii_lower(o).starts_with(ascii_lower(r.name) + "@")) continue;
      throw InputError(source.locate(spec, item_path("outcome", k) + ".metric"),
                       "outcome name '" + o + "' may head the same summary.csv column " + o + "_mean as record '" +
                           r.name + "' does for that month: give the outcome a name (name: ...)");
    }
    plan.records.push_back(std::move(r));
  }
}

}  // namespace

const char* design_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::kGrid:
      return "grid";
    case DesignKind::kRandom:
      return "random";
    case DesignKind::kLatinHypercube:
      return "latin_hypercube";
    case DesignKind::kSaltelli:
      return "saltelli";
    case DesignKind::kMorris:
      return "morris";
  }
  return "?";
}

double StudyFactor::value_at(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  if (has_levels) {
    const auto k = std::min(static_cast<std::size_t>(u * static_cast<double>(levels.size())), levels.size() - 1);
    return levels[k];
  }
  // An integer field's whole values each take an equal part of [0, 1]:
  // rounding min + u (max - min) gave the two ends half the share of the
  // values between.
  if (integer) return std::min(max, min + std::floor(u * (max - min + 1)));
  return std::clamp(min + u * (max - min), min, max);
}

std::string StudyFactor::text(double value) const {
  char buf[40];
  if (integer) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

std::uint64_t StudyPlan::run_seed(std::size_t run) const {
  // Common random numbers: the replicate alone picks the seed.
  return study_run_seed(seed, common_random_numbers ? static_cast<std::size_t>(replicate_of(run)) : run);
}

std::vector<std::string> StudyPlan::overrides(std::size_t point) const {
  std::vector<std::string> out(spec.set().begin(), spec.set().end());
  for (std::string& assignment : point_overrides(point)) out.push_back(std::move(assignment));
  return out;
}

std::vector<std::string> StudyPlan::point_overrides(std::size_t point) const {
  std::vector<std::string> out;
  if (!options.empty()) out = options[option_of(point)].sets;
  for (std::string& assignment : factor_overrides(point)) out.push_back(std::move(assignment));
  return out;
}

std::vector<std::string> StudyPlan::factor_overrides(std::size_t point) const {
  std::vector<std::string> out;
  out.reserve(factors.size());
  for (std::size_t f = 0; f < factors.size(); ++f)
    out.push_back(factors[f].path + "=" + factors[f].text(points[point][f]));
  return out;
}

StudyPlan plan_study(const StudySpec& spec, const SourceMap& source) {
  std::vector<Problem> problems;
  check_ranges(spec, source, {}, problems);
  throw_if_any(problems);

  StudyPlan plan;
  plan.spec = spec;
  pb::TextFormat::Printer printer;
  printer.PrintToString(spec, &plan.canonical_text);
  plan.replicates = spec.has_replicates() ? static_cast<int>(spec.replicates()) : 1;
  plan.seed = spec.seed();
  plan.bootstrap_resamples =
      spec.has_bootstrap_resamples() ? static_cast<int>(spec.bootstrap_resamples()) : kDefaultBootstrapResamples;

  if (spec.base_scenario().empty()) {
    throw InputError(source.locate(spec, "base_scenario"),
                     "base_scenario is empty: expected a scenario path relative to the study file");
  }
  if (spec.factor_size() == 0) {
    throw InputError(source.file(),
                     "the study has no factor: add at least one `factor { path: ... min: ... max: ... }`");
  }
  for (int i = 0; i < spec.factor_size(); ++i) plan.factors.push_back(plan_factor(spec, i, source));
  if (spec.outcome_size() == 0)
    throw InputError(source.file(), "the study has no outcome: add at least one `outcome { metric: ... }`");
  for (int i = 0; i < spec.outcome_size(); ++i) {
    plan.outcomes.push_back(parse_outcome(spec.outcome(i).metric(), spec.outcome(i).name(),
                                          source.locate(spec, item_path("outcome", i) + ".metric"), plan.series));
  }
  check_names(plan, spec, source);
  plan_records(plan, spec, source);
  plan_design(plan, spec, source);
  plan_options(plan, spec, source);
  if (spec.option_size() == 0) refuse_thresholds(spec, source);
  plan_branch(plan, spec, source);
  plan.common_random_numbers = spec.has_common_random_numbers()
                                   ? spec.common_random_numbers()
                                   : !plan.options.empty() || plan.branch_from.has_value();
  if (plan.run_count() > kMaxRuns) {
    throw InputError(source.locate(spec, "replicates"),
                     std::to_string(plan.run_count()) + " runs: more than " + std::to_string(kMaxRuns));
  }
  return plan;
}

StudyPlan plan_from_text(const std::string& canonical_text, const std::string& name) {
  StudySpec spec;
  const SourceMap source = parse_textproto(canonical_text, name, spec);
  return plan_study(spec, source);
}

}  // namespace stackrace
