#include "study/summary_stats.h"

#include <cmath>
#include <limits>

namespace stackrace {

double student_t_975(int df) {
  // Exact to three decimals for df 1-30 (standard tables, e.g. NIST/SEMATECH
  // e-Handbook 1.3.6.7.2); beyond, the Cornish-Fisher expansion around the
  // normal quantile (Abramowitz & Stegun 26.7.5), accurate to 1e-4 there.
  static constexpr double kTable[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                        2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                        2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return kTable[df - 1];
  const double z = 1.959963984540054, n = df;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

ReplicateSummary summarize_replicates(const std::vector<double>& values) {
  ReplicateSummary s;
  s.n = static_cast<int>(values.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (s.n == 0) {
    s.mean = s.sd = s.ci_low = s.ci_high = nan;
    return s;
  }
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / s.n;
  if (s.n < 2) {
    s.sd = s.ci_low = s.ci_high = nan;
    return s;
  }
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(squares / (s.n - 1));
  const double half = student_t_975(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  return s;
}

}  // namespace stackrace
