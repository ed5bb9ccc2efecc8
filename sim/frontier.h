#pragma once
// The lead in months: how long ago the leading bloc's frontier stood where
// the other bloc's frontier stands now. History is one value per month
// (non-decreasing: the best model ever deployed); before the run it is
// extrapolated back at a configured frontier growth rate.

#include <vector>

#include "base/state_archive.h"

namespace stackrace {

class FrontierHistory {
 public:
  explicit FrontierHistory(double pre_start_growth_log10_per_month) : pre_rate_(pre_start_growth_log10_per_month) {}
  void push(double level) { levels_.push_back(level); }
  const std::vector<double>& levels() const { return levels_; }

  // Months (fractional) before the latest month at which this frontier first
  // reached `level`; 0 if it has not reached it yet.
  double months_since(double level) const;
  // Average growth per month over the last `window` months (log10), reaching
  // back before the run at the pre-start rate.
  double growth_per_month(int window) const;

  // Checkpoints (base/state_archive.h): every member.
  template <class Archive, StateOf<FrontierHistory> Self>
  friend void visit_state(Archive& ar, Self& s) {
    ar(s.pre_rate_, s.levels_);
  }

 private:
  double pre_rate_;
  std::vector<double> levels_;
};

// US lead over China after the latest month: positive if the US frontier is
// ahead (months since the US stood at China's level), negative if China is.
double lead_months(const FrontierHistory& us, const FrontierHistory& cn);

}  // namespace stackrace
