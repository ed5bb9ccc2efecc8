#include "base/field_path.h"

#include <charconv>
#include <sstream>

namespace stackrace {

bool split_path(const std::string& path, std::vector<PathSegment>& out) {
  out.clear();
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '.')) {
    PathSegment seg;
    const auto open = part.find('[');
    if (open == std::string::npos) {
      seg.name = part;
    } else {
      if (part.back() != ']' || open + 2 > part.size() - 1) return false;
      seg.name = part.substr(0, open);
      const std::string digits = part.substr(open + 1, part.size() - open - 2);
      int index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (ec != std::errc() || end != digits.data() + digits.size() || index < 0) return false;
      // One spelling per index ([0], not [00] or [-0]): paths are compared as
      // text (a factor against a set, a problem against its --set).
      if (digits != std::to_string(index)) return false;
      seg.index = index;
    }
    if (seg.name.empty()) return false;
    out.push_back(seg);
  }
  return !out.empty() && path.back() != '.';
}

std::string item_path(const std::string& field, int i) { return field + "[" + std::to_string(i) + "]"; }

}  // namespace stackrace
