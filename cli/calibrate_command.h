#pragma once
// `stackrace calibrate PLAN --out FILE`: the adoption calibration
// (study/adoption_calibration.h), and the out-of-sample lines of `fit`.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/proto/calibration.pb.h"
#include "sim/spec.h"

namespace stackrace {

int calibrate_main(int argc, char** argv);

// The posterior `fit` validates with: `posterior_path` (--posterior), or the
// scenario's adoption_posterior when that is empty; nullopt when there is
// none. Read before any run, so that a bad one costs no time and leaves no
// half-printed output: a posterior file that is missing, not a regular file
// or empty is reported where it is named (the scenario's line or --set).
std::optional<AdoptionPosterior> load_fit_posterior(const Spec& spec, const std::string& posterior_path);

// Prints fit's two out-of-sample lines with `posterior` (from
// load_fit_posterior); says why when there is none.
void print_out_of_sample(const Spec& spec, const std::optional<AdoptionPosterior>& posterior,
                         const std::vector<std::string>& sets, std::uint64_t seed, std::ostream& out);

}  // namespace stackrace
