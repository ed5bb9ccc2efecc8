#include "sim/frontier.h"

namespace stackrace {

double FrontierHistory::months_since(double level) const {
  if (levels_.empty() || levels_.back() < level) return 0.0;
  const double now = static_cast<double>(levels_.size() - 1);
  if (levels_.front() >= level) return now + (levels_.front() - level) / pre_rate_;
  // First month at or above the level; interpolate within the month before it.
  std::size_t j = 1;
  while (levels_[j] < level) ++j;
  const double lo = levels_[j - 1], hi = levels_[j];
  const double reached = static_cast<double>(j - 1) + (level - lo) / (hi - lo);
  return now - reached;
}

double FrontierHistory::growth_per_month(int window) const {
  if (levels_.empty()) return pre_rate_;
  const int n = static_cast<int>(levels_.size());
  const double then = n > window ? levels_[n - 1 - window] : levels_.front() - (window - (n - 1)) * pre_rate_;
  const double rate = (levels_.back() - then) / window;
  return rate > 0 ? rate : pre_rate_;
}

double lead_months(const FrontierHistory& us, const FrontierHistory& cn) {
  if (us.levels().empty() || cn.levels().empty()) return 0.0;
  const double u = us.levels().back(), c = cn.levels().back();
  if (u >= c) return us.months_since(c);
  return -cn.months_since(u);
}

}  // namespace stackrace
