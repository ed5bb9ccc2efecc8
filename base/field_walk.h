#pragma once
// A reflection walk over every non-message field of a message, with the
// field path of each: what the range checks and `describe` go through.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <functional>
#include <string>

namespace stackrace {

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

}  // namespace stackrace
