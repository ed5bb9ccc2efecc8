// Every number field of every file the tool reads, walked from the schema:
// NaN, inf and -inf in a double or float, and each edge of a (range), are put
// into an otherwise valid message that is printed as text and read back, as a
// file would be. check_ranges must refuse exactly the bad values, naming the
// field path and the line and column where the value is written. A field
// added to any schema is tested here without a line of this file changing.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "base/field_path.h"
#include "base/field_type.h"
#include "base/proto/compare.pb.h"
#include "base/proto/observed.pb.h"
#include "base/proto/options.pb.h"
#include "base/proto/output.pb.h"
#include "base/proto/scenario.pb.h"
#include "base/proto/study.pb.h"
#include "base/proto/supply.pb.h"
#include "base/proto/world.pb.h"
#include "base/proto/world_config.pb.h"
#include "base/range_check.h"
#include "base/textproto_parse.h"

namespace stackrace {
namespace {

namespace pb = google::protobuf;

constexpr const char* kFile = "t.textproto";
// Nesting deeper than any schema has: a guard against a type that holds itself.
constexpr int kMaxDepth = 12;

// The root message of every textproto file the tool reads.
std::vector<std::unique_ptr<pb::Message>> file_types() {
  std::vector<std::unique_ptr<pb::Message>> out;
  out.push_back(std::make_unique<Scenario>());
  out.push_back(std::make_unique<Supply>());
  out.push_back(std::make_unique<WorldData>());
  out.push_back(std::make_unique<WorldGeometry>());
  out.push_back(std::make_unique<WorldConfig>());
  out.push_back(std::make_unique<ObservedAdoption>());
  out.push_back(std::make_unique<StudySpec>());
  out.push_back(std::make_unique<Comparison>());
  out.push_back(std::make_unique<RunManifest>());
  return out;
}

// One value put into a field, and whether the check should accept it.
struct Case {
  double value;
  bool valid;
  std::string label;
};

// Values of type T next to a bound: one step towards -inf or +inf.
template <typename T>
double step(double v, double towards) {
  if constexpr (std::is_floating_point_v<T>)
    return static_cast<double>(std::nextafter(static_cast<T>(v), static_cast<T>(towards)));
  else
    return towards > v ? v + 1 : v - 1;
}

// True when v is a value type T can hold exactly.
template <typename T>
bool representable(double v) {
  if constexpr (std::is_floating_point_v<T>) {
    return true;
  } else {
    return v == std::floor(v) && v >= static_cast<double>(std::numeric_limits<T>::lowest()) &&
           v <= static_cast<double>(std::numeric_limits<T>::max());
  }
}

// The cases for a number field of type T: non-finite values for a floating
// one, and just inside and just outside each bound of its (range).
template <typename T>
std::vector<Case> cases_for(const pb::FieldDescriptor& f) {
  std::vector<Case> cases;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if constexpr (std::is_floating_point_v<T>) {
    cases.push_back({std::numeric_limits<double>::quiet_NaN(), false, "nan"});
    cases.push_back({kInf, false, "inf"});
    cases.push_back({-kInf, false, "-inf"});
  }
  if (!f.options().HasExtension(range)) return cases;
  const Range& r = f.options().GetExtension(range);
  if (r.has_min()) {
    const double inside = r.min_exclusive() ? step<T>(r.min(), kInf) : r.min();
    const double outside = r.min_exclusive() ? r.min() : step<T>(r.min(), -kInf);
    cases.push_back({inside, true, "just inside the minimum"});
    if (representable<T>(outside)) cases.push_back({outside, false, "just below the minimum"});
  }
  if (r.has_max()) {
    const double inside = r.max_exclusive() ? step<T>(r.max(), -kInf) : r.max();
    const double outside = r.max_exclusive() ? r.max() : step<T>(r.max(), kInf);
    cases.push_back({inside, true, "just inside the maximum"});
    if (representable<T>(outside)) cases.push_back({outside, false, "just above the maximum"});
  }
  return cases;
}

// A value the field accepts: its minimum or maximum (or a step inside an
// exclusive one), else 0.
template <typename T>
T valid_value(const pb::FieldDescriptor& f) {
  for (const Case& c : cases_for<T>(f))
    if (c.valid) return static_cast<T>(c.value);
  return T{};
}

// Fills every number field of `m` (one entry in every repeated field, every
// singular message present) with a value its schema accepts.
void fill_valid(pb::Message& m, int depth = 0) {
  ASSERT_LT(depth, kMaxDepth) << m.GetDescriptor()->full_name() << " nests too deep";
  const pb::Descriptor& d = *m.GetDescriptor();
  for (int i = 0; i < d.field_count(); ++i) {
    const pb::FieldDescriptor& f = *d.field(i);
    visit_field_type(f, [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (std::is_same_v<T, pb::Message>) {
        pb::Message* child =
            f.is_repeated() ? m.GetReflection()->AddMessage(&m, &f) : m.GetReflection()->MutableMessage(&m, &f);
        fill_valid(*child, depth + 1);
      } else if constexpr (kIsNumber<T>) {
        f.is_repeated() ? add_value<T>(m, f, valid_value<T>(f)) : set_value<T>(m, f, -1, valid_value<T>(f));
      }
    });
  }
}

// A number field found in the filled message, and the path to it.
struct NumberField {
  std::string path;  // of the value: "country[0].population", "ring[0].lon_e4[0]"
  const pb::FieldDescriptor* field;
};

void collect_numbers(const pb::Message& m, const std::string& prefix, std::vector<NumberField>& out) {
  const pb::Descriptor& d = *m.GetDescriptor();
  const pb::Reflection& r = *m.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const pb::FieldDescriptor& f = *d.field(i);
    const std::string path = prefix.empty() ? f.name() : prefix + "." + f.name();
    if (f.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f.is_repeated())
        collect_numbers(r.GetRepeatedMessage(m, &f, 0), item_path(path, 0), out);
      else
        collect_numbers(r.GetMessage(m, &f), path, out);
    } else if (is_number_field(f)) {
      out.push_back({f.is_repeated() ? item_path(path, 0) : path, &f});
    }
  }
}

// Sets the value at `path` (as collect_numbers writes it) in `root`.
void set_at(pb::Message& root, const std::string& path, double value) {
  std::vector<PathSegment> segments;
  ASSERT_TRUE(split_path(path, segments)) << path;
  pb::Message* m = &root;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    const pb::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(segments[i].name);
    m = f->is_repeated() ? m->GetReflection()->MutableRepeatedMessage(m, f, segments[i].index)
                         : m->GetReflection()->MutableMessage(m, f);
  }
  const pb::FieldDescriptor& f = *m->GetDescriptor()->FindFieldByName(segments.back().name);
  visit_field_type(f, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (kIsNumber<T>) set_value<T>(*m, f, segments.back().index, static_cast<T>(value));
  });
}

// The problems check_ranges finds in `message` once printed and read back.
std::vector<Problem> problems_as_file(const pb::Message& message, std::string& text) {
  EXPECT_TRUE(pb::TextFormat::PrintToString(message, &text));
  std::unique_ptr<pb::Message> parsed(message.New());
  const SourceMap source = parse_textproto(text, kFile, *parsed);
  std::vector<Problem> problems;
  check_ranges(*parsed, source, {}, problems);
  return problems;
}

// Checks one field with one case.
void check_case(const pb::Message& valid, const NumberField& n, const Case& c) {
  std::unique_ptr<pb::Message> m(valid.New());
  m->CopyFrom(valid);
  set_at(*m, n.path, c.value);
  std::string text;
  const std::vector<Problem> problems = problems_as_file(*m, text);
  const std::string context = valid.GetDescriptor()->name() + " " + n.path + " " + c.label;
  if (c.valid) {
    for (const Problem& p : problems) ADD_FAILURE() << context << ": refused: " << p.str();
    return;
  }
  ASSERT_EQ(problems.size(), 1u) << context << " was accepted\n" << text;
  const Problem& p = problems[0];
  EXPECT_EQ(p.what.rfind(n.path + " = ", 0), 0u) << context << ": " << p.str();
  EXPECT_NE(p.what.find(": expected "), std::string::npos) << context << ": " << p.str();
  // A singular 0 without presence is not printed (the proto3 default), so it has no line.
  if (c.value != 0 || n.field->is_repeated() || n.field->has_presence()) {
    EXPECT_EQ(p.where.rfind(std::string(kFile) + ":", 0), 0u) << context << ": " << p.str();
  } else {
    EXPECT_EQ(p.where, kFile) << context;
  }
}

TEST(NumericFields, EveryFileTypeRefusesNonFiniteAndOutOfRangeValues) {
  int floating = 0, ranged = 0;
  for (const auto& type : file_types()) {
    std::unique_ptr<pb::Message> valid(type->New());
    fill_valid(*valid);
    std::string text;
    for (const Problem& p : problems_as_file(*valid, text))
      ADD_FAILURE() << type->GetDescriptor()->name() << ": the filled message is refused: " << p.str();
    std::vector<NumberField> numbers;
    collect_numbers(*valid, "", numbers);
    for (const NumberField& n : numbers) {
      visit_field_type(*n.field, [&](auto tag) {
        using T = typename decltype(tag)::type;
        if constexpr (kIsNumber<T>)
          for (const Case& c : cases_for<T>(*n.field)) check_case(*valid, n, c);
        floating += std::is_floating_point_v<T>;
      });
      ranged += n.field->options().HasExtension(range);
    }
  }
  // The walk reached the fields, rather than passing by finding none.
  EXPECT_GT(floating, 100);
  EXPECT_GT(ranged, 100);
}

// The fields of the world data that once took any value (a NaN population ran
// to wrong results) now carry a range, with a unit.
TEST(NumericFields, WorldDataFieldsHaveRangesAndUnits) {
  for (const char* name :
       {"iso_numeric", "population", "gdp_per_capita_usd", "label_lon_deg", "label_lat_deg", "area_km2"}) {
    const pb::FieldDescriptor* f = CountryRecord::descriptor()->FindFieldByName(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_FALSE(field_range(*f).empty()) << name;
    EXPECT_FALSE(field_unit(*f).empty()) << name;
  }
}

// The message of a non-finite value without a range, and with one.
TEST(NumericFields, NonFiniteValueMessages) {
  PaperFigure figure;
  std::vector<Problem> problems;
  const SourceMap source = parse_textproto("scenario: \"x\"\nmin: nan\n", kFile, figure);
  check_ranges(figure, source, {}, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].str(), std::string(kFile) + ":2:1: min = nan: expected a finite number");

  CountryRecord country;
  problems.clear();
  const SourceMap country_source = parse_textproto("iso3: \"ABW\"\npopulation: -inf\n", kFile, country);
  check_ranges(country, country_source, {}, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].str(),
            std::string(kFile) + ":2:1: population = -inf: expected a value in [0, 1e+10] (persons)");
}

}  // namespace
}  // namespace stackrace
