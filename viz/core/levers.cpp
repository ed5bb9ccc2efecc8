#include "viz/core/levers.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "base/proto/options.pb.h"
#include "base/range_check.h"

namespace stackrace::viz {
namespace {

namespace pb = google::protobuf;

// A narrow range moves in this many steps from end to end.
constexpr double kStepsAcrossNarrowRange = 20;
// A wide range's step: about this share of the value, at least this share of the range.
constexpr double kWideStepShareOfValue = 0.25, kWideStepShareOfRange = 1e-4;

// The 1, 2 or 5 x 10^k at or above `raw`.
double nice_step_at_least(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * magnitude * (1 + 1e-9)) return m * magnitude;
  return 10 * magnitude;
}

LeverField describe_lever(const pb::FieldDescriptor& f) {
  LeverField lever;
  lever.field = &f;
  lever.name = f.name();
  lever.unit = field_unit(f);
  lever.range = field_range(f);
  lever.min = -std::numeric_limits<double>::infinity();
  lever.max = std::numeric_limits<double>::infinity();
  if (f.options().HasExtension(range)) {
    const Range& r = f.options().GetExtension(range);
    if (r.has_min()) lever.min = r.min();
    if (r.has_max()) lever.max = r.max();
    lever.min_exclusive = r.min_exclusive();
    lever.max_exclusive = r.max_exclusive();
  }
  return lever;
}

}  // namespace

const std::vector<LeverField>& lever_fields() {
  static const std::vector<LeverField> fields = [] {
    std::vector<LeverField> out;
    const pb::Descriptor* d = PolicyLevers::descriptor();
    out.reserve(static_cast<std::size_t>(d->field_count()));
    for (int i = 0; i < d->field_count(); ++i) out.push_back(describe_lever(*d->field(i)));
    return out;
  }();
  return fields;
}

PolicyLevers levers_in_force(const Spec& spec, Month month) {
  const Policy& p = spec.scenario.policy();
  PolicyLevers levers = p.pre();
  if (!(month < spec.supply_index.policy_start)) levers.MergeFrom(p.levers());
  const std::vector<Month>& changes = spec.supply_index.change_months;
  for (std::size_t i = 0; i < changes.size() && !(month < changes[i]); ++i)
    levers.MergeFrom(p.change(static_cast<int>(i)).levers());
  return levers;
}

std::optional<double> lever_value(const PolicyLevers& levers, const LeverField& lever) {
  const pb::Reflection& r = *levers.GetReflection();
  if (!r.HasField(levers, lever.field)) return std::nullopt;
  return r.GetDouble(levers, lever.field);
}

double step_lever(const LeverField& lever, double value, int direction) {
  const double span = lever.max - lever.min;
  const bool narrow = std::isfinite(span) && span <= kNarrowRangeSpan;
  double step = 0;
  if (narrow) {
    step = nice_step_at_least(span / kStepsAcrossNarrowRange);
  } else {
    const double floor_step = std::isfinite(span) ? span * kWideStepShareOfRange : 1;
    step = nice_step_at_least(std::max(std::abs(value) * kWideStepShareOfValue, floor_step));
  }
  // To the next multiple of the step in that direction, so that a value
  // between steps moves onto the grid; the slack absorbs rounding (0.3 / 0.05).
  constexpr double kSlack = 1e-9;
  const double steps = value / step;
  const double k = direction > 0 ? std::floor(steps + kSlack) + 1 : std::ceil(steps - kSlack) - 1;
  double next = std::clamp(k * step, lever.min, lever.max);
  // An excluded bound is never reached: the value stays where it was.
  if ((lever.min_exclusive && next <= lever.min) || (lever.max_exclusive && next >= lever.max)) return value;
  return std::stod(lever_text(next));
}

std::string lever_text(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value == 0 ? 0.0 : value);  // never "-0"
  return buf;
}

void LeverEdits::step(int index, int direction, const PolicyLevers& in_force) {
  const LeverField& lever = lever_fields().at(static_cast<std::size_t>(index));
  const double from = edited(index).value_or(lever_value(in_force, lever).value_or(0));
  edits_[index] = step_lever(lever, from, direction);
}

void LeverEdits::reset(int index) { edits_.erase(index); }

std::optional<double> LeverEdits::edited(int index) const {
  const auto it = edits_.find(index);
  if (it == edits_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> LeverEdits::sets() const {
  std::vector<std::string> out;
  for (const auto& [index, value] : edits_)
    out.push_back("policy.levers." + lever_fields()[static_cast<std::size_t>(index)].name + "=" + lever_text(value));
  return out;
}

}  // namespace stackrace::viz
