#include "cli/view_args.h"

#include <algorithm>
#include <charconv>

#include "base/errors.h"
#include "base/text_escape.h"

namespace stackrace::cli {
namespace {

// Smaller than 200 px leaves no room for a legend; 8192 px is the texture
// limit of common GL drivers (offscreen PNGs are one texture).
constexpr int kMinSizePx = 200, kMaxSizePx = 8192;

bool parse_int(std::string_view s, int& out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

const char* const kNoSfmlMessage =
    "this stackrace was built without SFML 2.5 (not found, or STACKRACE_BUILD_VIEW=OFF), so the map window and PNG "
    "figures are unavailable.\n"
    "  Install it with `apt-get install libsfml-dev` (or scripts/install-deps), then rebuild:\n"
    "  cmake --preset release && cmake --build --preset release\n"
    "  SVG figures need no SFML: stackrace render RUN_DIR --out map.svg";

Size parse_size(const std::string& text) {
  const auto x = text.find('x');
  Size s;
  if (x == std::string::npos || !parse_int(std::string_view(text).substr(0, x), s.width) ||
      !parse_int(std::string_view(text).substr(x + 1), s.height))
    throw InputError("--size " + text, "expected WIDTHxHEIGHT in pixels, e.g. 1920x1080");
  if (s.width < kMinSizePx || s.width > kMaxSizePx || s.height < kMinSizePx || s.height > kMaxSizePx)
    throw InputError("--size " + text, "expected each side from 200 to 8192 pixels");
  return s;
}

namespace {

int index_of(const std::string& option, const std::string& month, Month first, int months) {
  Month m;
  const std::string range = first.str() + ".." + Month{first.index + months - 1}.str();
  if (!parse_month(month, m)) throw InputError(option + " " + month, "expected YYYY-MM within the run, " + range);
  const int index = m.index - first.index;
  if (index < 0 || index >= months) throw InputError(option + " " + month, "is outside the run, which has " + range);
  return index;
}

}  // namespace

int month_index(const std::string& month, Month first, int months) { return index_of("--month", month, first, months); }

MonthRange month_range(const std::optional<std::string>& from, const std::optional<std::string>& to, Month first,
                       int months) {
  MonthRange r{0, months - 1};
  if (from) r.first = index_of("--from", *from, first, months);
  if (to) r.last = index_of("--to", *to, first, months);
  if (r.first > r.last) throw InputError("--from " + *from, "is after --to " + *to + ", expected --from <= --to");
  return r;
}

int country_index(const std::string& option, const std::string& code, const std::vector<std::string>& iso3) {
  // ISO3 codes are capitals: "ind" is IND.
  const auto it = std::find(iso3.begin(), iso3.end(), ascii_upper(code));
  if (it == iso3.end()) throw InputError(option + " " + code, "expected the ISO3 code of a country of the run");
  return static_cast<int>(it - iso3.begin());
}

}  // namespace stackrace::cli
