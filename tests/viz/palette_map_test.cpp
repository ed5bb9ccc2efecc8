// viz/sfml/palette_map: the window's map drawn through flat spans is the map
// a lookup of every pixel draws, after month and layer changes too, and no
// spans are cut while the view is moving. It needs an X display: CTest runs
// this program under xvfb-run.

#include "viz/sfml/palette_map.h"

#include <gtest/gtest.h>

#include <SFML/Graphics.hpp>
#include <cstdlib>
#include <set>
#include <string>

#include "viz/core/figure_layout.h"
#include "viz/sfml/gl_driver_pin.h"
#include "viz/core/layers.h"
#include "viz/sfml/map_drawable.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

class PaletteMapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display (CTest runs this test under xvfb-run)";
    if (!sf::Shader::isAvailable()) GTEST_SKIP() << "no shaders: PaletteMap then draws the triangles directly";
    ASSERT_TRUE(target_.create(kWidth, kHeight));
    pin_gl_driver_for_leak_checks();
    const MapTransform fit = fit_world(area_);
    view_.setCenter(0, 0);
    view_.setSize(static_cast<float>(area_.w / fit.scale), static_cast<float>(area_.h / fit.scale));
  }

  sf::Image draw(PaletteMap& map, bool view_moving = false) {
    target_.clear(kOutside);
    map.draw(target_, area_, view_, view_moving);
    target_.display();
    return target_.getTexture().copyToImage();
  }

  // Pixels inside the map area that differ; the colours seen there.
  int differing_pixels(const sf::Image& a, const sf::Image& b) const {
    int n = 0;
    for (unsigned y = kTop; y < kTop + kMapHeight; ++y)
      for (unsigned x = kLeft; x < kLeft + kMapWidth; ++x)
        if (a.getPixel(x, y) != b.getPixel(x, y) && n++ < 5) ADD_FAILURE() << "pixel " << x << "," << y << " differs";
    return n;
  }
  std::size_t colours_in_map(const sf::Image& image) const {
    std::set<sf::Uint32> seen;
    for (unsigned y = kTop; y < kTop + kMapHeight; ++y)
      for (unsigned x = kLeft; x < kLeft + kMapWidth; ++x) seen.insert(image.getPixel(x, y).toInteger());
    return seen.size();
  }

  // The map area is away from the target's corner: spans are drawn in
  // texture pixels and moved there.
  static constexpr unsigned kWidth = 640, kHeight = 360;
  static constexpr unsigned kLeft = 20, kTop = 10, kMapWidth = 600, kMapHeight = 330;
  const sf::Color kOutside = sf::Color::Magenta;
  Rect area_{kLeft, kTop, kMapWidth, kMapHeight};
  sf::RenderTexture target_;
  sf::View view_;
};

TEST_F(PaletteMapTest, FlatSpansDrawWhatTheFullLookupDrawsAfterColourChanges) {
  const viz_test::FixtureScene& s = viz_test::fixture_scene();
  const std::vector<MapFrame>& frames = s.run.trajectory.frames;
  ASSERT_GE(frames.size(), 2u);
  MapDrawable drawable(s.model);
  PaletteMap map(drawable);
  drawable.recolour(frames.front(), Layer::dominant);
  map.update_palette();
  draw(map);
  EXPECT_FALSE(map.drew_spans());  // the first frame after a view change looks every pixel up
  draw(map);
  ASSERT_TRUE(map.drew_spans());

  const Layer layers[] = {Layer::ai_user_share, Layer::cn_share, Layer::tier, Layer::dominant};
  for (int i = 0; i < 4; ++i) {
    const Layer layer = layers[i];
    const MapFrame& month = i % 2 == 0 ? frames.back() : frames.front();
    SCOPED_TRACE(std::string(layer_name(layer)) + " at " + month.month.str());
    // A month and layer change after the spans were cut: only the palette
    // and the flat spans' colours change.
    drawable.recolour(month, layer);
    map.update_palette();
    const sf::Image spans = draw(map);
    ASSERT_TRUE(map.drew_spans());
    map.invalidate();
    const sf::Image full = draw(map);
    ASSERT_FALSE(map.drew_spans());
    EXPECT_GT(colours_in_map(full), 10u);  // a map, not a blank
    EXPECT_EQ(differing_pixels(spans, full), 0);
    EXPECT_EQ(spans.getPixel(kLeft - 1, kTop + 1), kOutside);  // nothing drawn outside the area
    EXPECT_EQ(spans.getPixel(kLeft + kMapWidth, kTop + kMapHeight), kOutside);
    draw(map);  // cut the spans again for the next change
  }
}

TEST_F(PaletteMapTest, NoSpansAreCutWhileTheViewMoves) {
  MapDrawable drawable(viz_test::fixture_scene().model);
  PaletteMap map(drawable);
  draw(map);
  for (int i = 0; i < 3; ++i) {
    draw(map, /*view_moving=*/true);
    EXPECT_FALSE(map.drew_spans());
  }
  draw(map);
  EXPECT_TRUE(map.drew_spans());
}

}  // namespace
}  // namespace stackrace::viz
