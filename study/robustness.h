#pragma once
// Robustness of a study's policy options (StudySpec.option) across its
// states of the world (the design's points over the uncertain factors). A
// future is one state and one replicate; with common random numbers every
// option meets the same futures with the same seed. Per option and outcome,
// over the futures:
//   mean, p10, p90       the outcome's distribution (percentiles by linear
//                        interpolation between order statistics)
//   regret               how far the option falls short of the best option in
//                        the same future (Savage 1951): mean and maximum
//   satisficing share    the share of futures meeting the outcome's threshold
//                        (at_least / at_most; NaN without one)
//   paired difference    the option minus the first option, future by future:
//                        mean and Student's t 95% interval (NaN for the first)
// Input: the runs of a complete study whose runs all succeeded.

#include <string>
#include <vector>

#include "study/study_db.h"
#include "study/study_plan.h"

namespace stackrace {

struct OptionRobustness {
  std::string option;
  double mean = 0, p10 = 0, p90 = 0;
  double mean_regret = 0, max_regret = 0;
  double satisficing_share = 0;
  double difference = 0, difference_low = 0, difference_high = 0;
};

struct OutcomeRobustness {
  std::string outcome;
  bool lower_is_better = false;
  std::string threshold;  // "" or e.g. ">= 12"
  std::size_t futures = 0;
  std::vector<OptionRobustness> options;  // in the study's order
};

// Throws std::runtime_error unless the study has options and every run is
// present and ok.
std::vector<OutcomeRobustness> analyse_robustness(const StudyPlan& plan, const std::vector<StoredRun>& runs);

// The q-quantile (0 <= q <= 1) of `values` by linear interpolation between
// order statistics (Hyndman & Fan 1996, type 7); NaN when empty.
double quantile(std::vector<double> values, double q);

std::string robustness_csv(const std::vector<OutcomeRobustness>& robustness);

}  // namespace stackrace
