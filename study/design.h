#pragma once
// Design generators on the unit cube [0, 1)^factors: each point is a vector of
// fractions of each factor's range, mapped to field values by the study
// (study_plan.h). All randomness comes from the counter-based generator keyed
// by the study seed, so a design is a pure function of the study spec.

#include <cstdint>
#include <vector>

namespace stackrace {

using UnitPoints = std::vector<std::vector<double>>;  // [point][factor], each in [0, 1]

// Every combination of the given per-factor level counts, as level indices;
// the last factor varies fastest. counts[f] >= 1.
std::vector<std::vector<int>> full_grid(const std::vector<int>& counts);

// Independent uniform draws.
UnitPoints random_design(int points, int factors, std::uint64_t seed);

// One point in each of `points` equal strata of every factor, the strata of
// different factors paired by independent random permutations, each point
// placed uniformly within its stratum (McKay, Beckman & Conover 1979).
UnitPoints latin_hypercube(int points, int factors, std::uint64_t seed);

// Saltelli's scheme (Saltelli et al. 2010, "Variance based sensitivity
// analysis of model output", CPC 181:259-270) without second-order terms:
// N base samples, each giving factors + 2 points in the order
//   A_j, AB_j^(1), ..., AB_j^(factors), B_j
// where A_j and B_j are the first and last `factors` coordinates of point j of
// a Sobol sequence in 2 * factors dimensions, and AB_j^(i) is A_j with its
// i-th coordinate taken from B_j. The sequence's first point (the origin) is
// skipped, as SALib does, because A and B would both be the cube's corner.
UnitPoints saltelli_design(int base_samples, int factors);

// One step of a Morris trajectory: which factor moved, by how much (a
// fraction of its range, +delta or -delta).
struct MorrisStep {
  int factor = 0;
  double delta = 0;
};

struct MorrisDesign {
  UnitPoints points;                           // trajectories * (factors + 1), trajectory by trajectory
  std::vector<std::vector<MorrisStep>> steps;  // [trajectory][step], factors steps each
};

// Morris (1991) trajectories on a grid of `levels` levels {0, 1/(p-1), ..., 1}
// with step delta = p / (2 (p - 1)): a random start on the grid, then each
// factor in random order moves once by +delta or -delta, staying on the grid.
// levels must be even and >= 2.
MorrisDesign morris_design(int trajectories, int factors, int levels, std::uint64_t seed);

}  // namespace stackrace
