#pragma once
// The 2025 patterns the adoption calibration matches and the out-of-sample
// checks of `fit` (docs/calibration.md): which economies are held out, how far
// simulated H2 2025 shares are from the observed ones in level, income
// gradient and North-South gap, and the two baselines the model must beat.

#include <string>
#include <vector>

#include "worlds/world.h"

namespace stackrace {

// A fixed third of the observed economies, by a hash of ISO3; economies that
// share one block estimate (identical H1 and H2 figures in the same region)
// are held out or kept together, by the hash of the block's first code.
std::vector<bool> holdout_split(const World& world);

// Simulated and observed H2 2025 shares of some observed economies, with each
// one's GDP per head and whether it is developing.
struct PatternData {
  std::vector<double> simulated, observed, h1, gdp_per_capita;
  std::vector<bool> developing;
};

// The observed economies on one side of a split (simulated left empty).
PatternData observed_side(const World& world, const std::vector<bool>& held_out, bool want_held_out);

// The distance the calibration minimises, in percentage points: the mean
// absolute error, the error in the income gradient (OLS slope of share on ln
// GDP per head), the error in the North-South gap (mean share of the
// developed less that of the developing economies), and the error in the
// growth gradient: the absolute OLS slope of the H2 error on the observed H1
// share, times the standard deviation of the H1 shares. A run starts from
// the H1 figures stepped back, so its H1 error is small and the H2 error is
// mostly the H1 -> H2 growth missed: this measures how much more (or less)
// growth is missed the further an economy had got. Bass imitation makes
// growth rise with the level reached, innovation does not, so this pattern
// tells the two apart where the level's MAE hardly does. `h1` must hold one
// share per economy (std::invalid_argument otherwise).
struct PatternDistance {
  double mae_pp = 0, income_slope_error_pp = 0, north_south_error_pp = 0, growth_gradient_error_pp = 0;
  double total() const { return mae_pp + income_slope_error_pp + north_south_error_pp + growth_gradient_error_pp; }
};
PatternDistance pattern_distance(const PatternData& d);

// Mean H1 -> H2 growth, observed and simulated (percentage points), of the
// observed economies split into `groups` equal groups by their observed H1
// share, lowest first (group sizes differ by at most one). Empty with fewer
// economies than groups.
struct GrowthBand {
  double observed_pp = 0, simulated_pp = 0;
};
std::vector<GrowthBand> growth_by_level(const std::vector<double>& observed_h1, const std::vector<double>& observed_h2,
                                        const std::vector<double>& simulated_h1,
                                        const std::vector<double>& simulated_h2, int groups);

// Mean absolute difference between H1 and H2 (the persistence forecast), pp.
double persistence_mae_pp(const std::vector<double>& h1, const std::vector<double>& h2);

// ln(share) = a + b ln(GDP per head) fitted on `train`, its MAE on `test`, pp.
double income_regression_mae_pp(const PatternData& train, const PatternData& test);

}  // namespace stackrace
