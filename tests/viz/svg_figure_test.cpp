// viz/core/svg_figure: SVG figures are well-formed XML with one <path> per
// country, a title and a legend, in the layer's colours.

#include "viz/core/svg_figure.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "base/text_escape.h"

#include "viz_support.h"
#include "xml_check.h"

namespace stackrace::viz {
namespace {

const viz_test::FixtureScene& fixture() { return viz_test::fixture_scene(); }

std::string svg_for(Layer layer, const std::string& title) {
  std::ostringstream out;
  write_svg(out, fixture().model, fixture().run.trajectory.frames.back(), {layer, title, 1600, 900});
  return out.str();
}

TEST(SvgFigure, WellFormedWithOnePathPerCountry) {
  for (int i = 0; i < kLayerCount; ++i) {
    const std::string svg = svg_for(layer_from_index(i), "A & B <test>");
    const viz_test::XmlCheck check = viz_test::check_xml(svg);
    ASSERT_EQ(check.error, "") << layer_name(layer_from_index(i));
    EXPECT_EQ(check.element_count.at("path"), 241);
    EXPECT_EQ(check.element_count.at("svg"), 1);
    EXPECT_GE(check.element_count.at("circle"), 5);  // small-economy markers
    EXPECT_NE(svg.find("A &amp; B &lt;test&gt;"), std::string::npos);
    EXPECT_NE(svg.find(xml_escape(layer_title(layer_from_index(i)))), std::string::npos);
  }
}

TEST(SvgFigure, CountriesHaveTheLayerColour) {
  const std::string svg = svg_for(Layer::tier, "tiers");
  EXPECT_NE(svg.find("<path id=\"USA\" fill=\"" + hex(tier_colour(1)) + "\""), std::string::npos);
  EXPECT_NE(svg.find("<path id=\"CHN\" fill=\"" + hex(tier_colour(3)) + "\""), std::string::npos);
  EXPECT_NE(svg.find("<path id=\"ATA\" fill=\"" + hex(kNoDataColour) + "\""), std::string::npos);
}

// Holes stay open: a country's rings are closed subpaths of one path,
// filled even-odd.
TEST(SvgFigure, EachRingIsAClosedSubpath) {
  const std::string svg = svg_for(Layer::dominant, "rings");
  const std::size_t zaf = svg.find("<path id=\"ZAF\"");
  ASSERT_NE(zaf, std::string::npos);
  const std::size_t d = svg.find(" d=\"", zaf) + 4;
  const std::string path = svg.substr(d, svg.find('"', d) - d);
  EXPECT_EQ(std::count(path.begin(), path.end(), 'M'), std::count(path.begin(), path.end(), 'Z'));
  EXPECT_GE(std::count(path.begin(), path.end(), 'M'), 2);  // the outline and Lesotho's hole
  EXPECT_NE(svg.find("fill-rule=\"evenodd\""), std::string::npos);
}

}  // namespace
}  // namespace stackrace::viz
