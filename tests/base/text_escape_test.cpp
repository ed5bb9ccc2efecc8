// base/text_escape: names from users' configs survive CSV and XML.

#include "base/text_escape.h"

#include <gtest/gtest.h>

namespace stackrace {
namespace {

TEST(TextEscape, XmlEscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(xml_escape("Côte d'Ivoire & <\">"), "Côte d&apos;Ivoire &amp; &lt;&quot;&gt;");
  EXPECT_EQ(xml_escape("plain"), "plain");
}

TEST(TextEscape, CsvQuotesOnlyFieldsThatNeedIt) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

}  // namespace
}  // namespace stackrace
