#include "base/problems.h"

#include "base/errors.h"

namespace stackrace {

void throw_if_any(const std::vector<Problem>& problems) {
  if (problems.empty()) return;
  std::string text;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i) text += "\n";
    text += problems[i].str();
  }
  // The first problem's location heads the error; the rest follow on their own lines.
  throw InputError("", text);
}

}  // namespace stackrace
