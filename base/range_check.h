#pragma once
// Range checks driven by the schema: every scalar field's (range) option and
// every enum field's values (base/proto/options.proto), reported with where
// the bad value was written.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <map>
#include <string>
#include <vector>

#include "base/field_locator.h"
#include "base/problems.h"
#include "base/textproto_parse.h"

namespace stackrace {

// Checks every scalar field (set or not, in every present or absent singular
// message) against its (range) option, and every enum field against the
// enum's values. Appends one Problem per violation.
// overridden: field paths changed by --set, reported as such.
void check_ranges(const google::protobuf::Message& message, const SourceMap& source,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems);
void check_ranges(const google::protobuf::Message& message, const FieldLocator& locator,
                  const std::map<std::string, std::string>& overridden, std::vector<Problem>& problems);

// Unit and range of a field as written in the schema ("" when it has none):
// the range checks' messages, and `describe`.
std::string field_unit(const google::protobuf::FieldDescriptor& field);
std::string field_range(const google::protobuf::FieldDescriptor& field);

}  // namespace stackrace
