#include "base/set_override.h"

#include <google/protobuf/descriptor.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdlib>
#include <limits>
#include <type_traits>
#include <vector>

#include "base/errors.h"
#include "base/field_path.h"
#include "base/field_type.h"
#include "base/proto/options.pb.h"
#include "base/range_check.h"
#include "base/text_escape.h"
#include "base/textproto_parse.h"

namespace stackrace {

namespace pb = google::protobuf;

namespace {

bool parse_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  // ERANGE with a finite result is an underflow (1e-400): the nearest
  // double, 0 or subnormal, as a textproto file reads it.
  return (errno == 0 || errno == ERANGE) && end == text.c_str() + text.size() && std::isfinite(out);
}

// Reads --set text as a value of the field's type; false if it does not fit.
// One overload per type that visit_field_type names, but Message.
bool parse_value(const std::string& text, const pb::FieldDescriptor&, double& out) { return parse_double(text, out); }

bool parse_value(const std::string& text, const pb::FieldDescriptor&, float& out) {
  double v = 0;
  if (!parse_double(text, v) || std::fabs(v) > std::numeric_limits<float>::max()) return false;
  out = static_cast<float>(v);
  return true;
}

// Every integer type; bool, also integral, takes the overload of its own below.
template <std::integral T>
bool parse_value(const std::string& text, const pb::FieldDescriptor&, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_value(const std::string& text, const pb::FieldDescriptor&, bool& out) {
  if (text != "true" && text != "false") return false;
  out = text == "true";
  return true;
}

bool parse_value(const std::string& text, const pb::FieldDescriptor& f, EnumNumber& out) {
  const pb::EnumValueDescriptor* v = f.enum_type()->FindValueByName(text);
  if (!v) return false;
  out.number = v->number();
  return true;
}

bool parse_value(const std::string& text, const pb::FieldDescriptor&, std::string& out) {
  out = text;
  return first_invalid_utf8(text) == std::string::npos;  // a message cannot be written with other bytes
}

// What the text of a value of this field's type must be, for the error message.
std::string type_name(const pb::FieldDescriptor& f) {
  return visit_field_type(f, [&](auto tag) -> std::string {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_floating_point_v<T>) {
      return "a finite number";
    } else if constexpr (kIsNumber<T> && std::is_signed_v<T>) {
      return "an integer from " + std::to_string(std::numeric_limits<T>::min()) + " to " +
             std::to_string(std::numeric_limits<T>::max());
    } else if constexpr (kIsNumber<T>) {
      // The field's own range where it has one (population.adopters: 1 to
      // 2e8), else the type's bound: '5000000000' does not fit a uint32.
      if (f.options().HasExtension(range)) return "a whole number in " + field_range(f) + " (" + field_unit(f) + ")";
      return "a non-negative integer up to " + std::to_string(std::numeric_limits<T>::max());
    } else if constexpr (std::is_same_v<T, bool>) {
      return "true or false";
    } else if constexpr (std::is_same_v<T, EnumNumber>) {
      std::string names;
      for (int i = 0; i < f.enum_type()->value_count(); ++i) names += (i ? ", " : "") + f.enum_type()->value(i)->name();
      return "one of " + names;
    } else {
      return "UTF-8 text";
    }
  });
}

// Fields named `name` deeper in message m, as paths from the root (`walked`
// leads to m), that --set can reach: a lever given without its block,
// "us_export_promotion" for "policy.levers.us_export_promotion". Through a
// repeated message only where it has entries (shown [0]). ", did you mean A
// or B?" for the shallowest few, "" when there is none.
void fields_named(const pb::Message& m, const std::string& name, const std::string& at, int depth,
                  std::vector<std::pair<int, std::string>>& found) {
  constexpr int kDeepest = 6;  // the schema's messages nest four deep
  if (depth > kDeepest) return;
  const pb::Descriptor& d = *m.GetDescriptor();
  const pb::Reflection& r = *m.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const pb::FieldDescriptor& f = *d.field(i);
    if (f.is_repeated() && r.FieldSize(m, &f) == 0) continue;  // no entry to set
    std::string here = at;
    here.append(f.name()).append(f.is_repeated() ? "[0]" : "");
    if (depth > 0 && f.name() == name) found.emplace_back(depth, here);
    if (f.cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    fields_named(f.is_repeated() ? r.GetRepeatedMessage(m, &f, 0) : r.GetMessage(m, &f), name, here + ".", depth + 1,
                 found);
  }
}

std::string deeper_fields(const pb::Message& m, const std::string& name, const std::string& walked) {
  std::vector<std::pair<int, std::string>> found;
  fields_named(m, name, walked, 0, found);
  if (found.empty()) return "";
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  constexpr std::size_t kShown = 3;
  std::string out = ", did you mean ";
  for (std::size_t k = 0; k < found.size() && k < kShown; ++k)
    out.append(k == 0 ? "" : k + 1 == std::min(found.size(), kShown) ? " or " : ", ").append(found[k].second);
  return out.append("?");
}

// "unknown field 'x' in stackrace.Y, did you mean ...? (known: ...)" for
// segment i of the path, which message m has no field for.
std::string unknown_field(const pb::Message& m, const std::vector<PathSegment>& segments, std::size_t i) {
  std::string walked;  // the path up to m
  for (std::size_t k = 0; k < i; ++k) {
    walked.append(segments[k].name);
    if (segments[k].index >= 0) walked.append("[").append(std::to_string(segments[k].index)).append("]");
    walked.append(".");
  }
  const pb::Descriptor& d = *m.GetDescriptor();
  const std::string& name = segments[i].name;
  return "unknown field '" + name + "' in " + d.full_name() + deeper_fields(m, name, walked) +
         " (known: " + known_fields(d) + ")";
}

// Sets a scalar (or one element of a repeated scalar) from text; false if the text does not fit the type.
bool set_scalar(pb::Message& m, const pb::FieldDescriptor& f, int index, const std::string& text) {
  return visit_field_type(f, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, pb::Message>) {
      return false;
    } else {
      T value{};
      if (!parse_value(text, f, value)) return false;
      set_value(m, f, index, value);
      return true;
    }
  });
}

}  // namespace

std::string apply_override(pb::Message& message, const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string where = "--set " + assignment;
  if (eq == std::string::npos || eq == 0)
    throw InputError(where, "expected path.to.field=value, e.g. adoption.imitation_q_per_month=0.05");
  std::string path = assignment.substr(0, eq);  // returned, so not const (moved out)
  const std::string value = assignment.substr(eq + 1);
  // Refused, not trimmed: the text is compared with factor paths and shown in
  // messages as written, so one spelling of it must be the only one.
  const auto spaced = [](const std::string& s) {
    return !s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) != 0 ||
                          std::isspace(static_cast<unsigned char>(s.back())) != 0);
  };
  if (spaced(path) || spaced(value)) {
    throw InputError(where, "spaces around the '=' or the value: write PATH=VALUE without them, e.g. " +
                                std::string("adoption.imitation_q_per_month=0.05"));
  }
  std::vector<PathSegment> segments;
  if (!split_path(path, segments)) throw InputError(where, "malformed field path '" + path + "'");

  pb::Message* m = &message;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const PathSegment& seg = segments[i];
    const pb::Descriptor& d = *m->GetDescriptor();
    const pb::FieldDescriptor* f = d.FindFieldByName(seg.name);
    if (!f) throw InputError(where, unknown_field(*m, segments, i));
    const pb::Reflection& r = *m->GetReflection();
    if (f->is_repeated() && seg.index < 0)
      throw InputError(where, "'" + seg.name + "' is repeated: give an index, e.g. " + seg.name + "[0]");
    if (!f->is_repeated() && seg.index >= 0)
      throw InputError(where, "'" + seg.name + "' is not repeated: drop the index");
    if (f->is_repeated() && seg.index >= r.FieldSize(*m, f)) {
      throw InputError(where, "index " + std::to_string(seg.index) + " out of range: '" + seg.name + "' has " +
                                  std::to_string(r.FieldSize(*m, f)) + " entries");
    }
    const bool last = i + 1 == segments.size();
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last) throw InputError(where, "'" + path + "' is a message, not a scalar field: set one of its fields");
      m = f->is_repeated() ? r.MutableRepeatedMessage(m, f, seg.index) : r.MutableMessage(m, f);
      continue;
    }
    if (!last)
      throw InputError(where, "'" + seg.name + "' is a scalar and has no field '" + segments[i + 1].name + "'");
    if (!set_scalar(*m, *f, seg.index, value))
      throw InputError(where, "'" + value + "' is not " + type_name(*f) + " (field " + path + ")");
  }
  return path;
}

}  // namespace stackrace
