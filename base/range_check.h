#pragma once
// Value checks driven by the schema, reported with where the bad value was
// written: every double and float must be finite, every number field with a
// (range) option (base/proto/options.proto) inside it, and every enum field
// one of its enum's values. Because the rules come from the field types and
// options, a new field is checked the day it is added.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <map>
#include <string>
#include <vector>

#include "base/field_locator.h"
#include "base/problems.h"
#include "base/textproto_parse.h"

namespace stackrace {

// Checks every number field (set or not, in every present or absent singular
// message): finite if it is a double or float, inside its (range) option if
// it has one; and every enum field against the enum's values. Appends one
// Problem per violation.
// overridden: field paths changed by --set, reported as such.
void check_ranges(const google::protobuf::Message& message, const SourceMap& source,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems);
void check_ranges(const google::protobuf::Message& message, const FieldLocator& locator,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems);

// Loads a file that is a whole message (load_textproto) and checks it with
// check_ranges; throws one InputError listing every problem. The reader of
// every input file uses this, except for a scenario, which is a part: its
// base and --set complete it, and the whole is checked then (sim/spec.cpp).
SourceMap load_checked(const std::string& path, google::protobuf::Message& message, const FileKind& kind);

// Unit and range of a field as written in the schema ("" when it has none):
// the range checks' messages, and `describe`.
std::string field_unit(const google::protobuf::FieldDescriptor& field);
std::string field_range(const google::protobuf::FieldDescriptor& field);

}  // namespace stackrace
