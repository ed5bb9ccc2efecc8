#pragma once
// The policy levers as the view's lever panel offers them: every PolicyLevers
// field (base/proto/supply.proto) with the unit and range its field options
// give (as `describe` prints them), the value in force in a month of a
// scenario, and stepping a value up or down within its range. Edits become
// the --set of a branch (`run --from CHECKPOINT --set policy.levers.X=V`).
// No SFML: the panel's drawing is in viz/sfml/lever_panel.*.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/months.h"
#include "base/proto/supply.pb.h"
#include "sim/spec.h"

namespace google::protobuf {
class FieldDescriptor;
}

namespace stackrace::viz {

struct LeverField {
  const google::protobuf::FieldDescriptor* field = nullptr;
  std::string name;         // the proto field's name, as --set spells it
  std::string unit, range;  // as `describe` prints them; "" when the schema gives none
  double min = 0, max = 0;  // the range's bounds (-inf/inf when open)
  bool min_exclusive = false, max_exclusive = false;
};

// Every PolicyLevers field, in the schema's order.
const std::vector<LeverField>& lever_fields();

// The levers a run of `spec` has in force in `month`: policy.pre, with
// policy.levers from policy.start_month, then each dated policy.change from
// its month (as the supply side applies them, before its own endogenous
// enforcement response).
PolicyLevers levers_in_force(const Spec& spec, Month month);

// A lever's value in `levers`, or nothing where the field is not set (the
// Tier 2 cap: no cap).
std::optional<double> lever_value(const PolicyLevers& levers, const LeverField& lever);

// One step of the panel's -/+ from `value`: ranges up to kNarrowRangeSpan wide
// (shares, 0..1 dials) move in twentieths of the range; wider ones
// (H100e, million USD) by about a quarter of the value, at least a
// ten-thousandth of the range. Steps are 1, 2 or 5 x 10^k, and the result
// is snapped to the step and kept inside the range.
inline constexpr double kNarrowRangeSpan = 1000;
double step_lever(const LeverField& lever, double value, int direction);

// The text a value is written with in a --set (and shown): at most ten
// significant digits, so that stepping never shows 0.30000000000000004.
std::string lever_text(double value);

// The panel's edits: the levers the user moved away from the scenario, by
// index into lever_fields().
class LeverEdits {
 public:
  // Steps lever `index` from its edited value, else from `in_force`'s
  // (0 where that is not set).
  void step(int index, int direction, const PolicyLevers& in_force);
  void reset(int index);
  void clear() { edits_.clear(); }
  bool empty() const { return edits_.empty(); }
  std::optional<double> edited(int index) const;
  // "policy.levers.NAME=VALUE" per edit, in field order: the branch's --set.
  std::vector<std::string> sets() const;

 private:
  std::map<int, double> edits_;
};

}  // namespace stackrace::viz
