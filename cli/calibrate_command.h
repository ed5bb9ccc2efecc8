#pragma once
// `stackrace calibrate PLAN --out FILE`: the adoption calibration
// (study/adoption_calibration.h), and the out-of-sample lines of `fit`.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/spec.h"

namespace stackrace {

int calibrate_main(int argc, char** argv);

// Prints fit's two out-of-sample lines, with the posterior `posterior_path`
// (or the scenario's adoption_posterior when empty); says why when there is none.
void print_out_of_sample(const Spec& spec, const std::string& posterior_path, const std::vector<std::string>& sets,
                         std::uint64_t seed, std::ostream& out);

}  // namespace stackrace
