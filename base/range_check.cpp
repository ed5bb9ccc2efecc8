#include "base/range_check.h"

#include <cmath>
#include <sstream>
#include <type_traits>

#include "base/field_path.h"
#include "base/field_type.h"
#include "base/field_walk.h"
#include "base/problems.h"
#include "base/proto/options.pb.h"

namespace stackrace {

namespace pb = google::protobuf;

namespace {

// Significant digits of a value or bound in a message: enough to tell any
// schema bound (at most a few digits) from a value just past it.
constexpr int kMessageDigits = 10;

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(kMessageDigits);
  out << v;
  return out.str();
}

// A number field's value as a double (entry `index` of a repeated field, the
// singular value when index < 0); 0 for fields that hold no number.
double scalar_as_double(const pb::Message& m, const pb::FieldDescriptor& f, int index) {
  return visit_field_type(f, [&](auto tag) -> double {
    using T = typename decltype(tag)::type;
    if constexpr (kIsNumber<T>) {
      return static_cast<double>(get_value<T>(m, f, index));
    } else {
      return 0.0;
    }
  });
}

// Checks every entry of an enum field against the enum's values.
void check_enum(const pb::Message& m, const pb::FieldDescriptor& f, const std::string& path, const FieldLocator& locate,
                const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems) {
  const pb::Reflection& r = *m.GetReflection();
  // Text format accepts any number for an enum; the model indexes arrays
  // by them, so only the schema's values pass.
  const int count = f.is_repeated() ? r.FieldSize(m, &f) : 1;
  for (int k = 0; k < count; ++k) {
    const int v = f.is_repeated() ? r.GetRepeatedEnumValue(m, &f, k) : r.GetEnumValue(m, &f);
    if (f.enum_type()->FindValueByNumber(v)) continue;
    const std::string item = f.is_repeated() ? item_path(path, k) : path;
    const auto it = overridden.find(item);
    std::string names;
    for (int i = 0; i < f.enum_type()->value_count(); ++i) names += (i ? ", " : "") + f.enum_type()->value(i)->name();
    std::string what = item + " = " + std::to_string(v) + ": expected one of ";
    what += names;
    problems.push_back({it != overridden.end() ? "--set " + item + "=" + it->second : locate(item), what});
  }
}

// True for a double or float field: one that can hold NaN or infinity.
bool is_floating_field(const pb::FieldDescriptor& f) {
  return visit_field_type(f, [](auto tag) { return std::is_floating_point_v<typename decltype(tag)::type>; });
}

// True when v is a value the field may hold: finite, and inside its (range) if it has one.
bool acceptable(const pb::FieldDescriptor& f, double v) {
  if (!std::isfinite(v)) return false;
  if (!f.options().HasExtension(range)) return true;
  const Range& bounds = f.options().GetExtension(range);
  const bool below = bounds.has_min() && (bounds.min_exclusive() ? v <= bounds.min() : v < bounds.min());
  const bool above = bounds.has_max() && (bounds.max_exclusive() ? v >= bounds.max() : v > bounds.max());
  return !below && !above;
}

// "x = nan: expected a finite number", "y = 3: expected a value in [0, 1] (per month)".
std::string violation(const pb::FieldDescriptor& f, const std::string& item, double v, bool set_in_file) {
  std::string what = item + " = " + format_number(v) + (set_in_file ? "" : " (not set)") + ": expected ";
  what += f.options().HasExtension(range) ? "a value in " + field_range(f) : std::string("a finite number");
  const std::string unit_text = field_unit(f);
  if (!unit_text.empty()) what += " (" + unit_text + ")";
  return what;
}

// Checks one number field of `m` (all entries of a repeated one): every
// double and float must be finite, whether or not it has a (range), and
// every field with a (range) must be inside it.
void check_number(const pb::Message& m, const pb::FieldDescriptor& f, const std::string& path,
                  const FieldLocator& locate, const std::map<std::string, std::string>& overridden,
                  std::vector<Problem>& problems) {
  const pb::Reflection& r = *m.GetReflection();
  if (!is_floating_field(f) && !f.options().HasExtension(range)) return;
  if (f.has_presence() && !f.is_repeated() && !r.HasField(m, &f)) return;  // optional and absent
  const int count = f.is_repeated() ? r.FieldSize(m, &f) : 1;
  for (int k = 0; k < count; ++k) {
    const double v = scalar_as_double(m, f, f.is_repeated() ? k : -1);
    if (acceptable(f, v)) continue;
    const std::string item = f.is_repeated() ? item_path(path, k) : path;
    std::string where;
    bool found = true;
    if (auto it = overridden.find(item); it != overridden.end()) {
      where = "--set " + item + "=" + it->second;
    } else {
      where = locate.find(item);
      found = !where.empty();
      if (!found) where = locate.fallback();
    }
    problems.push_back({where, violation(f, item, v, found || r.HasField(m, &f) || f.is_repeated())});
  }
}

// Checks one non-message field of `m`.
void check_leaf(const pb::Message& m, const pb::FieldDescriptor& f, const std::string& path, const FieldLocator& locate,
                const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems) {
  if (f.cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
    check_enum(m, f, path, locate, overridden, problems);
  } else if (is_number_field(f)) {
    check_number(m, f, path, locate, overridden, problems);
  }
}

}  // namespace

void check_ranges(const pb::Message& message, const SourceMap& source,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems) {
  check_ranges(message, SourceLocator(source, message), overridden, problems);
}

void check_ranges(const pb::Message& message, const FieldLocator& locator,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems) {
  for_each_leaf_field(message, [&](const pb::Message& owner, const pb::FieldDescriptor& f, const std::string& path) {
    check_leaf(owner, f, path, locator, overridden, problems);
  });
}

SourceMap load_checked(const std::string& path, pb::Message& message, const FileKind& kind) {
  SourceMap source = load_textproto(path, message, kind);
  std::vector<Problem> problems;
  check_ranges(message, source, {}, problems);
  throw_if_any(problems);
  return source;
}

std::string field_unit(const pb::FieldDescriptor& field) {
  return field.options().HasExtension(unit) ? field.options().GetExtension(unit) : "";
}

std::string field_range(const pb::FieldDescriptor& field) {
  if (!field.options().HasExtension(range)) return "";
  const Range& b = field.options().GetExtension(range);
  const std::string lo = b.has_min() ? format_number(b.min()) : "-inf";
  const std::string hi = b.has_max() ? format_number(b.max()) : "inf";
  return std::string(b.min_exclusive() ? "(" : "[") + lo + ", " + hi + (b.max_exclusive() ? ")" : "]");
}

}  // namespace stackrace
