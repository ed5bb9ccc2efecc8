#pragma once
// A study spec turned into its plan: the factors with their domains, every
// design point's field values, the outcomes, and the run numbering. A plan is
// a pure function of the spec's text (no scenario file is read), so `study
// report` and `study merge` rebuild it from the text stored in a database.
//
// Runs are numbered point by point: run = point * replicates + replicate.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/months.h"
#include "base/proto/study.pb.h"
#include "base/textproto_parse.h"
#include "study/design.h"
#include "study/outcome.h"

namespace stackrace {

// Why a study's `set` or factor may not give the scenario's `seed`: each run's
// seed comes from the study, and the scenario's would be replaced unseen.
inline constexpr const char* kStudySeedAdvice =
    "the scenario's seed is given to each run by the study (from the study's own `seed` field and the run "
    "number), so it cannot be set here: set the study's `seed` instead, or add replicates";

struct StudyFactor {
  std::string path;      // scenario field path, as for --set
  std::string name;      // output column
  bool integer = false;  // an integer field: values are rounded to whole numbers
  bool has_levels = false;
  double min = 0, max = 0;     // with a range
  std::vector<double> levels;  // with levels
  // The field value at fraction u of the domain: min + u (max - min), or the
  // level whose equal share of [0, 1] holds u.
  double value_at(double u) const;
  // The value as --set text: integers without a decimal point, doubles as
  // the shortest text that reads back to the same double.
  std::string text(double value) const;
};

// The statistics summary.csv gives each outcome, as suffixes of its name.
inline constexpr std::array<const char*, 4> kSummaryStats{"_mean", "_sd", "_ci95_low", "_ci95_high"};

// A policy option of a robustness study: its `set` lines.
struct StudyOption {
  std::string name;
  std::vector<std::string> sets;
};

// A series recorded during each run (StudySpec.record).
struct StudyRecord {
  std::string name, metric;
  std::vector<OutcomeTerm> terms;  // columns as an outcome's
  int every = 1;                   // months
  // Whether month index i (0 = the first month) of a run of `months` months
  // is recorded: every `every`-th month, and the run's last month always, so
  // that a series ends where the run does.
  bool at(std::size_t month_index, std::size_t months) const {
    return (month_index + 1) % static_cast<std::size_t>(every) == 0 || month_index + 1 == months;
  }
};

enum class DesignKind { kGrid, kRandom, kLatinHypercube, kSaltelli, kMorris };
const char* design_name(DesignKind kind);

struct StudyPlan {
  StudySpec spec;
  std::string canonical_text;  // the spec in Protobuf text format: what the database stores
  std::vector<StudyFactor> factors;
  std::vector<OutcomeExpr> outcomes;
  // The country, region and group series the outcomes read, in order of
  // first use: outcome term columns past the world's index these.
  std::vector<ScopedSeries> series;
  DesignKind design = DesignKind::kGrid;
  // [point][factor]: field values as applied. With options, each state of
  // the world (a point of the design) is repeated once per option:
  // point = state * option_count() + option.
  std::vector<std::vector<double>> points;
  std::vector<StudyOption> options;  // empty for a study without options
  std::vector<StudyRecord> records;
  // Every point of replicate r runs with seed run_seed(r): see study.proto.
  bool common_random_numbers = false;
  // StudySpec.branch_from: every run continues from its seed's checkpoint at
  // the end of this month, its levers applying from the month after.
  std::optional<Month> branch_from;
  int saltelli_base_samples = 0;
  std::vector<std::vector<MorrisStep>> morris_steps;
  int replicates = 1;
  std::uint64_t seed = 0;
  int bootstrap_resamples = 0;

  std::size_t point_count() const { return points.size(); }
  std::size_t run_count() const { return points.size() * static_cast<std::size_t>(replicates); }
  std::size_t point_of(std::size_t run) const { return run / replicates; }
  int replicate_of(std::size_t run) const { return static_cast<int>(run % replicates); }
  std::size_t option_count() const { return options.empty() ? 1 : options.size(); }
  std::size_t state_count() const { return points.size() / option_count(); }
  std::size_t option_of(std::size_t point) const { return point % option_count(); }
  std::size_t state_of(std::size_t point) const { return point / option_count(); }
  std::uint64_t run_seed(std::size_t run) const;
  // The study's fixed `set`s, then point_overrides(point).
  std::vector<std::string> overrides(std::size_t point) const;
  // The point's option's `set`s (if any), then factor_overrides(point).
  std::vector<std::string> point_overrides(std::size_t point) const;
  // One "path=value" per factor at this point.
  std::vector<std::string> factor_overrides(std::size_t point) const;
};

// Bootstrap resamples when the spec leaves bootstrap_resamples unset.
constexpr int kDefaultBootstrapResamples = 1000;

// Builds the plan. Throws InputError located in the study file (via `source`)
// for anything the spec alone can tell is wrong: an unknown or non-numeric
// field path, a factor with no or an inconsistent domain, an empty or
// inconsistent design, a malformed outcome, duplicate names.
StudyPlan plan_study(const StudySpec& spec, const SourceMap& source);

// Rebuilds a plan from canonical_text (as stored in a study database).
StudyPlan plan_from_text(const std::string& canonical_text, const std::string& name);

}  // namespace stackrace
