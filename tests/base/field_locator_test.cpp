#include "base/field_locator.h"

#include <gtest/gtest.h>

#include <string>

#include "base/proto/scenario.pb.h"
#include "base/textproto_parse.h"

namespace stackrace {
namespace {

TEST(SourceLocator, FindsWrittenFieldsAndFallsBackToTheFile) {
  Scenario s;
  const SourceMap source = parse_textproto("name: \"x\"\nseed: 7\n", "t.textproto", s);
  const SourceLocator locate(source, s);
  EXPECT_EQ(locate.find("seed"), "t.textproto:2:1");
  // Not written: find says so, operator() points at the file.
  EXPECT_EQ(locate.find("horizon.start_month"), "");
  EXPECT_EQ(locate.fallback(), "t.textproto");
  EXPECT_EQ(locate("horizon.start_month"), "t.textproto");
  EXPECT_EQ(locate("seed"), "t.textproto:2:1");
}

// A locator that knows one field, to see operator() choose between find and fallback.
class OneField : public FieldLocator {
 public:
  std::string find(const std::string& path) const override { return path == "seed" ? "a:1:1" : ""; }
  std::string fallback() const override { return "main"; }
};

TEST(FieldLocator, CallFallsBackWhenFindIsEmpty) {
  const OneField locate;
  EXPECT_EQ(locate("seed"), "a:1:1");
  EXPECT_EQ(locate("name"), "main");
}

}  // namespace
}  // namespace stackrace
