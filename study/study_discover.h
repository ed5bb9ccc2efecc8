#pragma once
// `stackrace study discover DIR --where 'OUTCOME >= X'`: scenario discovery
// over a finished study. The runs whose outcome meets the condition are the
// cases of interest; PRIM (study/prim.h) finds the factor ranges where they
// are dense. Writes DIR/discover/boxes.csv, trajectory.csv, trajectory.svg
// and box.svg, each atomically; on bad input nothing.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "study/prim.h"

namespace stackrace {

// A condition on one outcome: low <= value <= high, either side open
// (infinite) for a one-sided condition.
struct OutcomeCondition {
  std::string outcome;
  double low = 0, high = 0;
  std::string text;  // as written
  bool holds(double value) const { return value >= low && value <= high; }
};

// Parses "NAME >= X", "NAME <= X", "X <= NAME <= Y" (also with > and <,
// which mean the same on continuous outcomes, and read as written: X > NAME
// is NAME < X). Throws InputError at `where` for anything else, or an outcome
// that is not one of `outcomes` (listed in the message).
OutcomeCondition parse_condition(const std::string& text, const std::vector<std::string>& outcomes,
                                 const std::string& where);

// The SVG pictures of a result (factor names in the study's order).
std::string trajectory_svg(const PrimResult& result, const std::string& title);
std::string box_svg(const PrimResult& result, const std::vector<std::string>& factors, const std::string& title);

// Throws InputError (exit 2) before writing anything when DIR holds no
// complete study, the condition is bad, or there are too few runs. In a
// study with policy options, `option` names the option whose runs are
// searched (the futures of one policy); it is required there, since the
// options are not factors, and refused elsewhere.
void study_discover(const std::filesystem::path& dir, const std::string& where, const std::string& option,
                    const PrimOptions& options, std::ostream& out);

}  // namespace stackrace
