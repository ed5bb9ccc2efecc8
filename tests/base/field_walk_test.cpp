#include "base/field_walk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/proto/scenario.pb.h"

namespace stackrace {
namespace {

namespace pb = google::protobuf;

std::vector<std::string> leaf_paths(const pb::Message& message) {
  std::vector<std::string> paths;
  for_each_leaf_field(message, [&](const pb::Message& owner, const pb::FieldDescriptor& f, const std::string& path) {
    EXPECT_NE(f.cpp_type(), pb::FieldDescriptor::CPPTYPE_MESSAGE) << path;
    EXPECT_EQ(owner.GetDescriptor(), f.containing_type()) << path;
    paths.push_back(path);
  });
  return paths;
}

bool has(const std::vector<std::string>& paths, const std::string& path) {
  return std::count(paths.begin(), paths.end(), path) == 1;
}

TEST(ForEachLeafField, SchemaOrderWithPathsAsSetWritesThem) {
  Access access;
  access.add_blocked()->add_iso3("CHN");
  access.add_blocked();
  EXPECT_EQ(
      leaf_paths(access),
      (std::vector<std::string>{"blocked[0].stack", "blocked[0].iso3", "blocked[0].source", "blocked[0].from_month",
                                "blocked[1].stack", "blocked[1].iso3", "blocked[1].source", "blocked[1].from_month"}));
}

TEST(ForEachLeafField, DescendsIntoUnsetSingularMessages) {
  const std::vector<std::string> paths = leaf_paths(Scenario());
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(paths.front(), "name");
  EXPECT_TRUE(has(paths, "population.adopters"));
  EXPECT_TRUE(has(paths, "policy.levers.remote_access_closure"));
  // No repeated message entries, so nothing below them.
  EXPECT_FALSE(
      std::any_of(paths.begin(), paths.end(), [](const std::string& p) { return p.rfind("access.blocked", 0) == 0; }));
}

}  // namespace
}  // namespace stackrace
