#pragma once
// Problems found while validating input, collected so that one run of a
// check reports all of them at once rather than the first only.

#include <string>
#include <vector>

namespace stackrace {

// One problem found while validating: where, and what.
struct Problem {
  std::string where;
  std::string what;
  std::string str() const { return where.empty() ? what : where + ": " + what; }
};

// Throws one InputError listing every problem, if there are any.
void throw_if_any(const std::vector<Problem>& problems);

}  // namespace stackrace
