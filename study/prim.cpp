#include "study/prim.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace stackrace {

namespace {

// A box while PRIM works on it: each factor's inclusive limits, and the runs
// inside them, in run order.
struct WorkBox {
  std::vector<double> low, high;
  std::vector<std::size_t> runs;
};

class Data {
 public:
  Data(const std::vector<std::vector<double>>& x, const std::vector<bool>& y) : x_(x), y_(y) {}
  std::size_t size() const { return x_.size(); }
  std::size_t factors() const { return x_.front().size(); }
  double at(std::size_t run, std::size_t factor) const { return x_[run][factor]; }
  bool interesting(std::size_t run) const { return y_[run]; }

  bool inside(std::size_t run, const std::vector<double>& low, const std::vector<double>& high) const {
    for (std::size_t f = 0; f < factors(); ++f)
      if (x_[run][f] < low[f] || x_[run][f] > high[f]) return false;
    return true;
  }
  std::vector<std::size_t> select(const std::vector<double>& low, const std::vector<double>& high) const {
    std::vector<std::size_t> out;
    for (std::size_t r = 0; r < size(); ++r)
      if (inside(r, low, high)) out.push_back(r);
    return out;
  }
  std::size_t count_interesting(const std::vector<std::size_t>& runs) const {
    std::size_t n = 0;
    for (std::size_t r : runs) n += y_[r] ? 1 : 0;
    return n;
  }
  double density(const std::vector<std::size_t>& runs) const {
    return runs.empty() ? 0.0 : static_cast<double>(count_interesting(runs)) / static_cast<double>(runs.size());
  }

 private:
  const std::vector<std::vector<double>>& x_;
  const std::vector<bool>& y_;
};

// The gain in density per run removed or added (EMA Workbench's "lenient1").
double objective(double density_old, std::size_t n_old, double density_new, std::size_t n_new) {
  if (n_old == n_new) return 0;
  const double moved = n_old > n_new ? static_cast<double>(n_old - n_new) : static_cast<double>(n_new - n_old);
  return (density_new - density_old) / moved;
}

PrimBox describe(const Data& data, const WorkBox& box, const std::vector<double>& all_low,
                 const std::vector<double>& all_high, std::size_t total_of_interest) {
  PrimBox out;
  out.low = box.low;
  out.high = box.high;
  out.runs = box.runs.size();
  out.of_interest = data.count_interesting(box.runs);
  out.coverage = static_cast<double>(out.of_interest) / static_cast<double>(total_of_interest);
  out.density = data.density(box.runs);
  out.mass = static_cast<double>(out.runs) / static_cast<double>(data.size());
  for (std::size_t f = 0; f < box.low.size(); ++f) out.restricted.push_back(box.low[f] > all_low[f] || box.high[f] < all_high[f]);
  return out;
}

// The peel of factor f at one end: the cut value that leaves out the lowest
// (or highest) peel_alpha share of the box's runs, at least one distinct value.
WorkBox peel(const Data& data, const WorkBox& box, std::size_t f, bool lower, double alpha) {
  std::vector<double> values;
  values.reserve(box.runs.size());
  for (std::size_t r : box.runs) values.push_back(data.at(r, f));
  std::sort(values.begin(), values.end());
  const auto k = static_cast<std::size_t>(alpha * static_cast<double>(values.size()));
  WorkBox out = box;
  if (lower) {
    double cut = values[k];
    if (cut == values.front()) {
      const auto next = std::upper_bound(values.begin(), values.end(), cut);
      if (next == values.end()) return box;  // a single value: nothing to peel
      cut = *next;
    }
    out.low[f] = cut;
  } else {
    double cut = values[values.size() - 1 - k];
    if (cut == values.back()) {
      const auto below = std::lower_bound(values.begin(), values.end(), cut);
      if (below == values.begin()) return box;
      cut = *(below - 1);
    }
    out.high[f] = cut;
  }
  out.runs.clear();
  for (std::size_t r : box.runs)
    if (data.at(r, f) >= out.low[f] && data.at(r, f) <= out.high[f]) out.runs.push_back(r);
  return out;
}

// The paste of factor f at one end: the bound moved out past the nearest
// paste_alpha share (at least one distinct value) of the runs just outside it.
WorkBox paste(const Data& data, const WorkBox& box, std::size_t f, bool lower, double alpha,
              const std::vector<double>& all_low, const std::vector<double>& all_high) {
  WorkBox wide = box;
  if (lower) {
    wide.low[f] = all_low[f];
  } else {
    wide.high[f] = all_high[f];
  }
  std::vector<double> outside;
  for (std::size_t r : data.select(wide.low, wide.high)) {
    const double v = data.at(r, f);
    if (lower ? v < box.low[f] : v > box.high[f]) outside.push_back(v);
  }
  if (outside.empty()) return box;
  // Nearest first.
  if (lower) {
    std::sort(outside.begin(), outside.end(), std::greater<>());
  } else {
    std::sort(outside.begin(), outside.end());
  }
  const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(alpha * static_cast<double>(box.runs.size())));
  const double bound = outside[std::min(k, outside.size()) - 1];
  WorkBox out = box;
  if (lower) {
    out.low[f] = bound;
  } else {
    out.high[f] = bound;
  }
  out.runs = data.select(out.low, out.high);
  return out;
}

}  // namespace

int PrimBox::restricted_count() const { return static_cast<int>(std::count(restricted.begin(), restricted.end(), true)); }

std::size_t prim_min_runs(const PrimOptions& options) {
  return static_cast<std::size_t>(std::ceil(1.0 / (options.peel_alpha * options.mass_min) - 1e-9));
}

double binomial_upper_tail(std::size_t k, std::size_t n, double p) {
  if (k == 0) return 1.0;
  if (k > n || p <= 0) return 0.0;
  if (p >= 1) return 1.0;
  double sum = 0;
  const double nd = static_cast<double>(n);
  for (std::size_t i = k; i <= n; ++i) {
    const double id = static_cast<double>(i);
    const double log_term = std::lgamma(nd + 1) - std::lgamma(id + 1) - std::lgamma(nd - id + 1) + id * std::log(p) +
                            (nd - id) * std::log1p(-p);
    sum += std::exp(log_term);
  }
  return std::min(1.0, sum);
}

namespace {

// The boxes of the peeling trajectory, from the box of all runs (`first`).
std::vector<WorkBox> peel_all(const Data& data, WorkBox first, std::size_t min_runs, double alpha) {
  std::vector<WorkBox> boxes{std::move(first)};
  while (data.density(boxes.back().runs) < 1.0) {
    const WorkBox& current = boxes.back();
    const double density = data.density(current.runs);
    bool found = false;
    double best = 0;
    WorkBox best_box;
    for (std::size_t f = 0; f < data.factors(); ++f) {
      for (bool lower : {true, false}) {
        WorkBox candidate = peel(data, current, f, lower, alpha);
        if (candidate.runs.size() == current.runs.size() || candidate.runs.size() < min_runs) continue;
        const double gain =
            objective(density, current.runs.size(), data.density(candidate.runs), candidate.runs.size());
        if (!found || gain > best) {
          found = true;
          best = gain;
          best_box = std::move(candidate);
        }
      }
    }
    if (!found) break;
    boxes.push_back(std::move(best_box));
  }
  return boxes;
}

// Widens `box` one paste at a time while a paste raises its density.
WorkBox paste_all(const Data& data, WorkBox box, double alpha, const std::vector<double>& all_low,
                  const std::vector<double>& all_high) {
  while (true) {
    const double density = data.density(box.runs);
    bool found = false;
    double best = 0;
    WorkBox best_box;
    for (std::size_t f = 0; f < data.factors(); ++f) {
      for (bool lower : {true, false}) {
        WorkBox candidate = paste(data, box, f, lower, alpha, all_low, all_high);
        if (candidate.runs.size() == box.runs.size()) continue;
        const double gain = objective(density, box.runs.size(), data.density(candidate.runs), candidate.runs.size());
        if (gain > 0 && (!found || gain > best)) {
          found = true;
          best = gain;
          best_box = std::move(candidate);
        }
      }
    }
    if (!found) return box;
    box = std::move(best_box);
  }
}

// Each factor's range over all runs.
void ranges(const Data& data, std::vector<double>& low, std::vector<double>& high) {
  low.assign(data.factors(), std::numeric_limits<double>::infinity());
  high.assign(data.factors(), -std::numeric_limits<double>::infinity());
  for (std::size_t r = 0; r < data.size(); ++r) {
    for (std::size_t f = 0; f < data.factors(); ++f) {
      low[f] = std::min(low[f], data.at(r, f));
      high[f] = std::max(high[f], data.at(r, f));
    }
  }
}

// Each restricted factor's quasi-p-value: its restriction dropped in turn.
std::vector<double> quasi_p_values(const Data& data, const WorkBox& box, const PrimBox& described,
                                   const std::vector<double>& all_low, const std::vector<double>& all_high) {
  std::vector<double> out(data.factors(), std::nan(""));
  for (std::size_t f = 0; f < data.factors(); ++f) {
    if (!described.restricted[f]) continue;
    std::vector<double> low = box.low, high = box.high;
    low[f] = all_low[f];
    high[f] = all_high[f];
    const double p = data.density(data.select(low, high));
    out[f] = binomial_upper_tail(described.of_interest, described.runs, p);
  }
  return out;
}

// Drops the weakest restriction of `box` while its quasi-p-value exceeds
// `max_p`, updating result.box, quasi_p and dropped.
void drop_weak(const Data& data, WorkBox box, const std::vector<double>& all_low, const std::vector<double>& all_high,
               double max_p, PrimResult& result) {
  while (true) {
    std::size_t weakest = data.factors();
    for (std::size_t f = 0; f < data.factors(); ++f) {
      const double p = result.quasi_p[f];
      if (!std::isnan(p) && p > max_p && (weakest == data.factors() || p > result.quasi_p[weakest])) weakest = f;
    }
    if (weakest == data.factors()) return;
    box.low[weakest] = all_low[weakest];
    box.high[weakest] = all_high[weakest];
    box.runs = data.select(box.low, box.high);
    result.dropped.push_back(weakest);
    result.box = describe(data, box, all_low, all_high, result.total_of_interest);
    result.quasi_p = quasi_p_values(data, box, result.box, all_low, all_high);
  }
}

}  // namespace

PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<bool>& interesting,
                const PrimOptions& options) {
  if (x.size() < prim_min_runs(options)) {
    throw std::invalid_argument(std::to_string(x.size()) + " runs: PRIM needs at least " +
                                std::to_string(prim_min_runs(options)) + " (1 / (peel_alpha x mass_min))");
  }
  const Data data(x, interesting);
  PrimResult result;
  result.total = data.size();
  std::vector<std::size_t> all(data.size());
  for (std::size_t r = 0; r < all.size(); ++r) all[r] = r;
  result.total_of_interest = data.count_interesting(all);
  if (result.total_of_interest == 0) throw std::invalid_argument("no run is of interest: there is nothing to find");
  if (result.total_of_interest == data.size())
    throw std::invalid_argument("every run is of interest: there is nothing to tell apart");

  std::vector<double> all_low, all_high;
  ranges(data, all_low, all_high);
  const auto min_runs =
      static_cast<std::size_t>(std::ceil(options.mass_min * static_cast<double>(data.size()) - 1e-9));
  const std::vector<WorkBox> boxes = peel_all(data, {all_low, all_high, all}, min_runs, options.peel_alpha);
  for (const WorkBox& b : boxes) result.trajectory.push_back(describe(data, b, all_low, all_high, result.total_of_interest));

  // The densest box with enough coverage (step 0 always qualifies).
  for (std::size_t i = 0; i < result.trajectory.size(); ++i) {
    const PrimBox& b = result.trajectory[i];
    if (b.coverage + 1e-12 >= options.min_coverage && b.density > result.trajectory[result.chosen].density)
      result.chosen = i;
  }
  const WorkBox box = paste_all(data, boxes[result.chosen], options.paste_alpha, all_low, all_high);
  result.box = describe(data, box, all_low, all_high, result.total_of_interest);

  result.quasi_p = quasi_p_values(data, box, result.box, all_low, all_high);
  drop_weak(data, box, all_low, all_high, options.max_quasi_p, result);
  return result;
}

}  // namespace stackrace
