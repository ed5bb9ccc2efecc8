// viz/core/svg_writer: SVG figures are well-formed XML with one <path> per
// country, a title and a legend, in the layer's colours.

#include "viz/core/svg_writer.h"

#include <gtest/gtest.h>

#include <sstream>

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

TEST(SvgWriter, WellFormedWithOnePathPerCountry) {
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

TEST(SvgWriter, CountriesHaveTheLayerColour) {
  const std::string svg = svg_for(Layer::tier, "tiers");
  EXPECT_NE(svg.find("<path id=\"USA\" fill=\"" + hex(tier_colour(1)) + "\""), std::string::npos);
  EXPECT_NE(svg.find("<path id=\"CHN\" fill=\"" + hex(tier_colour(3)) + "\""), std::string::npos);
  EXPECT_NE(svg.find("<path id=\"ATA\" fill=\"" + hex(kNoDataColour) + "\""), std::string::npos);
}

TEST(SvgWriter, EscapesXml) {
  EXPECT_EQ(xml_escape("Côte d'Ivoire & <\">"), "Côte d&apos;Ivoire &amp; &lt;&quot;&gt;");
}

}  // namespace
}  // namespace stackrace::viz
