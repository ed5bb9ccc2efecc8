#pragma once
// Replicate statistics for summary.csv: mean, sample standard deviation and
// the 95% confidence interval of the mean from Student's t.

#include <vector>

namespace stackrace {

struct ReplicateSummary {
  int n = 0;
  double mean = 0, sd = 0, ci_low = 0, ci_high = 0;  // sd and interval NaN for n < 2
};

ReplicateSummary summarize_replicates(const std::vector<double>& values);

// The 97.5% quantile of Student's t with `df` degrees of freedom (df >= 1).
double student_t_975(int df);

}  // namespace stackrace
