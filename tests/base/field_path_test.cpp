#include "base/field_path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stackrace {
namespace {

TEST(SplitPath, NamesWithAndWithoutIndices) {
  std::vector<PathSegment> segments;
  ASSERT_TRUE(split_path("access.blocked[1].iso3[0]", segments));
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].name, "access");
  EXPECT_EQ(segments[0].index, -1);
  EXPECT_EQ(segments[1].name, "blocked");
  EXPECT_EQ(segments[1].index, 1);
  EXPECT_EQ(segments[2].name, "iso3");
  EXPECT_EQ(segments[2].index, 0);
  ASSERT_TRUE(split_path("seed", segments));
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].name, "seed");
}

TEST(SplitPath, MalformedPathsAreRefused) {
  std::vector<PathSegment> segments;
  for (const std::string path : {"", "a..b", "a.", ".a", "a[x]", "a[-1]", "a[]", "[0]", "a[1", "a[1]x"})
    EXPECT_FALSE(split_path(path, segments)) << path;
  // One spelling per index: a path is compared as text with others.
  for (const std::string path : {"a[00]", "a[-0]", "a[01].b", "a[+1]"})
    EXPECT_FALSE(split_path(path, segments)) << path;
}

TEST(ItemPath, AppendsTheIndexInBrackets) {
  EXPECT_EQ(item_path("supply.lab", 2), "supply.lab[2]");
  EXPECT_EQ(item_path(item_path("a", 0), 1), "a[0][1]");
}

}  // namespace
}  // namespace stackrace
