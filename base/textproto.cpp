#include "base/textproto.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "base/errors.h"
#include "base/proto/options.pb.h"

namespace stackrace {

namespace pb = google::protobuf;

namespace {

struct PathSegment {
  std::string name;
  int index = -1;  // -1: no [i]
};

// "a.b[2].c" -> {a}, {b, 2}, {c}; false on malformed text.
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
      seg.index = index;
    }
    if (seg.name.empty()) return false;
    out.push_back(seg);
  }
  return !out.empty() && path.back() != '.';
}

std::string known_fields(const pb::Descriptor& d) {
  std::string names;
  for (int i = 0; i < d.field_count(); ++i) names += (i ? ", " : "") + d.field(i)->name();
  return names;
}

class CollectErrors : public pb::io::ErrorCollector {
 public:
  explicit CollectErrors(std::string file) : file_(std::move(file)) {}
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (!first_.empty()) return;  // later errors are usually consequences of the first
    first_ = file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
    message_ = message;
  }
  void AddWarning(int, pb::io::ColumnNumber, const std::string&) override {}
  bool failed() const { return !first_.empty(); }
  const std::string& where() const { return first_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_, first_, message_;
};

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

double scalar_as_double(const pb::Message& m, const pb::FieldDescriptor& f, int index) {
  const pb::Reflection& r = *m.GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return rep ? r.GetRepeatedDouble(m, &f, index) : r.GetDouble(m, &f);
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return rep ? r.GetRepeatedFloat(m, &f, index) : r.GetFloat(m, &f);
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return rep ? r.GetRepeatedInt32(m, &f, index) : r.GetInt32(m, &f);
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return static_cast<double>(rep ? r.GetRepeatedInt64(m, &f, index) : r.GetInt64(m, &f));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return rep ? r.GetRepeatedUInt32(m, &f, index) : r.GetUInt32(m, &f);
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return static_cast<double>(rep ? r.GetRepeatedUInt64(m, &f, index) : r.GetUInt64(m, &f));
    default:
      return 0.0;
  }
}

// Checks one non-message field of `m` (all entries of a repeated one).
void check_leaf(const pb::Message& m, const pb::FieldDescriptor& f, const std::string& path, const FieldLocator& locate,
                const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems) {
  const pb::Reflection& r = *m.GetReflection();
  if (f.cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
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
      problems.push_back({it != overridden.end() ? "--set " + item + "=" + it->second : locate(item),
                          item + " = " + std::to_string(v) + ": expected one of " + names});
    }
    return;
  }
  if (!f.options().HasExtension(range)) return;
  if (f.has_presence() && !f.is_repeated() && !r.HasField(m, &f)) return;  // optional and absent
  const Range& bounds = f.options().GetExtension(range);
  const int count = f.is_repeated() ? r.FieldSize(m, &f) : 1;
  for (int k = 0; k < count; ++k) {
    const double v = scalar_as_double(m, f, f.is_repeated() ? k : -1);
    const bool below = bounds.has_min() && (bounds.min_exclusive() ? v <= bounds.min() : v < bounds.min());
    const bool above = bounds.has_max() && (bounds.max_exclusive() ? v >= bounds.max() : v > bounds.max());
    if (!below && !above && std::isfinite(v)) continue;
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
    const bool set_in_file = found || r.HasField(m, &f) || f.is_repeated();
    std::string what =
        item + " = " + format_number(v) + (set_in_file ? "" : " (not set)") + ": expected a value in " + field_range(f);
    const std::string unit_text = field_unit(f);
    if (!unit_text.empty()) what += " (" + unit_text + ")";
    problems.push_back({where, what});
  }
}

template <typename T>
bool parse_integer(const std::string& text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  return errno == 0 && end == text.c_str() + text.size() && std::isfinite(out);
}

std::string type_name(const pb::FieldDescriptor& f) {
  switch (f.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return "a finite number";
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return "an integer";
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return "a non-negative integer";
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return "true or false";
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      std::string names;
      for (int i = 0; i < f.enum_type()->value_count(); ++i) names += (i ? ", " : "") + f.enum_type()->value(i)->name();
      return "one of " + names;
    }
    default:
      return "text";
  }
}

// Sets a scalar (or one element of a repeated scalar) from text; false if the text does not fit the type.
bool set_scalar(pb::Message& m, const pb::FieldDescriptor& f, int index, const std::string& text) {
  const pb::Reflection& r = *m.GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
      double v = 0;
      if (!parse_double(text, v)) return false;
      if (f.cpp_type() == pb::FieldDescriptor::CPPTYPE_FLOAT) {
        if (std::fabs(v) > std::numeric_limits<float>::max()) return false;
        rep ? r.SetRepeatedFloat(&m, &f, index, static_cast<float>(v)) : r.SetFloat(&m, &f, static_cast<float>(v));
      } else {
        rep ? r.SetRepeatedDouble(&m, &f, index, v) : r.SetDouble(&m, &f, v);
      }
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_INT32: {
      std::int32_t v = 0;
      if (!parse_integer(text, v)) return false;
      rep ? r.SetRepeatedInt32(&m, &f, index, v) : r.SetInt32(&m, &f, v);
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_INT64: {
      std::int64_t v = 0;
      if (!parse_integer(text, v)) return false;
      rep ? r.SetRepeatedInt64(&m, &f, index, v) : r.SetInt64(&m, &f, v);
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
      std::uint32_t v = 0;
      if (!parse_integer(text, v)) return false;
      rep ? r.SetRepeatedUInt32(&m, &f, index, v) : r.SetUInt32(&m, &f, v);
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
      std::uint64_t v = 0;
      if (!parse_integer(text, v)) return false;
      rep ? r.SetRepeatedUInt64(&m, &f, index, v) : r.SetUInt64(&m, &f, v);
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
      if (text != "true" && text != "false") return false;
      rep ? r.SetRepeatedBool(&m, &f, index, text == "true") : r.SetBool(&m, &f, text == "true");
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* v = f.enum_type()->FindValueByName(text);
      if (!v) return false;
      rep ? r.SetRepeatedEnum(&m, &f, index, v) : r.SetEnum(&m, &f, v);
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_STRING:
      rep ? r.SetRepeatedString(&m, &f, index, text) : r.SetString(&m, &f, text);
      return true;
    default:
      return false;
  }
}

// Copies field f (entry k of a repeated field, or the singular value if k < 0) from `from` to `into`,
// appending when f is repeated.
void copy_value(const pb::Message& from, const pb::FieldDescriptor& f, int k, pb::Message& into) {
  const pb::Reflection& a = *from.GetReflection();
  const pb::Reflection& b = *into.GetReflection();
  const bool rep = k >= 0;
  switch (f.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
      const double v = rep ? a.GetRepeatedDouble(from, &f, k) : a.GetDouble(from, &f);
      rep ? b.AddDouble(&into, &f, v) : b.SetDouble(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
      const float v = rep ? a.GetRepeatedFloat(from, &f, k) : a.GetFloat(from, &f);
      rep ? b.AddFloat(&into, &f, v) : b.SetFloat(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_INT32: {
      const auto v = rep ? a.GetRepeatedInt32(from, &f, k) : a.GetInt32(from, &f);
      rep ? b.AddInt32(&into, &f, v) : b.SetInt32(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_INT64: {
      const auto v = rep ? a.GetRepeatedInt64(from, &f, k) : a.GetInt64(from, &f);
      rep ? b.AddInt64(&into, &f, v) : b.SetInt64(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
      const auto v = rep ? a.GetRepeatedUInt32(from, &f, k) : a.GetUInt32(from, &f);
      rep ? b.AddUInt32(&into, &f, v) : b.SetUInt32(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
      const auto v = rep ? a.GetRepeatedUInt64(from, &f, k) : a.GetUInt64(from, &f);
      rep ? b.AddUInt64(&into, &f, v) : b.SetUInt64(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
      const bool v = rep ? a.GetRepeatedBool(from, &f, k) : a.GetBool(from, &f);
      rep ? b.AddBool(&into, &f, v) : b.SetBool(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const int v = rep ? a.GetRepeatedEnumValue(from, &f, k) : a.GetEnumValue(from, &f);
      rep ? b.AddEnumValue(&into, &f, v) : b.SetEnumValue(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_STRING: {
      const std::string v = rep ? a.GetRepeatedString(from, &f, k) : a.GetString(from, &f);
      rep ? b.AddString(&into, &f, v) : b.SetString(&into, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      if (rep)
        b.AddMessage(&into, &f)->CopyFrom(a.GetRepeatedMessage(from, &f, k));
      else
        b.MutableMessage(&into, &f)->CopyFrom(a.GetMessage(from, &f));
      return;
  }
}

void merge_written_fields(const pb::Message& from, const pb::TextFormat::ParseInfoTree* tree, pb::Message& into) {
  const pb::Descriptor& d = *from.GetDescriptor();
  const pb::Reflection& r = *from.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const pb::FieldDescriptor& f = *d.field(i);
    if (f.is_repeated()) {
      for (int k = 0; k < r.FieldSize(from, &f); ++k) copy_value(from, f, k, into);
    } else if (f.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      const pb::TextFormat::ParseInfoTree* nested = tree ? tree->GetTreeForNested(&f, -1) : nullptr;
      if (nested)
        merge_written_fields(r.GetMessage(from, &f), nested, *into.GetReflection()->MutableMessage(&into, &f));
    } else if (tree && tree->GetLocation(&f, -1).line >= 0) {
      copy_value(from, f, -1, into);
    }
  }
}

}  // namespace

std::string SourceLocator::find(const std::string& path) const {
  const std::string where = source_.locate(root_, path);
  return where == source_.file() ? "" : where;
}

std::string SourceMap::locate(const pb::Message& root, const std::string& path) const {
  std::vector<PathSegment> segments;
  if (!tree_ || !split_path(path, segments)) return file_;
  const pb::Descriptor* d = root.GetDescriptor();
  const pb::TextFormat::ParseInfoTree* tree = tree_.get();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const pb::FieldDescriptor* f = d ? d->FindFieldByName(segments[i].name) : nullptr;
    if (!f || !tree) return file_;
    const int index = f->is_repeated() ? std::max(segments[i].index, 0) : -1;
    if (i + 1 == segments.size()) {
      pb::TextFormat::ParseLocation loc = tree->GetLocation(f, index);
      // Values in list syntax ("iso3: [...]") share one recorded location: the list's.
      for (int k = index - 1; loc.line < 0 && k >= 0; --k) loc = tree->GetLocation(f, k);
      if (loc.line < 0) return file_;
      return file_ + ":" + std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1);
    }
    tree = tree->GetTreeForNested(f, index);
    d = f->message_type();
  }
  return file_;
}

void SourceMap::merge_written(const pb::Message& root, const std::string& path, pb::Message& into) const {
  std::vector<PathSegment> segments;
  const pb::TextFormat::ParseInfoTree* tree = tree_.get();
  const pb::Message* from = &root;
  if (!split_path(path, segments)) throw std::logic_error("merge_written: malformed path " + path);
  for (const PathSegment& segment : segments) {
    const pb::FieldDescriptor* f = from->GetDescriptor()->FindFieldByName(segment.name);
    if (!f || f->is_repeated() || f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE)
      throw std::logic_error("merge_written: " + path + " is not a singular message field");
    tree = tree ? tree->GetTreeForNested(f, -1) : nullptr;
    from = &from->GetReflection()->GetMessage(*from, f);
  }
  merge_written_fields(*from, tree, into);
}

SourceMap parse_textproto(const std::string& text, const std::string& name, pb::Message& message) {
  auto tree = std::make_unique<pb::TextFormat::ParseInfoTree>();
  CollectErrors errors(name);
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(tree.get());
  if (!parser.ParseFromString(text, &message) || errors.failed()) {
    if (errors.failed()) throw InputError(errors.where(), errors.message());
    throw InputError(name, "cannot parse as " + message.GetDescriptor()->full_name());
  }
  return SourceMap(name, std::move(tree));
}

std::string item_path(const std::string& field, int i) { return field + "[" + std::to_string(i) + "]"; }

void for_each_leaf_field(const pb::Message& message, const LeafVisitor& visit) {
  // Recursive, to the depth of the schema: fields are visited in schema
  // order, those inside a message field where that field stands.
  const std::function<void(const pb::Message&, const std::string&)> walk = [&](const pb::Message& m,
                                                                               const std::string& prefix) {
    const pb::Descriptor& d = *m.GetDescriptor();
    const pb::Reflection& r = *m.GetReflection();
    for (int i = 0; i < d.field_count(); ++i) {
      const pb::FieldDescriptor& f = *d.field(i);
      const std::string path = prefix.empty() ? f.name() : prefix + "." + f.name();
      if (f.cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        visit(m, f, path);
      } else if (f.is_repeated()) {
        for (int k = 0; k < r.FieldSize(m, &f); ++k) walk(r.GetRepeatedMessage(m, &f, k), item_path(path, k));
      } else {
        walk(r.GetMessage(m, &f), path);
      }
    }
  };
  walk(message, "");
}

SourceMap load_textproto(const std::string& path, pb::Message& message) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open file (does it exist and is it readable?)");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path, "read error");
  return parse_textproto(text.str(), path, message);
}

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

std::string apply_override(pb::Message& message, const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string where = "--set " + assignment;
  if (eq == std::string::npos || eq == 0)
    throw InputError(where, "expected path.to.field=value, e.g. adoption.imitation_q_per_month=0.05");
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  std::vector<PathSegment> segments;
  if (!split_path(path, segments)) throw InputError(where, "malformed field path '" + path + "'");

  pb::Message* m = &message;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const PathSegment& seg = segments[i];
    const pb::Descriptor& d = *m->GetDescriptor();
    const pb::FieldDescriptor* f = d.FindFieldByName(seg.name);
    if (!f)
      throw InputError(where,
                       "unknown field '" + seg.name + "' in " + d.full_name() + " (known: " + known_fields(d) + ")");
    const pb::Reflection& r = *m->GetReflection();
    if (f->is_repeated() && seg.index < 0)
      throw InputError(where, "'" + seg.name + "' is repeated: give an index, e.g. " + seg.name + "[0]");
    if (!f->is_repeated() && seg.index >= 0)
      throw InputError(where, "'" + seg.name + "' is not repeated: drop the index");
    if (f->is_repeated() && seg.index >= r.FieldSize(*m, f))
      throw InputError(where, "index " + std::to_string(seg.index) + " out of range: '" + seg.name + "' has " +
                                  std::to_string(r.FieldSize(*m, f)) + " entries");
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
