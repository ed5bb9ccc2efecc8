// viz/core/svg_figure: SVG figures are well-formed XML with one <path> per
// country, a title and a legend, in the layer's colours.

#include "viz/core/svg_figure.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "base/svg.h"
#include "base/text_escape.h"
#include "viz/core/figure_layout.h"

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

// A title too long for the width is set smaller so that it fits, not cut at
// the edge; a short one keeps the figure's font.
TEST(SvgFigure, LongTitlesShrinkToFit) {
  const FigureLayout layout = figure_layout(1000, 1000, layer_legend(Layer::dominant));
  const TitleText short_title = fit_title(layout, "baseline, 2030-12");
  EXPECT_DOUBLE_EQ(short_title.font_px, layout.font_px);
  const std::string long_title(120, 'x');
  const TitleText fitted = fit_title(layout, long_title);
  EXPECT_LT(fitted.font_px, layout.font_px);
  EXPECT_LE(fitted.at.x + 120 * kBoldCharWidthEm * fitted.font_px, 1000 - fitted.at.x + 1e-9);
  EXPECT_GT(fitted.at.y, short_title.at.y);  // centred in the title band
  const TitleText floor = fit_title(layout, std::string(2000, 'x'));
  EXPECT_DOUBLE_EQ(floor.font_px, kMinTitleFontPx);
  std::ostringstream out;
  write_svg(out, fixture().model, fixture().run.trajectory.frames.back(), {Layer::dominant, long_title, 1000, 1000});
  EXPECT_NE(out.str().find("font-size=\"" + svg::fixed(fitted.font_px, 1) + "\" font-weight=\"bold\""),
            std::string::npos);
}

// A title too long even at the smallest font (a 200 px figure) is cut at a
// character with "...", within its room, rather than run past the edge; one
// that fits is drawn whole.
TEST(SvgFigure, ATitleTooLongAtTheSmallestFontIsCut) {
  const FigureLayout small = figure_layout(200, 200, layer_legend(Layer::dominant));
  const std::string title = figure_title("baseline", "2030-12", Layer::dominant);
  const TitleText fitted = fit_title(small, title);
  const std::string shown = title_that_fits(title, fitted);
  ASSERT_LT(shown.size(), title.size());
  EXPECT_EQ(shown.substr(shown.size() - 3), "...");
  EXPECT_EQ(title.rfind(shown.substr(0, shown.size() - 3), 0), 0u) << shown;
  EXPECT_LE(bold_text_width(shown, fitted.font_px), fitted.room);
  // Cut between characters, never inside one.
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "\xc3\xa9";  // é, two bytes each
  const std::string cut = title_that_fits(accented, fitted);
  ASSERT_GT(cut.size(), 3u);
  EXPECT_EQ((cut.size() - 3) % 2, 0u) << cut;
  EXPECT_EQ(accented.rfind(cut.substr(0, cut.size() - 3), 0), 0u);
  const FigureLayout big = figure_layout(1600, 900, layer_legend(Layer::dominant));
  EXPECT_EQ(title_that_fits(title, fit_title(big, title)), title);
}

// A tall, narrow figure takes a font its width can hold, so that every
// layer's legend (its title too) fits inside the figure, not past its edge;
// a figure of the usual shape keeps the font set by its height.
TEST(SvgFigure, NarrowFiguresKeepTheLegendInside) {
  for (int i = 0; i < kLayerCount; ++i) {
    const Legend legend = layer_legend(layer_from_index(i));
    for (const auto& [w, h] : {std::pair{300, 1000}, std::pair{400, 400}, std::pair{1600, 900}}) {
      const FigureLayout layout = figure_layout(w, h, legend);
      EXPECT_LE(layout.legend.box.x + layout.legend.box.w, w)
          << layer_name(layer_from_index(i)) << " " << w << "x" << h;
      EXPECT_LE(layout.legend.box.y + layout.legend.box.h, h);
      EXPECT_GE(layout.font_px, kMinTitleFontPx);
    }
  }
  EXPECT_DOUBLE_EQ(figure_layout(1600, 900, layer_legend(Layer::dominant)).font_px, 18);
  EXPECT_LT(figure_layout(300, 1000, layer_legend(Layer::dominant)).font_px,
            figure_layout(1000, 1000, layer_legend(Layer::dominant)).font_px);
}

// Hovering a country in a browser tells its value, not only its name.
TEST(SvgFigure, CountriesTellTheirValueOnHover) {
  const auto& countries = fixture().model.countries;
  const auto at = std::find_if(countries.begin(), countries.end(), [](const MapCountry& c) { return c.iso3 == "USA"; });
  ASSERT_NE(at, countries.end());
  const CountryFrame& usa = fixture().run.trajectory.frames.back().countries[at - countries.begin()];
  const std::string share = svg_for(Layer::ai_user_share, "users");
  EXPECT_NE(share.find("<title>United States of America (USA): " + country_value_text(Layer::ai_user_share, usa, true) +
                       "</title>"),
            std::string::npos);
  EXPECT_NE(country_value_text(Layer::ai_user_share, usa, true).find("% of people use AI"), std::string::npos);
  EXPECT_NE(svg_for(Layer::tier, "tiers").find("(USA): export tier 1</title>"), std::string::npos);
  EXPECT_NE(svg_for(Layer::tier, "tiers").find("(ATA): uninhabited</title>"), std::string::npos);
  CountryFrame none;
  EXPECT_EQ(country_value_text(Layer::cn_share, none, true), "no AI users");
  CountryFrame some;
  some.displaced_worker_share = 0.0123;
  EXPECT_EQ(country_value_text(Layer::displacement, some, true), "1.2% of employment displaced");
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
