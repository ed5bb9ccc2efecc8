#pragma once
// `--set path=value`: changing one scalar field of a message by its field
// path (base/field_path.h), from the command line or a study's design point.

#include <google/protobuf/message.h>

#include <string>

namespace stackrace {

// Applies "path=value" to message. Throws InputError naming the --set on an
// unknown path, a non-scalar target, an index out of range or a value that
// does not parse as the field's type. Returns the normalised path.
std::string apply_override(google::protobuf::Message& message, const std::string& assignment);

}  // namespace stackrace
