// base/svg: the common SVG writer spells elements, numbers and path data the
// same way for every picture, escapes what users write, and nests containers.

#include "base/svg.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace stackrace {
namespace {

TEST(Svg, NumbersHaveThePrecisionAsked) {
  EXPECT_EQ(svg::fixed(12.25, 0), "12");
  EXPECT_EQ(svg::fixed(12.34, 1), "12.3");
  EXPECT_EQ(svg::fixed(-0.04, 1), "-0.0");
  EXPECT_EQ(svg::significant(0.000123456, 3), "0.000123");
  EXPECT_EQ(svg::significant(12345.678, 4), "1.235e+04");
}

TEST(Svg, AttributesInTheOrderAdded) {
  const svg::Element e = svg::Element("rect").attr("x", 1.26, 1).attr("width", 12).attr("fill", "#ff0000");
  EXPECT_EQ(e.empty(), "<rect x=\"1.3\" width=\"12\" fill=\"#ff0000\"/>");
  EXPECT_EQ(e.start_tag(), "<rect x=\"1.3\" width=\"12\" fill=\"#ff0000\">");
  EXPECT_EQ(svg::Element("g").empty(), "<g/>");
}

TEST(Svg, TextTitlesAndAttributesAreEscaped) {
  const svg::Element e = svg::Element("text").attr("id", "a\"b<c>");
  EXPECT_EQ(e.with_text("A & B"), "<text id=\"a&quot;b&lt;c&gt;\">A &amp; B</text>");
  EXPECT_EQ(svg::Element("path").attr("d", "M0 0Z").with_title("Côte d'Ivoire (CIV)"),
            "<path d=\"M0 0Z\"><title>Côte d&apos;Ivoire (CIV)</title></path>");
}

TEST(Svg, PathDataRingsAndPointLists) {
  svg::PathData d(1);
  d.move_to(1, 2);
  d.line_to(3.14159, -4);
  d.close();
  d.move_to(0, 0);
  d.close();
  EXPECT_EQ(d.str(), "M1.0 2.0 3.1 -4.0ZM0.0 0.0Z");

  svg::PointList points(0);
  EXPECT_EQ(points.str(), "");
  points.add(1.4, 2.6);
  points.add(10, 20);
  EXPECT_EQ(points.str(), "1,3 10,20");
}

TEST(Svg, WriterNestsContainersOneElementALine) {
  std::ostringstream text;
  svg::Writer out(text);
  out.declaration();
  out.open(svg::root().attr("width", 10).attr("height", 20));
  out.open(svg::Element("g").attr("id", "legend"));
  EXPECT_FALSE(out.complete());
  out.line(svg::Element("rect").empty() + svg::Element("text").with_text("key"));
  out.close();
  out.close();
  EXPECT_TRUE(out.complete());
  EXPECT_EQ(text.str(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"20\">\n"
            "<g id=\"legend\">\n"
            "<rect/><text>key</text>\n"
            "</g>\n"
            "</svg>\n");
  EXPECT_THROW(out.close(), std::logic_error);
}

}  // namespace
}  // namespace stackrace
