#include "base/axis_ticks.h"

#include <cmath>
#include <initializer_list>

namespace stackrace {

namespace {

constexpr double kDecade = 10;
// Keeps a value that is a whole number of steps from gaining a step.
constexpr double kStepSlack = 1e-9;
// A step is told apart to this fraction of a unit in its last decimal.
constexpr double kDecimalSlack = 1e-6;
constexpr int kMaxDecimals = 6;

}  // namespace

double tick_step(double span, double target_ticks) {
  const double raw = span / target_ticks;
  const double magnitude = std::pow(kDecade, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * magnitude) return m * magnitude;
  return kDecade * magnitude;
}

TickAxis tick_axis(double lo, double hi, double target_ticks) {
  if (!(hi - lo > 0)) {
    // One unit (or half the value's own magnitude) either side of a constant.
    const double half = lo == 0 ? 1 : std::fabs(lo) / 2;
    lo -= half;
    hi += half;
  }
  const double step = tick_step(hi - lo, target_ticks);
  return {std::floor(lo / step + kStepSlack) * step, std::ceil(hi / step - kStepSlack) * step, step};
}

int tick_decimals(double step) {
  int d = 0;
  while (d < kMaxDecimals &&
         std::fabs(step * std::pow(kDecade, d) - std::round(step * std::pow(kDecade, d))) > kDecimalSlack)
    ++d;
  return d;
}

}  // namespace stackrace
