#pragma once
// How a run starts in 2025, from the observed H1 2025 AI user shares alone
// (see docs/calibration.md): each country's share at the start is its H1
// figure less the growth the model itself expects of it over the months to
// H1 (mean-field: the aware grow with Bass innovation and imitation, less the
// users who stop; a share P_use of the aware use AI). Nothing is solved per country: how fast
// a country adopts after that comes from the model's mechanisms and its
// calibrated parameters. An economy held out of calibration (Spec.held_out)
// starts from its covariates instead: a log-linear fit of H1 on its online
// share x use probability and its GDP per head, made on the economies observed
// and not held out.

#include <vector>

#include "base/state_archive.h"
#include "sim/spec.h"

namespace stackrace {

struct CountryStart {
  double online = 0;  // share of population online at the start
  double users = 0;   // share of population using AI at the start
  double aware = 0;   // share of population that has considered AI (users included)
  double use_probability = 0;  // mean probability of taking AI up at the start (over its classes)
};

// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<CountryStart> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.online, s.users, s.aware, s.use_probability);
}

// use_probability[c]: the mean probability of taking AI up in country c at
// the start (over its adopter classes).
std::vector<CountryStart> calibrate_start(const Spec& spec, const std::vector<double>& use_probability);

// Expected imitation hazard of a non-user when a share `users` of the
// population uses AI and `users_among_online` of the online do (mean-field,
// with binomial peers and uniform thresholds).
double expected_imitation(const Adoption& a, unsigned peers, double users, double users_among_online);

// Fit of simulated to observed shares over the observed economies.
struct Fit {
  int economies = 0;
  double spearman = 0;
  double mae_pp = 0;  // mean absolute error, percentage points
};

template <class Archive, StateOf<Fit> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.economies, s.spearman, s.mae_pp);
}

Fit fit(const std::vector<double>& simulated, const std::vector<double>& observed);
double spearman_rank_correlation(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace stackrace
