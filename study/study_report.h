#pragma once
// `stackrace study report DIR`: the levers ranked per outcome, printed, and
// drawn as DIR/report.svg.

#include <filesystem>
#include <ostream>

namespace stackrace {

// Throws InputError when DIR holds no study, or an incomplete or failed one.
void study_report(const std::filesystem::path& dir, std::ostream& out);

}  // namespace stackrace
