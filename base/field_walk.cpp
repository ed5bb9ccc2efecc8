#include "base/field_walk.h"

#include "base/field_path.h"

namespace stackrace {

namespace pb = google::protobuf;

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

}  // namespace stackrace
