#pragma once
#include <iosfwd>

#include "sim/spec.h"

namespace stackrace {
// Prints every resolved parameter with its unit and valid range, then a
// summary of the world (countries, income groups, tiers, imputed targets).
void describe(const Spec& spec, std::ostream& out);
}  // namespace stackrace
