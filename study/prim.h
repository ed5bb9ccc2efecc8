#pragma once
// The Patient Rule Induction Method (Friedman & Fisher 1999, "Bump hunting in
// high-dimensional data", Statistics and Computing 9:123-143) as scenario
// discovery uses it (Bryant & Lempert 2010, TFSC 77:34-49): find a box of
// factor ranges in which the runs of interest are dense.
//
// Peeling: from the box holding every run, each step tries to cut away the
// peel_alpha share of the box's runs at the low or the high end of each
// factor (at least one distinct value, so that factors with few levels can be
// peeled) and keeps the cut with the largest gain in density per run removed
// (the "lenient" objective of the EMA Workbench), until the box would hold
// fewer than mass_min of all runs or only runs of interest. The trajectory of
// boxes trades coverage (the share of all runs of interest inside) against
// density (the share of the box's runs that are of interest).
//
// Pasting: the chosen box is then widened again, one bound at a time, by
// paste_alpha of its runs, while that raises its density. Peeling restricts
// many factors a little where runs are few; restrictions whose quasi-p-value
// (below) exceeds max_quasi_p are then dropped one by one, the weakest first,
// so that the box names only factors that matter.
//
// Quasi-p-value of each restricted factor (Bryant & Lempert 2010): with the
// factor's restriction dropped the box has density p; the probability that a
// box of the chosen box's size drawn at density p would hold at least as many
// runs of interest (one-sided binomial test). Small values: the restriction
// matters.

#include <cstddef>
#include <string>
#include <vector>

namespace stackrace {

struct PrimOptions {
  double peel_alpha = 0.05;    // share of the box's runs one peel removes
  double paste_alpha = 0.05;   // share of the box's runs one paste adds
  double mass_min = 0.05;      // smallest box, as a share of all runs
  double min_coverage = 0.5;   // the chosen box: the densest one with at least this coverage
  // After pasting, the restriction with the largest quasi-p-value is dropped
  // while that value exceeds this (EMA Workbench's drop_restriction, done
  // for every restriction that chance alone could explain); 1 keeps all.
  double max_quasi_p = 0.05;
};

// The runs PRIM needs with these options: enough that a peel_alpha share of
// the smallest box (mass_min of the runs) is one run.
std::size_t prim_min_runs(const PrimOptions& options);

struct PrimBox {
  std::vector<double> low, high;  // per factor, inclusive: the in-box runs' extremes
  std::size_t runs = 0;           // runs inside
  std::size_t of_interest = 0;    // runs of interest inside
  double coverage = 0, density = 0, mass = 0;
  std::vector<bool> restricted;  // per factor: narrower than all runs' range
  int restricted_count() const;
};

struct PrimResult {
  std::vector<PrimBox> trajectory;  // step 0 is the box of all runs
  std::size_t chosen = 0;           // trajectory index of the box that was pasted
  PrimBox box;                      // the chosen box after pasting and dropping weak restrictions
  std::vector<std::size_t> dropped;  // factors whose restriction was dropped, in order
  std::vector<double> quasi_p;      // per factor; NaN where unrestricted
  std::size_t total = 0, total_of_interest = 0;
};

// x[run][factor], interesting[run]. Throws std::invalid_argument when there
// are fewer runs than prim_min_runs, or no run or every run is of interest.
PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<bool>& interesting,
                const PrimOptions& options);

// P(X >= k) for X ~ Binomial(n, p).
double binomial_upper_tail(std::size_t k, std::size_t n, double p);

}  // namespace stackrace
