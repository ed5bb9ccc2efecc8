#pragma once
// Round axis ticks for every chart of stackrace (the view's charts, `plot`,
// the study report): an axis from a multiple of a 1, 2 or 5 x 10^k step to
// the next multiple past the data, so each tick label is a short round
// number and nothing drawn falls outside the axis.

namespace stackrace {

struct TickAxis {
  double min = 0, max = 1, step = 1;
};

// The axis that holds lo..hi with about `target_ticks` steps (zero need not
// be on it; pass lo = min(lo, 0) to include it). A span of zero becomes one
// step around the value.
TickAxis tick_axis(double lo, double hi, double target_ticks);

// The step of 1, 2 or 5 x 10^k nearest above span / target_ticks.
double tick_step(double span, double target_ticks);

// Decimals that tell ticks of `step` apart (0.25 -> 2, 5 -> 0).
int tick_decimals(double step);

}  // namespace stackrace
