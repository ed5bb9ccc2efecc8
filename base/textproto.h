#pragma once
// Loading textproto files with source locations, validating every field
// against the range options in the schema, and --set overrides by field path.

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace stackrace {

// A parsed file with the positions of its fields, so that later checks can
// point at the line and column of a bad value.
class SourceMap {
 public:
  SourceMap() = default;
  SourceMap(std::string file, std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree)
      : file_(std::move(file)), tree_(std::move(tree)) {}

  const std::string& file() const { return file_; }
  // "file:line:column" (1-based) of the field at `path`, "file" when unknown.
  // path: "population.adopters" or "access.blocked[1].iso3[0]".
  std::string locate(const google::protobuf::Message& root, const std::string& path) const;
  // Merges the message field at `path` of `root` (as parsed from this file)
  // into `into`, field by field as written: a scalar written in the file
  // replaces into's even when it is 0 or empty (which Message::MergeFrom
  // skips in proto3); entries of repeated fields are appended.
  void merge_written(const google::protobuf::Message& root, const std::string& path,
                     google::protobuf::Message& into) const;

 private:
  std::string file_;
  std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree_;
};

// Parses `path` into `message`. Throws InputError "file:line:col: message" on
// a missing file, a syntax error, an unknown field or an unknown enum value.
SourceMap load_textproto(const std::string& path, google::protobuf::Message& message);

// Parses textproto from memory (tests); `name` stands in for the file name.
SourceMap parse_textproto(const std::string& text, const std::string& name, google::protobuf::Message& message);

// Where the fields of a message are written, for messages assembled from
// more than one file (a scenario, its base, its supply file).
class FieldLocator {
 public:
  virtual ~FieldLocator() = default;
  // "file:line:column" of the field at `path`, or "" when no file writes it.
  virtual std::string find(const std::string& path) const = 0;
  // Where to point when find() is empty (the main file).
  virtual std::string fallback() const = 0;
  std::string operator()(const std::string& path) const {
    std::string where = find(path);
    return where.empty() ? fallback() : where;
  }
};

// The fields of `root` as parsed from one file.
class SourceLocator : public FieldLocator {
 public:
  SourceLocator(const SourceMap& source, const google::protobuf::Message& root) : source_(source), root_(root) {}
  std::string find(const std::string& path) const override;
  std::string fallback() const override { return source_.file(); }

 private:
  const SourceMap& source_;
  const google::protobuf::Message& root_;
};

// One problem found while validating: where, and what.
struct Problem {
  std::string where;
  std::string what;
  std::string str() const { return where.empty() ? what : where + ": " + what; }
};

// Checks every scalar field (set or not, in every present or absent singular
// message) against its (range) option, and every enum field against the
// enum's values. Appends one Problem per violation.
// overridden: field paths changed by --set, reported as such.
void check_ranges(const google::protobuf::Message& message, const SourceMap& source,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems);
void check_ranges(const google::protobuf::Message& message, const FieldLocator& locator,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems);

// "field[i]": the path of entry i of a repeated field, as --set writes it.
std::string item_path(const std::string& field, int i);

// Calls visit(owner, field, path) for every field of `message` that is not a
// message, in schema order. It descends into every singular message field,
// set or not, and into every entry of a repeated one. `path` is as --set
// writes it ("policy.tier2_cap", "access.blocked[1].iso3"); a repeated
// scalar is visited once, and its entries are item_path(path, k). (A message
// type that held itself as a singular field would recurse without end; the
// schemas have none.)
using LeafVisitor = std::function<void(const google::protobuf::Message& owner,
                                       const google::protobuf::FieldDescriptor& field, const std::string& path)>;
void for_each_leaf_field(const google::protobuf::Message& message, const LeafVisitor& visit);

// Applies "path=value" to message. Throws InputError naming the --set on an
// unknown path, a non-scalar target, an index out of range or a value that
// does not parse as the field's type. Returns the normalised path.
std::string apply_override(google::protobuf::Message& message, const std::string& assignment);

// Unit and range of a field as written in the schema, for `describe`.
std::string field_unit(const google::protobuf::FieldDescriptor& field);
std::string field_range(const google::protobuf::FieldDescriptor& field);

// Throws one InputError listing every problem, if there are any.
void throw_if_any(const std::vector<Problem>& problems);

}  // namespace stackrace
